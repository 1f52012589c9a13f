/**
 * An account ID read from a log must look like one (twelve digits) to be taken: the free
 * tier and the volume tiers are an account's, so one damaged digit in a function ARN made
 * its invocation an account of its own, with a free tier of its own. The damaged
 * invocation takes its stream's account instead, as a warm one does; `--config` refuses an
 * account ID of another shape.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-damaged-account-'));
const ACCOUNT = '825765399535';

/** The two invocations of a real JSON-format log (tenner-notifier), the second's function ARN as given. */
function logWithSecondArnAccount(account: string): string {
  const arn = (a: string) => `arn:aws:lambda:eu-central-1:${a}:function:tenner-notifier`;
  const path = join(dir, `tenner-notifier-${account}.log`);
  writeFileSync(
    path,
    [
      `{"time":"2026-10-08T07:30:28.235Z","type":"platform.start","record":{"requestId":"79b5e81f-9cdd-4145-b1f6-7c50ef8a2a36","functionArn":"${arn(ACCOUNT)}","version":"$LATEST"}}`,
      '{"time":"2026-10-08T07:30:29.470Z","type":"platform.report","record":{"requestId":"79b5e81f-9cdd-4145-b1f6-7c50ef8a2a36","metrics":{"durationMs":1233.96,"billedDurationMs":1698,"memorySizeMB":256,"maxMemoryUsedMB":123,"initDurationMs":463.512},"status":"success"}}',
      `{"time":"2026-10-08T07:30:41.076Z","type":"platform.start","record":{"requestId":"f0c9f58b-8ebe-4e84-a656-95eb6eee865a","functionArn":"${arn(account)}","version":"$LATEST"}}`,
      '{"time":"2026-10-08T07:30:42.149Z","type":"platform.report","record":{"requestId":"f0c9f58b-8ebe-4e84-a656-95eb6eee865a","metrics":{"durationMs":1072.145,"billedDurationMs":1073,"memorySizeMB":256,"maxMemoryUsedMB":125},"status":"success"}}',
      '',
    ].join('\n'),
  );
  return path;
}

function accountsOf(path: string, ...flags: string[]) {
  const run = runCli(['cost', path, '--arch', 'x86_64', '--free-tier', '-o', 'json', ...flags], {});
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as CostReport;
  return {
    // (The file's own row, its log bytes under the file's name, has no invocations.)
    rows: report.functions
      .filter((f) => f.invocations > 0)
      .map((f) => [f.functionName, f.accountId, f.invocations]),
    freeTierAccounts: [...new Set(report.adjustments.map((a) => a.accountId))],
  };
}

describe('an account ID read from a log', () => {
  it('is taken when it has twelve digits', () => {
    expect(accountsOf(logWithSecondArnAccount(ACCOUNT))).toEqual({
      rows: [['tenner-notifier', ACCOUNT, 2]],
      freeTierAccounts: [ACCOUNT],
    });
  });

  it.each([
    ['a letter for a digit', '82576539953S'],
    ['a digit too many', '8257653995350'],
    ['a digit short', '82576539953'],
  ])('is not taken with %s: the invocation counts in its stream’s account, one free tier', (_, damaged) => {
    expect(accountsOf(logWithSecondArnAccount(damaged))).toEqual({
      rows: [['tenner-notifier', ACCOUNT, 2]],
      freeTierAccounts: [ACCOUNT],
    });
  });

  it('in --config is refused unless it is twelve digits in a string (exit 2)', () => {
    const log = logWithSecondArnAccount(ACCOUNT);
    const refused = (value: unknown) => {
      const config = join(dir, `config-${String(value)}.json`);
      writeFileSync(config, JSON.stringify({ functions: { 'tenner-notifier': { accountId: value } } }));
      const run = runCli(['cost', log, '--arch', 'x86_64', '--config', config], {});
      return [run.code, run.stderr.split('\n')[0]];
    };
    expect(refused(825765399535)).toEqual([
      2,
      expect.stringContaining(
        'functions["tenner-notifier"].accountId is 825765399535; expected the 12 digits of an account ID in a string, such as "123456789012"',
      ),
    ]);
    expect(refused('82576539953')[0]).toBe(2);
    const config = join(dir, 'config-good.json');
    writeFileSync(
      config,
      JSON.stringify({ functions: { 'tenner-notifier': { accountId: '012345678901' } } }),
    );
    expect(runCli(['cost', log, '--arch', 'x86_64', '--config', config], {}).code).toBe(0);
  });
});
