/**
 * Which AWS Region a run uses, and what chose it, the way the AWS CLI chooses: `--region`,
 * then AWS_REGION / AWS_DEFAULT_REGION, then the profile's. Kept apart from the clients'
 * configuration so that pricing local input can take the same Region without loading the
 * AWS SDK, and say where it came from.
 */
import type { Sourced } from './endpoints.ts';
import { AwsConfigError } from './errors.ts';
import { readRunProfile, settingWhere } from './profile.ts';
import type { SharedFilesOption } from './shared-config.ts';

/** What a Region name may hold: it becomes part of a host name (`lambda.us-east-1.amazonaws.com`). */
const REGION_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** `--region`, then AWS_REGION / AWS_DEFAULT_REGION, then the profile's, each checked. */
export function resolveRegion(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  fromProfile: string | undefined,
  profileSource: () => string,
): Sourced | undefined {
  const chosen: Sourced | undefined =
    flag !== undefined
      ? { value: flag, source: '--region' }
      : env.AWS_REGION
        ? { value: env.AWS_REGION, source: 'AWS_REGION' }
        : env.AWS_DEFAULT_REGION
          ? { value: env.AWS_DEFAULT_REGION, source: 'AWS_DEFAULT_REGION' }
          : fromProfile !== undefined
            ? { value: fromProfile, source: profileSource() }
            : undefined;
  if (chosen && !REGION_NAME.test(chosen.value)) {
    throw new AwsConfigError(
      `${chosen.source} is "${chosen.value}", which is not an AWS Region name: ` +
        "use lowercase letters, digits and '-', like us-east-1",
    );
  }
  return chosen;
}

/**
 * The Region the AWS commands would use, with what set it (`--region`, `AWS_REGION`, `region
 * of profile "dev" in ~/.aws/config`); undefined when nothing does.
 */
export function runRegion(
  options: SharedFilesOption & { region?: string | undefined; profile?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Sourced | undefined {
  // The files are looked at only when the flag and the environment leave the Region open.
  const decided = resolveRegion(options.region, env, undefined, () => '');
  if (decided) return decided;
  const { files, profile } = readRunProfile(options.profile, env, options.sharedFiles?.());
  return resolveRegion(undefined, env, profile.settings.region, () =>
    settingWhere('region', profile.name, files),
  );
}
