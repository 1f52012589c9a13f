/**
 * `lambdalens tail` prices what it can and says why it cannot price the rest: the status bar
 * gives "priced N of M" with the commonest reason and its fix, the detail view the reason
 * in full, and the same input with the region given is priced to the cent's millionth.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { ROOT, tempDir } from './tail-fixtures.ts';
import { isDetail, openSession, type TmuxSession } from './tmux.ts';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

/**
 * Three invocations of a function whose logs name no region (no INIT_START, no log group),
 * in `<dir>/<name>.log`: named by the file when no --function-name is given.
 */
function regionlessLog(name = 'fn1', dir = tempDir(), first = 1): string {
  const file = join(dir, `${name}.log`);
  const lines: string[] = [];
  for (let i = first; i < first + 3; i++) {
    const id = `0000000${i}-1111-4111-8111-111111111111`;
    lines.push(
      `START RequestId: ${id} Version: $LATEST`,
      `END RequestId: ${id}`,
      `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

// No region from the environment or an AWS config file: only the logs or a flag may place it.
const NO_REGION = 'env -u AWS_REGION -u AWS_DEFAULT_REGION AWS_CONFIG_FILE=/dev/null';
const ended = (s: string) => s.includes('input ended');
/** List rows (the lines carry no time, so no clock to find them by: their request IDs). */
const rowsOf = (s: string) => s.split('\n').filter((l) => l.includes('-1111-4111-8111-'));

describe('lambdalens tail prices', () => {
  it('says how many invocations are priced and why the others are not, on the status bar and in the detail', async () => {
    const file = regionlessLog();
    session = openSession(
      `cat ${file} | ${NO_REGION} node bin/lambdalens.mjs tail --function-name fn1 -`,
      ROOT,
    );
    const tty = session;
    const screen = await tty.waitFor((s) => ended(s) && rowsOf(s).length === 3, 20_000);
    expect(screen).toContain('priced 0 of 3 (region unknown: --region)');
    expect(screen).toMatch(/cost -$/m);
    // a file or stdin has no CloudWatch throttling, sampling or log groups to report
    expect(screen).not.toMatch(/throttled|sampled|groups/);
    tty.keys('Enter');
    // A frame reaches tmux in pieces: wait for the cost section, not only the title.
    const detail = await tty.waitFor((s) => isDetail(s) && s.includes('not priced:'));
    // The header says it in two words; the cost section says why.
    expect(detail.split('\n')[1]).toMatch(/ {2}not priced$/);
    const reason = detail.split('\n').find((l) => l.includes('not priced:')) ?? '';
    expect(reason).toMatch(
      /^ not priced: region unknown \(the log group\/ARN did not say\): pass --region <region>/,
    );
    expect(reason).not.toContain('function "fn1"');
    expect(reason.match(/not priced/g)).toHaveLength(1);
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000)).toMatch(/^EXITED 0$/m);
  });

  it('prices every invocation once the region is given, and names the architecture it assumed', async () => {
    const file = regionlessLog();
    session = openSession(
      `cat ${file} | ${NO_REGION} node bin/lambdalens.mjs tail --function-name fn1 --region us-east-1 -`,
      ROOT,
    );
    const screen = await session.waitFor((s) => ended(s) && rowsOf(s).length === 3, 20_000);
    // 13 ms × 0.125 GB × $0.0000166667 + $0.20 per million requests, x86 in us-east-1
    for (const row of rowsOf(screen)) expect(row).toContain('$0.00000023');
    // Nothing said x86_64: the price rests on tail's default, and the status bar says so.
    expect(screen).toContain('priced 3 of 3 (x86_64 assumed) ·');
    expect(screen).not.toContain('region unknown');
    session.kill();

    // Given on the command line, nothing was assumed, and nothing is said.
    session = openSession(
      `cat ${file} | ${NO_REGION} node bin/lambdalens.mjs tail --function-name fn1 --region us-east-1 --arch x86_64 -`,
      ROOT,
    );
    const given = await session.waitFor((s) => ended(s) && rowsOf(s).length === 3, 20_000);
    for (const row of rowsOf(given)) expect(row).toContain('$0.00000023');
    expect(given).toContain('priced 3 of 3 ·');
    expect(given).not.toContain('assumed');
  });

  it('lays the status lines out for the width: every function’s cost when there is room, the total when there is not', async () => {
    const dir = tempDir();
    const names = ['checkout-eu', 'payments-eu', 'orders-eu', 'reports-eu', 'mailer-eu'];
    // 5, 4, 3, 2 and 1 invocations: the costs differ, so their order is known.
    names.forEach((name, f) => {
      const ids = Array.from({ length: 5 - f }, (_, i) => `${f}${i}000000-1111-4111-8111-111111111111`);
      const lines = ids.flatMap((id) => [
        `START RequestId: ${id} Version: $LATEST`,
        `END RequestId: ${id}`,
        `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t`,
      ]);
      writeFileSync(join(dir, `${name}.log`), `${lines.join('\n')}\n`);
    });
    session = openSession(
      `${NO_REGION} node bin/lambdalens.mjs tail --region us-east-1 ${names.map((n) => join(dir, `${n}.log`)).join(' ')}`,
      ROOT,
      { width: 240, height: 30 },
    );
    const tty = session;
    const bar = (s: string) => s.split('\n').find((l) => l.startsWith('shown ')) ?? '';
    const wide = await tty.waitFor((s) => ended(s) && bar(s).includes('shown 15 of 15'), 20_000);
    expect(bar(wide)).toBe(
      'shown 15 of 15 · dropped 0 · 15 invocations · 0 failed · priced 15 of 15 (x86_64 assumed) · cost $0.000003 ' +
        '(checkout-eu $0.000001  payments-eu $0.000001  orders-eu $0.000001  reports-eu <$0.000001  mailer-eu <$0.000001)',
    );
    tty.resize(160, 30);
    // A frame reaches tmux in pieces: wait for the line's end.
    const at160 = await tty.waitFor((s) => / more\)$/.test(bar(s)));
    // None dropped and none failed: those words go before a function's cost does.
    expect(bar(at160)).toBe(
      'shown 15 of 15 · 15 invocations · priced 15 of 15 (x86_64 assumed) · cost $0.000003 ' +
        '(checkout-eu $0.000001  payments-eu $0.000001  orders-eu $0.000001  +2 more)',
    );
    tty.resize(50, 30);
    const at50 = await tty.waitFor((s) => /^shown 15 of 15 · priced 15 of 15 · cost \$[\d.]+$/m.test(s));
    expect(bar(at50)).toBe('shown 15 of 15 · priced 15 of 15 · cost $0.000003');
    // The rate is of the last second: 15 ev/s on a machine that drew this within a second of reading.
    expect(at50).toMatch(/^\d+ ev\/s · 45 events · lag - · input ended$/m);
  });

  it('says an architecture is assumed only when a price shown rests on it, not when --config names every function’s', async () => {
    const dir = tempDir();
    regionlessLog('fn1', dir, 1);
    regionlessLog('fn2', dir, 4);
    const config = (functions: Record<string, { architecture: string }>) => {
      const path = join(tempDir(), 'functions.json');
      writeFileSync(path, JSON.stringify({ functions }));
      return path;
    };
    const tail = (configFile: string) =>
      `${NO_REGION} node bin/lambdalens.mjs tail --region us-east-1 --config ${configFile} ${dir}/fn1.log ${dir}/fn2.log`;
    const every = config({ fn1: { architecture: 'arm64' }, fn2: { architecture: 'x86_64' } });
    session = openSession(tail(every), ROOT);
    const named = await session.waitFor((s) => ended(s) && rowsOf(s).length === 6, 20_000);
    // arm64: 13 ms × 0.125 GB × $0.0000133334 + $0.20 per million requests; x86_64 as above.
    expect(rowsOf(named).map((r) => r.match(/\$0\.\d+/)?.[0])).toEqual([
      '$0.00000022',
      '$0.00000022',
      '$0.00000022',
      '$0.00000023',
      '$0.00000023',
      '$0.00000023',
    ]);
    expect(named).toContain('priced 6 of 6 ·');
    expect(named).not.toContain('assumed');
    session.kill();

    // One function left out of --config: its prices rest on the default, and the bar says so.
    session = openSession(tail(config({ fn1: { architecture: 'arm64' } })), ROOT);
    const partly = await session.waitFor((s) => ended(s) && rowsOf(s).length === 6, 20_000);
    expect(partly).toContain('priced 6 of 6 (x86_64 assumed) ·');
  });

  it('names both the Region from the environment and the assumed architecture', async () => {
    const file = regionlessLog();
    session = openSession(
      `cat ${file} | env -u AWS_DEFAULT_REGION AWS_CONFIG_FILE=/dev/null AWS_REGION=us-east-1 node bin/lambdalens.mjs tail --function-name fn1 -`,
      ROOT,
    );
    const screen = await session.waitFor((s) => ended(s) && rowsOf(s).length === 3, 20_000);
    expect(screen).toContain('priced 3 of 3 (Region us-east-1 from AWS_REGION, x86_64 assumed) ·');
  });

  it('says nothing of the Region from the environment when every price shown took the Region its logs name', async () => {
    const file = join(tempDir(), 'fn1.log');
    const arn =
      'arn:aws:lambda:eu-west-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    writeFileSync(
      file,
      `INIT_START Runtime Version: python:3.12.v40\tRuntime Version ARN: ${arn}\n${readFileSync(regionlessLog(), 'utf8')}`,
    );
    const tail = (env: string) =>
      `cat ${file} | env -u AWS_DEFAULT_REGION AWS_CONFIG_FILE=/dev/null ${env} node bin/lambdalens.mjs tail --function-name fn1 --arch x86_64 -`;
    session = openSession(tail('AWS_REGION=us-west-2'), ROOT);
    const screen = await session.waitFor((s) => ended(s) && rowsOf(s).length === 3, 20_000);
    // eu-west-1, x86_64: 13 ms × 0.125 GB × $0.0000166667 + $0.20 per million requests
    for (const row of rowsOf(screen)) expect(row).toContain('$0.00000023');
    expect(screen).toContain('priced 3 of 3 ·');
    expect(screen).not.toContain('AWS_REGION');
  });

  it('marks a REPORT figure no function can have as logs does: ⚠ in the row, the note in the detail', async () => {
    const file = join(tempDir(), 'fn1.log');
    const id = '00000009-1111-4111-8111-111111111111';
    writeFileSync(
      file,
      `${readFileSync(regionlessLog(), 'utf8')}START RequestId: ${id} Version: $LATEST\nEND RequestId: ${id}\n` +
        `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 0 MB\tMax Memory Used: 40 MB\t\n`,
    );
    session = openSession(
      `cat ${file} | ${NO_REGION} node bin/lambdalens.mjs tail --function-name fn1 --region us-east-1 --arch x86_64 -`,
      ROOT,
    );
    const tty = session;
    const screen = await tty.waitFor((s) => ended(s) && rowsOf(s).length === 4, 20_000);
    // Only the damaged row is marked, beside its duration (shown as read), and it is not priced.
    expect(rowsOf(screen).map((r) => (r.includes('⚠') ? r.match(/⚠ \S+/)?.[0] : null))).toEqual([
      null,
      null,
      null,
      '⚠ 12.50',
    ]);
    expect(screen).toContain('priced 3 of 4 (unbillable REPORT) ·');
    tty.keys('G', 'Enter');
    const detail = await tty.waitFor((s) => isDetail(s) && s.includes('not priced'));
    expect(detail.split('\n').filter((l) => l.includes('⚠'))).toEqual([
      " ⚠ REPORT Memory Size 0 is outside Lambda's 128–10240 MB: shown as read; cost leaves this invocation unpriced",
    ]);
  });

  it('each help page says what --arch defaults to: tail assumes and says so, cost and ship do not price', () => {
    const arch = (command: string) =>
      (
        runCli([command, '--help'], {})
          .stdout.replace(/\n {10,}/g, ' ')
          .match(/^ {2}--arch .*$/m)?.[0] ?? ''
      )
        .replace(/\s+/g, ' ')
        .trim();
    expect(arch('tail')).toBe(
      '--arch <arch> architecture of functions --config does not name: x86_64 or arm64 (default: x86_64, assumed, and the status bar says so)',
    );
    expect(arch('cost')).toBe(
      '--arch <arch> architecture of functions that --config and AWS do not name: x86_64 or arm64 (default: none: such functions are not priced, and the report says so)',
    );
    expect(arch('ship')).toBe(
      '--arch <arch> architecture of functions --config does not name: x86_64 or arm64 (default: none: their documents carry no cost)',
    );
  });

  it('prices in the Region of the environment when the logs name none, and says where it came from', async () => {
    const file = regionlessLog();
    session = openSession(
      `cat ${file} | env -u AWS_DEFAULT_REGION AWS_CONFIG_FILE=/dev/null AWS_REGION=us-east-1 node bin/lambdalens.mjs tail --function-name fn1 --arch x86_64 -`,
      ROOT,
    );
    const screen = await session.waitFor((s) => ended(s) && rowsOf(s).length === 3, 20_000);
    for (const row of rowsOf(screen)) expect(row).toContain('$0.00000023');
    expect(screen).toContain('priced 3 of 3 (Region us-east-1 from AWS_REGION) ·');
  });
});
