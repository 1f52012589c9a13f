/**
 * AWS flags shared by the commands that read AWS, named as in the AWS CLI: `--profile`,
 * `--region`, `--endpoint-url` (AWS_ENDPOINT_URL also works), plus the call budget.
 */
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { type Command, InvalidArgumentError } from 'commander';
import type { Sourced } from '../../collectors/aws/endpoints.ts';
import { ProfileNotFoundError } from '../../collectors/aws/profile.ts';
import { runRegion } from '../../collectors/aws/region.ts';
import type { AwsSessionOptions } from '../../collectors/aws/session.ts';
import { readSharedConfigFiles, type SharedConfigFiles } from '../../collectors/aws/shared-config.ts';
import { UsageError } from '../../collectors/kernel/index.ts';
import { registerAwsCredentials } from '../output/diagnostics.ts';
import { named } from './named.ts';

export interface AwsFlagValues {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  rate?: number;
}

/** Calls per second when `--rate` is not given: within FilterLogEvents' 5 TPS, which other tools share. */
const DEFAULT_RATE = 4;

/** An empty `--profile` names no profile: refused as it is read, never looked up in the files. */
export const profileName = named('a profile name');

/** `prices`: the command also prices with `--region` (see `pricingRegion`), and its help says so. */
export function addAwsFlags(cmd: Command, options: { prices?: boolean } = {}): Command {
  const region = options.prices
    ? 'AWS Region to read, and to price invocations whose logs and --config name none'
    : 'AWS Region';
  return (
    cmd
      .option('--region <region>', `${region} (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's)`)
      .option('--profile <name>', 'named profile from the AWS config files', profileName)
      .option('--endpoint-url <url>', 'AWS endpoint override (default: AWS_ENDPOINT_URL)')
      // No value unless given, so that local input, which makes no call, can refuse it (idle-flags.ts).
      .option(
        '--rate <n>',
        `AWS API calls per second for this process (default: ${DEFAULT_RATE})`,
        checkedRate,
      )
  );
}

/**
 * `--rate` is checked as it is read, whatever the command then reads, and kept as a number.
 */
function checkedRate(value: string): number {
  const rate = Number(value);
  if (!(Number.isFinite(rate) && rate > 0))
    throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return rate;
}

/** The shared AWS config files, as this run read them. */
let runFiles: SharedConfigFiles | undefined;

/**
 * The shared AWS config and credentials files, read and parsed once per run, when a part of
 * it first needs them: the pricing Region, the AWS clients and the credential chain (and its
 * explanations) all take the profile from the same reading.
 */
function sharedFiles(): SharedConfigFiles {
  runFiles ??= readSharedConfigFiles(process.env);
  return runFiles;
}

/** The provider of the run, for the profile and endpoint it was made for. */
let runProvider:
  | { profile: string | undefined; endpointUrl: string | undefined; provider: AwsCredentialIdentityProvider }
  | undefined;

/**
 * The AWS credentials of this run, shared by the AWS clients and the SigV4 signer of an
 * Amazon OpenSearch target: one chain, resolved once, its keys scrubbed from stderr, a
 * profile without credentials explained, whichever of them signs first. The chain (and the
 * SDK with it) is loaded when something first signs, so a run that signs nothing needs none.
 * `--endpoint-url` is where the chain asks STS for a profile's role, as the clients are sent there.
 */
export function runAwsCredentials(
  flags: Pick<AwsFlagValues, 'profile' | 'endpointUrl'>,
): AwsCredentialIdentityProvider {
  const { profile, endpointUrl } = flags;
  if (runProvider && runProvider.profile === profile && runProvider.endpointUrl === endpointUrl) {
    return runProvider.provider;
  }
  let chain: Promise<AwsCredentialIdentityProvider> | undefined;
  const provider: AwsCredentialIdentityProvider = async (properties) => {
    chain ??= import('../../collectors/aws/credentials.ts').then(({ profileCredentials }) =>
      // Keys the SDK resolves mid-run (SSO, a role, credential_process) are scrubbed like the rest.
      profileCredentials({ profile, endpointUrl, sharedFiles, onResolved: registerAwsCredentials }),
    );
    return (await chain)(properties);
  };
  runProvider = { profile, endpointUrl, provider };
  return provider;
}

export function awsSessionOptions(flags: AwsFlagValues, signal?: AbortSignal): AwsSessionOptions {
  const rate = flags.rate ?? DEFAULT_RATE;
  if (!(Number.isFinite(rate) && rate > 0))
    throw new UsageError(`--rate must be a positive number, not ${rate}`);
  return {
    region: flags.region,
    profile: flags.profile,
    endpointUrl: flags.endpointUrl,
    sharedFiles,
    ratePerSecond: rate,
    signal,
    credentials: runAwsCredentials(flags),
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

/**
 * The Region that prices invocations whose logs, `--config` and discovery name none: the one
 * the AWS commands would use (`--region`, AWS_REGION, AWS_DEFAULT_REGION, the profile's), so
 * local input is priced as the same Region's logs read from AWS would be.
 */
export function pricingRegion(flags: AwsFlagValues): Sourced | undefined {
  try {
    return runRegion({ region: flags.region, profile: flags.profile, sharedFiles });
  } catch (err) {
    // Local input needs no profile: one the files lack leaves the Region to the logs and
    // --config (an AWS read still names the missing profile when it builds its clients).
    if (err instanceof ProfileNotFoundError) return undefined;
    throw err;
  }
}

/**
 * What the run says when that Region was not given on the command line: a price taken from the
 * environment must be explainable from what the run printed.
 */
export function pricingRegionNote(region: Sourced | undefined): string | null {
  if (!region || region.source === '--region') return null;
  return `functions whose logs and --config name no Region are priced in ${region.value}, from ${region.source}`;
}
