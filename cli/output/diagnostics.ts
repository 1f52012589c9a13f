/**
 * What the CLI says while it runs (warnings, retry notices, progress, notes, the error that
 * ends it) is scrubbed of the run's credentials in one place. A server or proxy that
 * echoes a request back (a 429 page quoting `Authorization: Basic …`, an AWS error quoting
 * the session token) puts credentials into words a command passes on; every command
 * redacting its own messages left some unredacted. So the run's credentials, from its
 * flags, the environment and the AWS credential files, are registered once when the
 * command starts (`registerRunCredentials`), those the AWS SDK resolves later when it
 * resolves them (`registerAwsCredentials`), and every write to stderr passes through
 * `scrubbed` (`scrubWrites`), whoever makes it: a command, a library, a worker thread's
 * forwarded output, Node itself. The terminal UI's status bar, which is not stderr, uses
 * `scrubbed` too (tui/store.ts).
 */
import { readFileSync } from 'node:fs';
import { redactSecrets as redactAccessKeyIds } from '../../collectors/aws/errors.ts';
import { sharedConfigPaths } from '../../collectors/aws/shared-config.ts';
import {
  type Credentials,
  redactRememberedSecrets,
  rememberSecrets,
  secretForms,
  urlCredentialForms,
} from '../../shippers/secrets.ts';

/** A text without any credential of this run, nor any URL's userinfo or AWS access key ID. */
export function scrubbed(text: string): string {
  return redactAccessKeyIds(redactRememberedSecrets(text));
}

/**
 * AWS secrets shorter than this are not AWS's (secret keys have 40 characters, session
 * tokens hundreds): a stand-in such as moto's `testing` would blot out ordinary words.
 */
const MIN_AWS_SECRET = 16;

/** The flags that name credentials, or where to read them (`--password-env`). */
export interface CredentialFlags {
  esUrl?: unknown;
  to?: unknown;
  endpointUrl?: unknown;
  username?: unknown;
  passwordEnv?: unknown;
  apiKeyEnv?: unknown;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** An Elasticsearch or OpenSearch password or API key, from the flags or the environment. */
function searchCredentials(flags: CredentialFlags, env: NodeJS.ProcessEnv): Credentials[] {
  const found: Credentials[] = [];
  for (const name of [text(flags.apiKeyEnv), 'ES_API_KEY']) {
    const apiKey = name ? text(env[name]) : undefined;
    if (apiKey) found.push({ kind: 'api-key', apiKey });
  }
  const username = text(flags.username) ?? text(env.ES_USERNAME) ?? '';
  for (const name of [text(flags.passwordEnv), 'ES_PASSWORD']) {
    const password = name ? text(env[name]) : undefined;
    if (password) found.push({ kind: 'basic', username, password });
  }
  return found;
}

/** Every `aws_secret_access_key` and `aws_session_token` in an AWS config or credentials file. */
export function awsFileSecrets(contents: string): string[] {
  const secrets: string[] = [];
  for (const line of contents.split(/\r?\n/)) {
    const m = /^\s*(aws_secret_access_key|aws_session_token)\s*=\s*(\S.*?)\s*$/i.exec(line);
    if (m?.[2]) secrets.push(m[2]);
  }
  return secrets;
}

function readIfPresent(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** AWS secret keys and session tokens: from the environment and from every profile of the files. */
function awsSecrets(env: NodeJS.ProcessEnv): string[] {
  // The files the AWS clients read, found the same way (`~/` expanded, empty variables ignored).
  const { configPath, credentialsPath } = sharedConfigPaths(env);
  const files = [credentialsPath, configPath];
  return awsSecretForms([
    env.AWS_SECRET_ACCESS_KEY,
    env.AWS_SESSION_TOKEN,
    env.AWS_SECURITY_TOKEN,
    ...files.flatMap((file) => awsFileSecrets(readIfPresent(file))),
  ]);
}

/** The forms an AWS secret key or session token is searched for in, stand-ins left out. */
function awsSecretForms(secrets: readonly (string | undefined)[]): string[] {
  return (
    secrets
      .filter((s): s is string => s !== undefined && s.length >= MIN_AWS_SECRET)
      // A session token travels percent-encoded in a presigned URL's query string.
      .flatMap((s) => [s, encodeURIComponent(s)])
  );
}

/**
 * Registers credentials the AWS SDK resolved mid-run (from SSO, an assumed role,
 * credential_process, container or instance metadata), as `registerRunCredentials` does
 * for those known at start: the secret key and the session token. Passed to the AWS
 * clients, which call it when they first sign a request and on every refresh.
 */
export function registerAwsCredentials(credentials: {
  secretAccessKey: string;
  sessionToken?: string;
}): void {
  rememberSecrets(awsSecretForms([credentials.secretAccessKey, credentials.sessionToken]));
}

/**
 * Registers every credential this run was given, in every form a server may echo it in:
 * called once, when the command's flags are known and before it does anything.
 */
export function registerRunCredentials(flags: CredentialFlags, env: NodeJS.ProcessEnv = process.env): void {
  const urls = [flags.esUrl, flags.to, flags.endpointUrl, env.ES_URL, env.AWS_ENDPOINT_URL]
    .map(text)
    .filter((u): u is string => u !== undefined);
  rememberSecrets([
    ...urls.flatMap(urlCredentialForms),
    ...searchCredentials(flags, env).flatMap(secretForms),
    ...awsSecrets(env),
  ]);
}

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

/**
 * Makes `stream` (stderr) scrub everything written to it. Text is scrubbed as it comes; bytes
 * (a worker thread's forwarded output) are decoded only to look, and written as they were
 * unless something in them had to go. Writers here write whole lines, so a credential is
 * not split between two writes.
 */
export function scrubWrites(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as Write;
  const scrubbingWrite: Write = (chunk, ...rest) => {
    if (typeof chunk === 'string') return write(scrubbed(chunk), ...rest);
    if (chunk instanceof Uint8Array) {
      const said = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
      const clean = scrubbed(said);
      if (clean !== said)
        return write(
          clean,
          'utf8',
          rest.find((r) => typeof r === 'function'),
        );
    }
    return write(chunk, ...rest);
  };
  stream.write = scrubbingWrite as NodeJS.WriteStream['write'];
}
