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
 * Every form of every credential a connection in this process was given. A command that
 * lets a server's words reach its error (a proxy page echoing the Authorization header)
 * would leak them unless it redacted that error itself; the CLI scrubs these from all it
 * prints when a run ends (cli/main.ts), so no command can forget to.
 */
const remembered = new Set<string>();

export function rememberSecrets(forms: readonly string[]): void {
  for (const form of forms) remembered.add(form);
}

/** A text without any remembered secret, nor any URL's userinfo. */
export function redactRememberedSecrets(text: string): string {
  const longestFirst = [...remembered].sort((a, b) => b.length - a.length);
  return redactUrlUserinfo(redactorFor(longestFirst)(text));
}
