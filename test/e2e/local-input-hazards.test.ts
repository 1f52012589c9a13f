/**
 * Local inputs as they are found on a machine, read by the real CLI: a log rotated (cut)
 * while it is read, a folder with one that cannot be listed, a socket among the files, file
 * names that hold line breaks, gzip with a byte appended and gzip of very repetitive text.
 * Whatever could not be read is named and fails the run at its end (exit 1) with the rest
 * read; whatever was read whole, oddities said, exits 0.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { ROOT } from '../support/live-cli.ts';

const BASE = join(ROOT, 'test', 'fixtures', 'local-inputs', 'two-invocations.log');
const BIN = join(ROOT, 'bin', 'lambdalens.mjs');
const SUMMARY =
  'lambdalens: 2 invocations (2 success) from 1 function, 0 cold starts, 2026-10-01T10:00:00.100Z → 2026-10-01T10:00:01.100Z\n';
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-hazards-'));

describe('a file cut while it is read (copytruncate log rotation)', () => {
  /** `count` invocations of one function, a second apart, as `sam logs` text. */
  function invocationsText(count: number): string {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = `${i.toString(16).padStart(8, '0')}-1111-4111-8111-111111111111`;
      const at = new Date(Date.UTC(2026, 9, 1) + i * 1000).toISOString();
      out.push(
        `START RequestId: ${id} Version: $LATEST\n${at}\t${id}\tINFO\tworking on it\nEND RequestId: ${id}\n` +
          `REPORT RequestId: ${id}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\n`,
      );
    }
    return out.join('');
  }

  it('is named, with how much of it was read, and fails the run', async () => {
    const log = join(dir, 'rotated.log');
    writeFileSync(log, invocationsText(50_000));
    const size = statSync(log).size;
    const child = spawn(process.execPath, [BIN, 'logs', log, '-o', 'ndjson'], {
      env: { PATH: process.env.PATH, HOME: '/nonexistent', TMPDIR: process.env.TMPDIR },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    // Output not taken stops the run where it is (its writes wait): the file is cut then.
    const first = await new Promise<Buffer>((resolve) => child.stdout.once('data', resolve));
    child.stdout.pause();
    await new Promise((r) => setTimeout(r, 500));
    truncateSync(log, 0);
    const chunks = [first];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const printed = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    expect(code).toBe(1);
    expect(printed.length).toBeGreaterThan(0);
    expect(printed.length).toBeLessThan(50_000);
    const said = stderr.split('\n');
    const cut = said[0]?.match(
      /^lambdalens: (.*): read only in part, its first ([\d,]+) events: shrank while it was read \(truncated or rotated\): read ([\d,]+) bytes of ([\d,]+)$/,
    );
    expect(cut?.[1]).toBe(log);
    expect(cut?.[4]).toBe(size.toLocaleString('en'));
    expect(Number(cut?.[3]?.replaceAll(',', ''))).toBeLessThan(size);
    // Events are lines: four an invocation, the last one's open ones shown as incomplete.
    expect(Number(cut?.[2]?.replaceAll(',', ''))).toBeGreaterThanOrEqual(4 * (printed.length - 1));
    expect(said.at(-2)).toBe('lambdalens: the input could be read only in part');
  }, 60_000);
});

describe('a folder holding one that cannot be listed', () => {
  // A folder its owner alone may list: root lists any, so the run is another user's then.
  const root = process.getuid?.() === 0;
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
  const asOther =
    root && runuser !== undefined && spawnSync(runuser, ['-u', 'nobody', '--', 'true']).status === 0;

  it.skipIf(root && !asOther)(
    'names it, reads the rest, and fails the run at its end (as root: run as nobody, which needs runuser)',
    () => {
      // The run's own temporary folder is its owner's alone: another user needs one it can enter.
      const top = mkdtempSync(join(root ? '/tmp' : dir, 'lambdalens-locked-'));
      const folder = join(top, 'logs');
      mkdirSync(join(folder, 'locked'), { recursive: true });
      writeFileSync(join(folder, 'api.log'), readFileSync(BASE));
      writeFileSync(join(folder, 'locked', 'worker.log'), readFileSync(BASE));
      chmodSync(top, 0o755);
      chmodSync(folder, 0o755);
      chmodSync(join(folder, 'api.log'), 0o644);
      chmodSync(join(folder, 'locked'), root ? 0o700 : 0o000);
      try {
        const args = [process.execPath, BIN, 'logs', folder, '-o', 'ndjson'];
        const run = root
          ? spawnSync(runuser as string, ['-u', 'nobody', '--', ...args], { encoding: 'utf8' })
          : spawnSync(args[0] as string, args.slice(1), { encoding: 'utf8' });
        expect(run.status).toBe(1);
        expect(run.stdout.trim().split('\n')).toHaveLength(2);
        expect(run.stderr).toBe(
          `lambdalens: ${join(folder, 'locked')}: folder cannot be listed (permission denied): the files in it were not read\n` +
            SUMMARY +
            'lambdalens: 1 of the 2 inputs could not be read whole (named above): the output lacks what it holds\n' +
            'hint: fix or leave out the input named above and run the same command again\n',
        );
      } finally {
        chmodSync(join(folder, 'locked'), 0o700);
        rmSync(top, { recursive: true, force: true });
      }
    },
  );
});

describe('a socket given as an input', () => {
  it('is named as a socket, the rest is read, and the run fails at its end', async () => {
    const socket = join(dir, 'app.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const run = runCli(['logs', socket, BASE, '-o', 'ndjson'], {});
      expect(run.code).toBe(1);
      expect(run.stdout.trim().split('\n')).toHaveLength(2);
      expect(run.stderr.split('\n').slice(0, 3)).toEqual([
        `lambdalens: ${socket}: is a socket, not a file or pipe`,
        SUMMARY.trimEnd(),
        'lambdalens: 1 of the 2 inputs could not be read whole (named above): the output lacks what it holds',
      ]);
    } finally {
      server.close();
    }
  });
});

describe('file names holding line breaks and control characters', () => {
  const named = (name: string, content: string | Buffer) => {
    const folder = mkdtempSync(join(dir, 'names-'));
    writeFileSync(join(folder, name), content);
    return join(folder, name);
  };

  it('are shown, never printed raw: no line a file name writes reads as lambdalens’s own', () => {
    const fake = 'x\nlambdalens: all inputs read\u001b[2K';
    const shown = 'x^Jlambdalens: all inputs read^[[2K';
    const log = named(`${fake}.log`, readFileSync(BASE));
    const text = runCli(['logs', log], {});
    expect(text.code).toBe(0);
    // The function is named after the file, in each block's header.
    const headers = text.stdout.split('\n').filter((l) => l.startsWith('2026-'));
    expect(headers.map((l) => l.split('  ')[1])).toEqual([shown, shown]);
    expect(text.stdout).not.toMatch(/^lambdalens/m);

    // In what stderr says of the input: a failure, and a run that found nothing in it.
    const empty = named(`${fake}.txt`, 'no lambda here\n');
    const nothing = runCli(['logs', empty], {});
    expect(nothing.code).toBe(1);
    const said = nothing.stderr.split('\n').filter(Boolean);
    expect(said).toEqual([
      `lambdalens: no Lambda invocations in ${empty.replace(fake, shown)}: 1 line read, none from a Lambda function's log`,
      expect.stringMatching(/^hint: /),
    ]);

    // And in what cost says of the function the name stands for.
    const cost = runCli(['cost', log], {});
    expect(cost.code).toBe(2);
    expect(cost.stderr.split('\n').filter(Boolean)).toEqual([
      `lambdalens: 2 invocation(s) could not be priced: function "${shown}": Region and architecture unknown: pass --region <region> and --arch x86_64|arm64 or set config keys functions["${shown}"].region and .architecture`,
    ]);
  });
});

describe('gzip', () => {
  it('with bytes after its end: every event read, the bytes named in a warning, exit 0', () => {
    const zipped = gzipSync(readFileSync(BASE));
    for (const [tail, bytes] of [
      ['x', '1 byte'],
      ['trailing junk\n', '14 bytes'],
    ] as const) {
      const path = gzipFile(`appended-${tail.length}.log.gz`, Buffer.concat([zipped, Buffer.from(tail)]));
      const run = runCli(['logs', path, '-o', 'ndjson'], {});
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split('\n')).toHaveLength(2);
      expect(run.stderr).toBe(
        `lambdalens: warning: ${path}: ${bytes} after the gzip data ignored (trailing garbage, as gzip calls it)\n${SUMMARY}`,
      );
    }
  });

  it('of very repetitive text, expanding more than a hundred times, is read whole', () => {
    // One invocation whose function logs one line 400,000 times: 31 MiB that gzip makes 138 KiB.
    const id = '0badc0de-1111-4111-8111-111111111111';
    const line = `2026-10-01T10:00:00.100Z\t${id}\tINFO\thealth check ok, all dependencies up\n`;
    const text =
      `START RequestId: ${id} Version: $LATEST\n${line.repeat(400_000)}END RequestId: ${id}\n` +
      `REPORT RequestId: ${id}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\n`;
    const zipped = gzipSync(text, { level: 9 });
    expect(text.length / zipped.length).toBeGreaterThan(100);
    const path = gzipFile('health.log.gz', zipped);
    const run = runCli(['logs', path, '-o', 'ndjson', '--max-lines', '10'], {});
    expect(run.code).toBe(0);
    const [invocation] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { requestId: string; status: string; droppedLines: number });
    expect(invocation).toMatchObject({ requestId: id, status: 'success', droppedLines: 400_003 - 10 });
    expect(run.stderr).toBe(
      'lambdalens: 399993 lines over --max-lines were counted but not kept\n' +
        'lambdalens: 1 invocation (1 success) from 1 function, 0 cold starts, 2026-10-01T10:00:00.100Z → 2026-10-01T10:00:00.100Z\n',
    );
  }, 60_000);

  function gzipFile(name: string, content: Buffer): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
