/**
 * The AWS shared `config` and `credentials` files, read the way the AWS CLI and SDKs read
 * them (same paths, same sections, nested blocks), so lambdalens can tell which profile is
 * missing and where it looked, and take a profile's Region and endpoint itself: the SDK
 * reads `endpoint_url` only from AWS_PROFILE's profile, never from the profile a client is
 * given. Read synchronously: the files are small and read once, before any client exists.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** One section's settings; a nested block (`lambda =` then `  endpoint_url = …`) is `lambda.endpoint_url`. */
export type IniSection = Record<string, string>;

export interface SharedConfigFiles {
  configPath: string;
  credentialsPath: string;
  /** Profiles of the config file (`[default]`, `[profile name]`), by name. */
  configProfiles: Map<string, IniSection>;
  /** Profiles of the credentials file (`[name]`), by name. */
  credentialsProfiles: Map<string, IniSection>;
  /** `[services name]` sections of the config file, by name. */
  services: Map<string, IniSection>;
  /** `[sso-session name]` sections of the config file, by name. */
  ssoSessions: Map<string, IniSection>;
  /** How many of the two files could be read at all. */
  filesRead: number;
}

/**
 * For a caller that reads the files once for its whole run (the CLI: its AWS clients, its
 * credentials and its pricing Region): the files as read then. Without it they are read anew.
 */
export interface SharedFilesOption {
  sharedFiles?: (() => SharedConfigFiles) | undefined;
}

/** Where the files are: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else under ~/.aws. */
export function sharedConfigPaths(env: NodeJS.ProcessEnv): { configPath: string; credentialsPath: string } {
  const home = env.HOME || env.USERPROFILE || homedir();
  const expand = (path: string) => (path.startsWith('~/') ? join(home, path.slice(2)) : path);
  return {
    configPath: expand(env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
    credentialsPath: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
  };
}

export function readSharedConfigFiles(env: NodeJS.ProcessEnv): SharedConfigFiles {
  const { configPath, credentialsPath } = sharedConfigPaths(env);
  const configText = readIfPresent(configPath);
  const credentialsText = readIfPresent(credentialsPath);
  const configProfiles = new Map<string, IniSection>();
  const services = new Map<string, IniSection>();
  const ssoSessions = new Map<string, IniSection>();
  for (const [name, section] of parseIni(configText ?? '')) {
    // As the SDKs do: `[default]` and `[profile x]` are profiles; a bare `[x]` is not.
    const profile = name === 'default' ? 'default' : /^profile\s+(\S+)$/.exec(name)?.[1];
    const servicesName = /^services\s+(\S+)$/.exec(name)?.[1];
    const ssoSession = /^sso-session\s+(\S+)$/.exec(name)?.[1];
    if (profile) configProfiles.set(profile, { ...configProfiles.get(profile), ...section });
    else if (servicesName) services.set(servicesName, section);
    else if (ssoSession) ssoSessions.set(ssoSession, section);
  }
  return {
    configPath,
    credentialsPath,
    configProfiles,
    credentialsProfiles: parseIni(credentialsText ?? ''),
    services,
    ssoSessions,
    filesRead: Number(configText !== undefined) + Number(credentialsText !== undefined),
  };
}

/** Every profile name the two files define, sorted. */
export function profileNames(files: SharedConfigFiles): string[] {
  return [...new Set([...files.configProfiles.keys(), ...files.credentialsProfiles.keys()])].sort();
}

/** A profile's settings, the config file's over the credentials file's; undefined when neither has it. */
export function profileSettings(files: SharedConfigFiles, name: string): IniSection | undefined {
  const fromConfig = files.configProfiles.get(name);
  const fromCredentials = files.credentialsProfiles.get(name);
  if (!fromConfig && !fromCredentials) return undefined;
  return { ...fromCredentials, ...fromConfig };
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // A missing or unreadable file holds no profiles, as for the SDK; the error names the path.
    return undefined;
  }
}

/**
 * The INI dialect of the AWS files: `#`/`;` comments, `key = value`, and a key with no value
 * opening a block of indented `key = value` lines beneath it.
 */
export function parseIni(text: string): Map<string, IniSection> {
  const sections = new Map<string, IniSection>();
  let section: IniSection | undefined;
  let block: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.split(/(?:^|\s)[;#]/)[0]!.trim();
    if (line.startsWith('[') && line.endsWith(']')) {
      const name = line.slice(1, -1).trim();
      section = sections.get(name) ?? {};
      sections.set(name, section);
      block = undefined;
      continue;
    }
    const eq = line.indexOf('=');
    if (!section || eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (value === '') {
      block = key;
      continue;
    }
    if (block && raw.trimStart() === raw) block = undefined;
    section[block ? `${block}.${key}` : key] = value;
  }
  return sections;
}
