import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distribution } from '../../shippers/dev-cluster/distributions.ts';
import { findJavaHome, javaMajor } from '../../shippers/dev-cluster/java.ts';
import {
  freePort,
  redactUrl,
  ServiceStartError,
  stopGroup,
  waitFor,
} from '../../shippers/dev-cluster/process.ts';
import { versionAtLeast } from '../services/moto.ts';

/** The service harness's own logic, checked without starting any service. */
describe('service harness', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harness-unit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the feature release of a JDK from its release file', async () => {
    const cases: [string, number][] = [
      ['JAVA_VERSION="25.0.3"', 25],
      ['JAVA_VERSION="21"', 21],
      ['JAVA_VERSION="17.0.15"', 17],
      ['JAVA_VERSION="1.8.0_292"', 8],
    ];
    for (const [index, [line, major]] of cases.entries()) {
      const home = join(dir, `jdk-${index}`);
      await mkdir(home);
      await writeFile(join(home, 'release'), `IMPLEMENTOR="x"\n${line}\n`);
      expect(javaMajor(home), line).toBe(major);
    }
    expect(javaMajor(join(dir, 'no-such-jdk'))).toBeNull();
  });

  it('takes a JDK only inside the range the distribution runs on', async () => {
    const jdk = async (name: string, version: string) => {
      const home = join(dir, name);
      await mkdir(join(home, 'bin'), { recursive: true });
      await writeFile(join(home, 'bin', 'java'), '');
      await writeFile(join(home, 'release'), `JAVA_VERSION="${version}"\n`);
      return home;
    };
    const jdk25 = await jdk('range-25', '25.0.1');
    const jdk17 = await jdk('range-17', '17.0.15');
    const os2 = distribution('opensearch', '2.19.6');
    const os3 = distribution('opensearch', '3.6.0');
    expect(os2.java).toEqual({ min: 11, max: 23 });
    expect(os3.java).toEqual({ min: 21 });
    expect(distribution('elasticsearch', '9.5.4').java).toEqual({ min: 21 });
    expect(findJavaHome(os2.java, 'OPENSEARCH_JAVA_HOME', { OPENSEARCH_JAVA_HOME: jdk17 })).toBe(jdk17);
    expect(() => findJavaHome(os2.java, 'OPENSEARCH_JAVA_HOME', { OPENSEARCH_JAVA_HOME: jdk25 })).toThrow(
      `OPENSEARCH_JAVA_HOME=${jdk25} is not a JDK 11 to 23 (found 25)`,
    );
    expect(() => findJavaHome(os3.java, 'OPENSEARCH_JAVA_HOME', { OPENSEARCH_JAVA_HOME: jdk17 })).toThrow(
      'is not a JDK 21+ (found 17)',
    );
  });

  it('compares moto versions numerically', () => {
    expect(versionAtLeast('5.2.2', '5.2.2')).toBe(true);
    expect(versionAtLeast('5.2.10', '5.2.2')).toBe(true);
    expect(versionAtLeast('5.2.1', '5.2.2')).toBe(false);
    expect(versionAtLeast('6.0', '5.2.2')).toBe(true);
    expect(versionAtLeast('4.9.99', '5.2.2')).toBe(false);
  });

  it('keeps credentials out of URLs it reports', () => {
    expect(redactUrl('https://elastic:s3cret@es.example:9243/')).toBe('https://***@es.example:9243');
    expect(redactUrl('http://127.0.0.1:9200')).toBe('http://127.0.0.1:9200');
    expect(redactUrl('not a url')).toBe('(unparseable URL)');
  });

  it('hands out distinct free ports', async () => {
    const ports = new Set([await freePort(), await freePort(), await freePort()]);
    for (const port of ports) expect(port).toBeGreaterThan(0);
    expect(ports.size).toBeGreaterThanOrEqual(2);
  });

  it('fails at once with the log tail when the service exits during start-up', async () => {
    const logPath = join(dir, 'crash.log');
    const fd = openSync(logPath, 'a');
    const child = spawn('sh', ['-c', 'echo "fatal: port taken"; exit 3'], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const started = Date.now();
    const error = await waitFor('crasher', async () => undefined, {
      timeoutMs: 20_000,
      intervalMs: 50,
      child,
      logPath,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as Error).message).toContain('crasher exited during start-up (code 3');
    expect((error as Error).message).toContain('fatal: port taken');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('times out with the last error when the probe never succeeds', async () => {
    const error = await waitFor(
      'never-ready',
      async () => {
        throw new Error('connection refused');
      },
      { timeoutMs: 200, intervalMs: 20 },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'never-ready did not become ready within 200 ms (last error: connection refused)',
    );
  });

  it('stops the whole process group, grandchildren included', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const child = spawn('sh', ['-c', `sleep 300 & echo $! > ${pidFile}; wait`], {
      detached: true,
      stdio: 'ignore',
    });
    const grandchild = await waitFor(
      'grandchild pid',
      async () => {
        const text = (await readFile(pidFile, 'utf8')).trim();
        return text ? Number(text) : undefined;
      },
      { timeoutMs: 5_000, intervalMs: 20 },
    );
    await stopGroup(child, 2_000);
    expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
    // Gone, or a zombie waiting for init to reap it: either way no longer running. A
    // survivor would sleep on for 300 s and fail this wait.
    const processState = () =>
      readFile(`/proc/${grandchild}/stat`, 'utf8').then(
        (stat) => stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3),
        () => 'gone',
      );
    const state = await waitFor(
      'grandchild to die',
      async () => {
        const current = await processState();
        return ['gone', 'Z', 'X'].includes(current) ? current : undefined;
      },
      { timeoutMs: 3_000, intervalMs: 20 },
    );
    expect(['gone', 'Z', 'X']).toContain(state);
  });
});
