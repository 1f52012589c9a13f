/**
 * The profile a run uses (`--profile`, else AWS_PROFILE, else `default`), checked against
 * the files before any client is built: a named profile the files lack would otherwise
 * surface as "no credentials" or "no Region", blaming what the user did give.
 */
import { ConfigError } from '../kernel/index.ts';
import { AwsConfigError } from './errors.ts';
import {
  type IniSection,
  profileNames,
  profileSettings,
  readSharedConfigFiles,
  type SharedConfigFiles,
} from './shared-config.ts';

export interface ResolvedProfile {
  name: string;
  /** What chose it; `default` when nothing did. */
  origin: '--profile' | 'AWS_PROFILE' | 'default';
  /** Its settings, empty when it is the implicit `default` and the files lack it. */
  settings: IniSection;
}

/** The shared files as a run read them, and the profile it uses from them. */
export interface RunProfile {
  files: SharedConfigFiles;
  profile: ResolvedProfile;
}

/**
 * The profile `flag` (else AWS_PROFILE, else `default`) names, in `files`: the files as the
 * run read them once (the CLI reads them for all its parts), else read now.
 */
export function readRunProfile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  files: SharedConfigFiles = readSharedConfigFiles(env),
): RunProfile {
  return { files, profile: resolveProfile(flag, env, files) };
}

/** At most this many profile names are listed in an error; more would bury the message. */
const LISTED_PROFILES = 8;

/** A profile named by `--profile` or AWS_PROFILE (or by a `source_profile`) is in neither file. */
export class ProfileNotFoundError extends ConfigError {
  readonly profile: string;
  constructor(message: string, profile: string, hint?: string) {
    super(message, { hint });
    this.name = 'ProfileNotFoundError';
    this.profile = profile;
  }
}

export function resolveProfile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  files: SharedConfigFiles,
): ResolvedProfile {
  const origin = flag !== undefined ? '--profile' : env.AWS_PROFILE ? 'AWS_PROFILE' : 'default';
  const name = flag ?? (env.AWS_PROFILE || 'default');
  const settings = profileSettings(files, name);
  if (!settings) {
    // No files and no profile named: credentials and Region come from the environment.
    if (origin === 'default') return { name, origin, settings: {} };
    throw new ProfileNotFoundError(
      `profile "${name}" is not in ${where(files)} (${whatIsThere(files)})`,
      name,
      origin === '--profile'
        ? `pass one of the profiles there to --profile, or add [profile ${name}] to ${files.configPath}`
        : `AWS_PROFILE names it: unset AWS_PROFILE or set it to one of the profiles there`,
    );
  }
  checkSourceProfiles(name, settings, files);
  return { name, origin, settings };
}

/** A profile along a `source_profile` chain: its settings, undefined when the files lack it. */
export interface ChainLink {
  name: string;
  settings: IniSection | undefined;
}

/**
 * The profiles along a profile's `source_profile` chain: itself, then each source in turn,
 * until one names none or names one already passed (a profile may name itself: a role assumed
 * with its own keys; a loop ends where it closes). A source the files lack is the last link.
 */
export function* roleChain(
  name: string,
  settings: IniSection,
  files: SharedConfigFiles,
): Generator<ChainLink> {
  const seen = new Set<string>();
  let link: ChainLink = { name, settings };
  for (;;) {
    yield link;
    seen.add(link.name);
    const source = link.settings?.source_profile;
    if (source === undefined || seen.has(source)) return;
    link = { name: source, settings: profileSettings(files, source) };
  }
}

/** Each `source_profile` along the chain must exist: the SDK would only say "no credentials". */
function checkSourceProfiles(name: string, settings: IniSection, files: SharedConfigFiles): void {
  let namedBy = name;
  for (const link of roleChain(name, settings, files)) {
    if (!link.settings) {
      throw new ProfileNotFoundError(
        `profile "${namedBy}" takes its credentials from source_profile "${link.name}", which is not in ` +
          `${where(files)} (${whatIsThere(files)})`,
        link.name,
        `add [profile ${link.name}] to ${files.configPath}, or point source_profile of "${namedBy}" at a profile there`,
      );
    }
    checkSsoSession(link.name, link.settings, files);
    namedBy = link.name;
  }
}

/** What an `[sso-session]` section must hold for the SDK to sign in with it. */
const SSO_SESSION_KEYS = ['sso_start_url', 'sso_region'] as const;

/**
 * A profile's `sso_session` must name a section of the config file that holds a start URL
 * and a Region: without the section the AWS SDK fails with a TypeError on `sso_region`,
 * reported as the failure of whatever AWS call came first, and without either setting it
 * says only that there is no valid login, which `aws sso login` cannot fix.
 */
function checkSsoSession(name: string, settings: IniSection, files: SharedConfigFiles): void {
  const session = settings.sso_session;
  if (session === undefined) return;
  const named = `${settingWhere('sso_session', name, files)} is "${session}"`;
  const section = files.ssoSessions.get(session);
  if (!section) {
    throw new AwsConfigError(
      `${named}, but there is no [sso-session ${session}] section in ${files.configPath}`,
      `add [sso-session ${session}] with sso_start_url and sso_region to ${files.configPath}, ` +
        `or run \`aws configure sso --profile ${name}\``,
    );
  }
  const lacking = SSO_SESSION_KEYS.filter((key) => section[key] === undefined);
  if (lacking.length > 0) {
    throw new AwsConfigError(
      `${named}, but [sso-session ${session}] in ${files.configPath} has no ${lacking.join(' and no ')}`,
      `add ${lacking.join(' and ')} to [sso-session ${session}] in ${files.configPath}, ` +
        'or run `aws configure sso-session` to write the section',
    );
  }
}

function where(files: SharedConfigFiles): string {
  return `${files.configPath} or ${files.credentialsPath}`;
}

function whatIsThere(files: SharedConfigFiles): string {
  const names = profileNames(files);
  if (names.length === 0) return files.filesRead === 0 ? 'neither file can be read' : 'they name no profiles';
  if (names.length > LISTED_PROFILES) {
    return `they name ${names.length} profiles; \`aws configure list-profiles\` lists them`;
  }
  return `profiles there: ${names.join(', ')}`;
}

/** The file a profile's setting was found in: the config file's wins, as the SDK reads them. */
export function settingFile(key: string, profile: string, files: SharedConfigFiles): string {
  return files.configProfiles.get(profile)?.[key] !== undefined ? files.configPath : files.credentialsPath;
}

/** Names where a profile's setting was found, for errors: `endpoint_url of profile "dev" in ~/.aws/config`. */
export function settingWhere(key: string, profile: string, files: SharedConfigFiles): string {
  return `${key} of profile "${profile}" in ${settingFile(key, profile, files)}`;
}
