/**
 * Credentials in every form they travel in. A server or proxy that echoes the request
 * back (an error page quoting `Authorization: Basic …`) hands the encoded form to us, so
 * redacting only the raw password is not enough: basic auth is also `user:password` and
 * its base64, an API key may be given encoded or as `id:key`, and a URL carries both
 * percent-encoded in its userinfo.
 */

export type Credentials =
  | { kind: 'none' }
  | { kind: 'api-key'; apiKey: string }
  | { kind: 'basic'; username: string; password: string };

/** Raw secrets shorter than this are not searched for: they would blot out ordinary words. */
const MIN_RAW = 4;

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** `id:key` when `text` is the base64 of one, else null. */
function decodedApiKey(text: string): string | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return /^[\x21-\x7e]+:[\x21-\x7e]+$/.test(decoded) ? decoded : null;
}

/** Every string that would reveal these credentials, longest first. */
export function secretForms(credentials: Credentials): string[] {
  const forms = new Set<string>();
  const add = (text: string, min = 1) => {
    if (text.length >= min) forms.add(text);
  };
  if (credentials.kind === 'basic') {
    const { username, password } = credentials;
    if (password) {
      add(password, MIN_RAW);
      add(encodeURIComponent(password), MIN_RAW);
      const pair = `${username}:${password}`;
      add(pair);
      add(base64(pair));
      add(base64url(pair));
      add(`${encodeURIComponent(username)}:${encodeURIComponent(password)}`);
    }
  } else if (credentials.kind === 'api-key') {
    const key = credentials.apiKey;
    add(key, MIN_RAW);
    const decoded = decodedApiKey(key);
    const pair = decoded ?? (key.includes(':') ? key : null);
    if (pair) {
      add(pair);
      add(base64(pair));
      add(pair.slice(pair.indexOf(':') + 1), MIN_RAW);
    } else {
      add(base64(key));
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces every form of the secrets in a text. */
export function redactorFor(forms: readonly string[]): (text: string) => string {
  if (forms.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const s of forms) if (out.includes(s)) out = out.split(s).join('***');
    return out;
  };
}

/** A URL's userinfo, wherever it appears in a text (`https://user:pass@host`). */
export function redactUrlUserinfo(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s:]*(?::[^/@\s]*)?@/gi, '$1***@');
}

/**
 * The forms of the credentials a URL carries in its userinfo (`https://user:pass@host`):
 * as written there (percent-encoded) and decoded, with every form `secretForms` gives the
 * decoded pair. None when the text is not a URL or carries no password.
 */
export function urlCredentialForms(text: string): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return [];
  }
  if (!url.password) return [];
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  const forms = secretForms({
    kind: 'basic',
    username: decode(url.username),
    password: decode(url.password),
  });
  forms.push(`${url.username}:${url.password}`);
  if (url.password.length >= MIN_RAW) forms.push(url.password);
  return forms;
}

/**
 * Every form of every credential this process was given. A command that lets a server's
 * words reach what it prints (a proxy page echoing the Authorization header, in an error
 * or in a retry notice) would leak them unless it redacted that text itself; the CLI
 * registers the run's credentials when a command starts and scrubs these from everything
 * it writes to stderr (cli/output/diagnostics.ts), so no command can forget to.
 */
const remembered = new Set<string>();
/** The remembered forms, longest first (a pair before the password inside it). */
let longestFirst: string[] = [];

export function rememberSecrets(forms: readonly string[]): void {
  const before = remembered.size;
  for (const form of forms) if (form !== '') remembered.add(form);
  if (remembered.size !== before) longestFirst = [...remembered].sort((a, b) => b.length - a.length);
}

/** A text without any remembered secret, nor any URL's userinfo. */
export function redactRememberedSecrets(text: string): string {
  return redactUrlUserinfo(redactorFor(longestFirst)(text));
}
