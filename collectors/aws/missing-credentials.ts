/**
 * Why a profile that is in the files gave no credentials, in words. The SDK says only "Could
 * not load credentials from any providers", and the generic advice (set AWS_PROFILE or pass
 * --profile) blames what the user already did; the settings say what is missing: keys, a
 * way to assume the role, or an IAM Identity Center login. Only setting names, profile
 * names and paths are said, never a value, so no secret can reach the message.
 */
import type { CredentialsExplanation } from './errors.ts';
import { type ResolvedProfile, roleChain, settingFile } from './profile.ts';
import type { IniSection, SharedConfigFiles } from './shared-config.ts';

/** What chose the profile, as said after its name. */
const CHOSEN_BY: Record<ResolvedProfile['origin'], string> = {
  '--profile': 'named by --profile',
  AWS_PROFILE: 'named by AWS_PROFILE',
  default: 'the default profile, as neither --profile nor AWS_PROFILE names one',
};

/** A profile's shortcoming: a clause that follows "it" or "which", and what to do about it. */
interface Shortcoming {
  clause: string;
  hint: string;
}

/**
 * The explanation for a run whose profile gave no credentials; undefined when the files lack
 * that profile (the implicit `default`), where the generic advice is the right one.
 * `sdkMessage` is said only where the settings cannot tell what went wrong.
 */
export function explainMissingCredentials(
  profile: ResolvedProfile,
  files: SharedConfigFiles,
  sdkMessage: string,
  processSaid?: string,
): CredentialsExplanation | undefined {
  const found = filesHolding(profile.name, files);
  if (found.length === 0) return undefined;
  const { clause, hint } = shortcoming(profile, files, sdkMessage, processSaid);
  return {
    message:
      `No AWS credentials from profile "${profile.name}" (${CHOSEN_BY[profile.origin]}; ` +
      `it is in ${found.join(' and ')}): it ${clause}`,
    hint,
  };
}

/**
 * The environment's keys when only one of the pair is set: the SDK passes over the
 * environment then, and "no credentials found, export AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY" reads as wrong to whoever just exported one of them. Only names are
 * said, never a value. The environment is read only when no profile is named (as the SDK
 * does): undefined otherwise, or when both or neither are set.
 */
export function explainHalfKey(
  profile: ResolvedProfile,
  env: NodeJS.ProcessEnv,
): CredentialsExplanation | undefined {
  if (profile.origin !== 'default') return undefined;
  const key = Boolean(env.AWS_ACCESS_KEY_ID);
  if (key === Boolean(env.AWS_SECRET_ACCESS_KEY)) return undefined;
  const [has, lacks] = key
    ? ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']
    : ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'];
  return {
    message: `No AWS credentials: ${has} is set in the environment but ${lacks} is not, and the AWS SDK uses the two together`,
    hint: `export ${lacks} as well, or unset ${has} to take credentials from a profile`,
  };
}

function filesHolding(name: string, files: SharedConfigFiles): string[] {
  const found: string[] = [];
  if (files.configProfiles.has(name)) found.push(files.configPath);
  if (files.credentialsProfiles.has(name)) found.push(files.credentialsPath);
  return found;
}

/** A link of `roleChain` that the files hold. */
interface SettledLink {
  name: string;
  settings: IniSection;
}

/**
 * The profiles the SDK takes the run's credentials through: each but the last assumes its
 * role_arn with the credentials of the next, its source_profile; the last gives them itself.
 */
function credentialPath(profile: ResolvedProfile, files: SharedConfigFiles): SettledLink[] {
  const path: SettledLink[] = [];
  for (const { name, settings } of roleChain(profile.name, profile.settings, files)) {
    // A missing source_profile is refused before any client exists (profile.ts).
    if (!settings) break;
    path.push({ name, settings });
    if (settings.role_arn === undefined) break;
  }
  return path;
}

/** What the profile the credentials come from lacks, said through the roles assumed on the way. */
function shortcoming(
  profile: ResolvedProfile,
  files: SharedConfigFiles,
  sdkMessage: string,
  processSaid: string | undefined,
): Shortcoming {
  const path = credentialPath(profile, files);
  const last = path.at(-1)!;
  return path.slice(1).reduceRight(
    (inner, source) => ({
      clause: `assumes its role_arn with the credentials of source_profile "${source.name}", which ${inner.clause}`,
      hint: inner.hint,
    }),
    ownShortcoming(last.name, last.settings, files, sdkMessage, processSaid),
  );
}

/** In the order the SDK tries them: a role to assume, an SSO login, a process, then keys. */
function ownShortcoming(
  name: string,
  settings: IniSection,
  files: SharedConfigFiles,
  sdkMessage: string,
  processSaid: string | undefined,
): Shortcoming {
  const source = settings.source_profile;
  if (settings.role_arn !== undefined && source === undefined) {
    if (settings.credential_source !== undefined) {
      return {
        clause: `assumes its role_arn with credential_source ${settings.credential_source}, which gave none${sdkSaid(sdkMessage)}`,
        hint: 'credential_source reads the environment or the instance or container metadata: check that they hold credentials here',
      };
    }
    return {
      clause: 'has role_arn but neither source_profile nor credential_source, so nothing can assume the role',
      hint: `add source_profile = <a profile with keys> to [${sectionName(name)}] in ${files.configPath}`,
    };
  }
  const sso = settings.sso_session ?? settings.sso_start_url;
  if (sso !== undefined) {
    const by = settings.sso_session !== undefined ? `sso_session "${sso}"` : `sso_start_url ${sso}`;
    return {
      clause: `signs in with IAM Identity Center (${by}), and has no valid login`,
      hint: `run \`aws sso login --profile ${name}\`, then try again`,
    };
  }
  if (settings.credential_process !== undefined) {
    if (processSaid !== undefined) {
      return {
        clause: `runs credential_process, which gave none: it ${processSaid}`,
        hint: `fix the credential_process of [${sectionName(name)}] in ${settingFile('credential_process', name, files)}, or run it yourself to see more`,
      };
    }
    return {
      clause: `runs credential_process, which gave none${sdkSaid(sdkMessage)}`,
      hint: 'run the credential_process command yourself to see why',
    };
  }
  const hasKey = settings.aws_access_key_id !== undefined;
  const hasSecret = settings.aws_secret_access_key !== undefined;
  if (hasKey !== hasSecret) {
    const [has, lacks] = hasKey
      ? ['aws_access_key_id', 'aws_secret_access_key']
      : ['aws_secret_access_key', 'aws_access_key_id'];
    return {
      clause: `has ${has} but no ${lacks}`,
      hint: `add ${lacks} to [${name}] in ${files.credentialsPath}, or run \`aws configure --profile ${name}\``,
    };
  }
  if (hasKey) {
    return {
      clause: `has keys the AWS SDK could not use${sdkSaid(sdkMessage)}`,
      hint: `check [${name}] in ${files.credentialsPath}`,
    };
  }
  return {
    clause:
      'has no keys (aws_access_key_id, aws_secret_access_key), no role_arn, no sso_session and no credential_process',
    hint:
      `\`aws configure --profile ${name}\` adds keys to it, \`aws configure sso --profile ${name}\` ` +
      'an IAM Identity Center login',
  };
}

/**
 * The credential_process the run's credentials come from, found along the same path as
 * `shortcoming` takes (through role_arn's source_profile, stopping at an SSO login), so the
 * command run to explain a failure is the one the SDK ran.
 */
export function credentialProcessOf(profile: ResolvedProfile, files: SharedConfigFiles): string | undefined {
  if (filesHolding(profile.name, files).length === 0) return undefined;
  const { settings } = credentialPath(profile, files).at(-1)!;
  if (settings.role_arn !== undefined && settings.source_profile === undefined) return undefined;
  if ((settings.sso_session ?? settings.sso_start_url) !== undefined) return undefined;
  return settings.credential_process;
}

/** How the config file names a profile's section. */
function sectionName(name: string): string {
  return name === 'default' ? 'default' : `profile ${name}`;
}

/**
 * The SDK's reason, when it gave one: after trying every link its chain often says only
 * "Could not load credentials from any providers", which adds nothing. Only the first line:
 * a failed process's error quotes its stderr after it.
 */
function sdkSaid(message: string): string {
  const first = message.split('\n')[0]!.trim();
  return first === '' || /could not load credentials from any providers/i.test(first)
    ? ''
    : ` (the AWS SDK said: ${first})`;
}
