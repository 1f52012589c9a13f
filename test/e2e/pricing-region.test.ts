/**
 * Local input whose logs and --config name no Region is priced in the Region the AWS
 * commands would use (--region, AWS_REGION, AWS_DEFAULT_REGION, the profile's), and the run
 * says where that Region came from, so the number can be explained: `cost` and `ship` alike.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-pricing-region-'));

/** One invocation of fn1, 13 ms billed at 128 MB, whose logs name no Region. */
const log = join(dir, 'fn1.log');
const id = '00000001-1111-4111-8111-111111111111';
writeFileSync(
  log,
  [
    `START RequestId: ${id} Version: $LATEST`,
    `END RequestId: ${id}`,
    `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t`,
    '',
  ].join('\n'),
);

function costIn(env: NodeJS.ProcessEnv, ...flags: string[]) {
  const run = runCli(['cost', log, '--arch', 'x86_64', '-o', 'json', ...flags], env);
  const report = run.code === 0 ? (JSON.parse(run.stdout) as CostReport) : null;
  return { ...run, regions: report?.functions.map((f) => f.region) };
}

const NOTE = (region: string, from: string) =>
  `lambdalens: note: functions whose logs and --config name no Region are priced in ${region}, from ${from}\n`;

describe('the Region of local input', () => {
  it('cost takes AWS_REGION, then AWS_DEFAULT_REGION, and says so', () => {
    const env = costIn({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-south-1' });
    expect([env.code, env.regions, env.stderr]).toEqual([0, ['eu-west-1'], NOTE('eu-west-1', 'AWS_REGION')]);
    const legacy = costIn({ AWS_DEFAULT_REGION: 'eu-south-1' });
    expect([legacy.code, legacy.regions, legacy.stderr]).toEqual([
      0,
      ['eu-south-1'],
      NOTE('eu-south-1', 'AWS_DEFAULT_REGION'),
    ]);
  });

  it("cost takes the profile's Region, naming the profile and the file", () => {
    const config = join(dir, 'config');
    writeFileSync(config, '[profile dev]\nregion = eu-west-1\n');
    const run = costIn({ AWS_CONFIG_FILE: config, AWS_PROFILE: 'dev' });
    expect([run.code, run.regions, run.stderr]).toEqual([
      0,
      ['eu-west-1'],
      NOTE('eu-west-1', `region of profile "dev" in ${config}`),
    ]);
  });

  it('--region wins over the environment and needs no note', () => {
    const run = costIn({ AWS_REGION: 'eu-west-1' }, '--region', 'eu-south-1');
    expect([run.code, run.regions, run.stderr]).toEqual([0, ['eu-south-1'], '']);
  });

  it('ship prices in the Region of the environment, and says so', () => {
    const run = runCli(['ship', log, '--to', '-', '--arch', 'x86_64'], { AWS_REGION: 'us-east-1' });
    expect(run.code).toBe(0);
    const invocation = run.stdout
      .split('\n')
      .filter((l) => l.includes('"doc":"invocation"'))
      .map((l) => JSON.parse(l) as { _source: { lambdalens: { cost?: { total_usd: number } } } });
    // 13 ms × 0.125 GB × $0.0000166667 + $0.20 per million requests, x86 in us-east-1
    expect(invocation.map((d) => d._source.lambdalens.cost?.total_usd)).toEqual([
      0.013 * 0.125 * 0.0000166667 + 2e-7,
    ]);
    expect(run.stderr.split('\n')[0]).toBe(NOTE('us-east-1', 'AWS_REGION').trimEnd());
  });

  it('takes the Region a runtime ARN names, and none from a damaged one', () => {
    const withArn = (region: string) => {
      const file = join(mkdtempSync(join(dir, 'arn-')), 'fn1.log');
      const rid = '00000002-1111-4111-8111-111111111111';
      writeFileSync(
        file,
        [
          `INIT_START Runtime Version: python:3.12.v9\tRuntime Version ARN: arn:aws:lambda:${region}::runtime:8cddc899`,
          `START RequestId: ${rid} Version: $LATEST`,
          `END RequestId: ${rid}`,
          `REPORT RequestId: ${rid}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 100.00 ms\t`,
          '',
        ].join('\n'),
      );
      const cost = runCli(['cost', file, '--arch', 'x86_64', '-o', 'json', '--region', 'eu-south-1'], {});
      const logs = runCli(['logs', file, '--output', 'ndjson'], {});
      const report = cost.code === 0 ? (JSON.parse(cost.stdout) as CostReport) : null;
      const invocation = JSON.parse(logs.stdout) as { region: string | null };
      return [cost.code, report?.functions.map((f) => f.region), report?.coverage.priced, invocation.region];
    };
    // The logs' Region wins over --region.
    expect(withArn('eu-west-1')).toEqual([0, ['eu-west-1'], 1, 'eu-west-1']);
    // A damaged line's was taken as the Region, and the run stopped, exit 2, asking for its prices.
    expect(withArn('eu-NaNwest-1')).toEqual([0, ['eu-south-1'], 1, null]);
  });
});
