/**
 * AWS flags shared by the commands that read AWS, named as in the AWS CLI: `--profile`,
 * `--region`, `--endpoint-url` (AWS_ENDPOINT_URL also works), plus the call budget.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { AwsSessionOptions } from '../../collectors/aws/session.ts';
import { UsageError } from '../../collectors/kernel/index.ts';
import { registerAwsCredentials } from '../output/diagnostics.ts';

export interface AwsFlagValues {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  rate?: string;
}

export function addAwsFlags(cmd: Command): Command {
  return cmd
    .option('--region <region>', 'AWS Region (default: AWS_REGION or the profile)')
    .option('--profile <name>', 'named profile from the AWS config files')
    .option('--endpoint-url <url>', 'AWS endpoint override (default: AWS_ENDPOINT_URL)')
    .option('--rate <n>', 'AWS API calls per second for this process', checkedRate, '4');
}

/** `--rate` is checked as it is read, whatever the command then reads (a file takes no calls). */
function checkedRate(value: string): string {
  const rate = Number(value);
  if (!(Number.isFinite(rate) && rate > 0))
    throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return value;
}

export function awsSessionOptions(flags: AwsFlagValues, signal?: AbortSignal): AwsSessionOptions {
  const rate = Number(flags.rate ?? '4');
  if (!(Number.isFinite(rate) && rate > 0))
    throw new UsageError(`--rate must be a positive number, not "${flags.rate}"`);
  return {
    region: flags.region,
    profile: flags.profile,
    endpointUrl: flags.endpointUrl,
    ratePerSecond: rate,
    signal,
    // Keys the SDK resolves mid-run (SSO, a role, credential_process) are scrubbed like the rest.
    onCredentials: registerAwsCredentials,
  };
}

/** `team=payments` pairs from repeated `--tag`. */
export function parseTags(values: string[]): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const tags: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i <= 0) throw new UsageError(`--tag must look like key=value, not "${v}"`);
    tags[v.slice(0, i)] = v.slice(i + 1);
  }
  return tags;
}
