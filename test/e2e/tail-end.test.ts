/**
 * How `lambdalens tail` ends, on a real terminal and piped: the summary `logs` prints, a
 * run built from nothing as a failure (exit 1, named), a quit as an answer (exit 0), and a
 * source that failed while the screen was up said in full once the screen is gone.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isList, openSession, type TmuxSession } from './tmux.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = 'test/fixtures/tail/invocations.ndjson';
const SUMMARY =
  'lambdalens: 8 invocations (4 success, 2 timeout, 1 oom, 1 crash) from 4 functions, 6 cold starts';

let session: TmuxSession | null = null;
let dir: string;
let notLambda: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambdalens-tail-end-'));
  notLambda = join(dir, 'notes.log');
  writeFileSync(notLambda, 'hello world\n');
});

afterEach(() => {
  session?.kill();
  session = null;
});

function start(args: string, env: Record<string, string> = {}): TmuxSession {
  session = openSession(`node bin/lambdalens.mjs tail --region us-east-1 ${args}`, ROOT, { env });
  return session;
}

const exited = (s: string) => /EXITED \d+/.test(s);

describe('tail on a terminal, once the screen is gone', () => {
  it('prints the summary logs prints and exits 0 when quit after its input ended', async () => {
    const tty = start(FIXTURE);
    await tty.waitFor((s) => s.includes('input ended'));
    tty.keys('q');
    const after = await tty.waitFor(exited);
    expect(after).toContain(SUMMARY);
    expect(after).toContain('EXITED 0');
  });

  it('names a --config key it does not know above the screen, where it stays once quit', async () => {
    const config = join(dir, 'typo.json');
    writeFileSync(config, JSON.stringify({ functions: { checkout: { memorySizeMb: 512 } } }));
    const tty = start(`--config ${config} ${FIXTURE}`);
    await tty.waitFor((s) => s.includes('input ended'));
    tty.keys('q');
    const after = await tty.waitFor(exited);
    expect(after.replace(/\n/g, '')).toContain(
      `lambdalens: warning: ${config}: functions["checkout"] has an unknown key "memorySizeMb" (did you mean memorySizeMB?): ignored`,
    );
    expect(after).toContain('EXITED 0');
  });

  it('exits 0 with what it saw when quit before its input ended', async () => {
    // Paced by the fixture's own times: the screen is quit long before the last line is due.
    const tty = start(`--replay 0.001 ${FIXTURE}`);
    await tty.waitFor((s) => isList(s) && s.includes(' 1 events'));
    tty.keys('q');
    const after = await tty.waitFor(exited);
    // Nothing but an init phase read yet: an answer, not a failure.
    expect(after).toContain('lambdalens: 0 invocations, 0 cold starts');
    expect(after).toContain('EXITED 0');
  });

  it('fails, naming the input, when its input held no Lambda invocation', async () => {
    const tty = start(notLambda);
    await tty.waitFor((s) => s.includes('input ended'));
    tty.keys('q');
    const after = await tty.waitFor(exited);
    expect(after).toContain(`lambdalens: no Lambda invocations in ${notLambda}: 1 line read`);
    expect(after).toContain('EXITED 1');
  });

  describe('a source that fails while the screen is up', () => {
    // AWS refusing access: moto allows everything, so a server on loopback answers as AWS
    // does for an identity without logs:FilterLogEvents (the function's configuration is read).
    let aws: Server;
    let endpoint = '';
    beforeAll(async () => {
      aws = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          if (req.url?.startsWith('/2015-03-31/functions/')) {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({
                FunctionName: 'fn',
                FunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:fn',
                MemorySize: 128,
                Architectures: ['x86_64'],
                LoggingConfig: { LogGroup: '/aws/lambda/fn', LogFormat: 'Text' },
              }),
            );
            return;
          }
          res.writeHead(400, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-errortype': 'AccessDeniedException',
          });
          res.end(
            JSON.stringify({
              __type: 'AccessDeniedException',
              message:
                'User: arn:aws:iam::111122223333:user/dev is not authorized to perform: logs:FilterLogEvents',
            }),
          );
        });
      });
      aws.listen(0, '127.0.0.1');
      await once(aws, 'listening');
      endpoint = `http://127.0.0.1:${(aws.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      aws.closeAllConnections?.();
      aws.close();
    });

    it('says it in full and exits 1 once the screen is quit', async () => {
      const tty = start('--function fn --since 5m', {
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: 'us-east-1',
      });
      // A frame reaches tmux in pieces: wait for the line's end.
      const failed = await tty.waitFor((s) => /input failed: Access denied.*…$/m.test(s));
      // The status bar gives it what room the line has, the rate and the failure kept and the
      // rest given way; cut short where it does not fit.
      const bar = failed.split('\n').find((l) => l.includes('input failed:')) ?? '';
      expect(bar).toMatch(
        /^0 ev\/s · input failed: Access denied: your AWS identity is not allowed logs:FilterLogEvents on \/aws\/lambda\/fn\. Add "logs:FilterLogEvents" to its IAM policy\..*…$/,
      );
      expect(bar.length).toBe(160);
      tty.keys('q');
      const after = await tty.waitFor(exited);
      expect(after.replace(/\n/g, '')).toContain(
        'Access denied: your AWS identity is not allowed logs:FilterLogEvents on /aws/lambda/fn. Add "logs:FilterLogEvents" to its IAM policy.',
      );
      expect(after).toContain('EXITED 1');
    });
  });
});

describe('tail piped', () => {
  const tail = (input: string) =>
    spawnSync(process.execPath, ['bin/lambdalens.mjs', 'tail', input], { cwd: ROOT, encoding: 'utf8' });

  it('ends with the summary logs prints', () => {
    const run = tail(FIXTURE);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(SUMMARY);
  });

  it('fails, naming the input, when it held no Lambda invocation', () => {
    const run = tail(notLambda);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`lambdalens: no Lambda invocations in ${notLambda}: 1 line read`);
  });
});
