/**
 * Why a profile's `credential_process` gave no credentials, in words. The AWS SDK's chain
 * keeps only its last link's error ("Could not load credentials from any providers"), and
 * none of its errors carries the command's exit status, so the reason is lost by the time a
 * run learns that it has no credentials. What is said is only ever: the exit status or the
 * signal, the first line of stderr (scrubbed of access key IDs, control characters shown,
 * length capped: a failing helper may print a token there), and what was wrong with the
 * shape of stdout. Never a value from stdout: on success it holds the secret key.
 */
import { exec } from 'node:child_process';
import { redactSecrets } from './errors.ts';

/** How long the command may take when run to explain its failure; helpers answer in a second. */
export const PROBE_TIMEOUT_MS = 10_000;

/** At most this much of stderr's first line is quoted: enough to read a reason, not a dump. */
const STDERR_LINE_MAX = 160;

/** What the process's stdout must hold, said as the AWS documentation says it. */
const EXPECTED = 'JSON with "Version": 1, "AccessKeyId" and "SecretAccessKey"';

/**
 * Runs `command` as the SDK does (through the shell) and returns a clause that follows
 * "credential_process, which …"; undefined when it now gives well-formed credentials, where
 * nothing better than the SDK's own words can be said.
 */
export function probeCredentialProcess(
  command: string,
  timeoutMs: number = PROBE_TIMEOUT_MS,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    exec(command, { timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const said = firstLine(String(stderr));
        const saying = said === undefined ? ' and wrote nothing on stderr' : `, saying on stderr: ${said}`;
        if (err.killed && err.signal) {
          resolve(`did not finish within ${timeoutMs / 1000} s and was stopped`);
        } else if (err.signal) {
          resolve(`was ended by ${err.signal}${saying}`);
        } else if (typeof err.code === 'number') {
          resolve(`exited with status ${err.code}${saying}`);
        } else {
          // Not started at all (a shell that cannot run): the system's reason names no secret.
          resolve(`could not be run: ${redactSecrets(err.message.split('\n')[0] ?? '')}`);
        }
        return;
      }
      resolve(shapeProblem(String(stdout)));
    });
  });
}

/** What is wrong with a successful run's stdout, by the SDK's own checks; undefined when nothing. */
function shapeProblem(stdout: string): string | undefined {
  let data: unknown;
  try {
    data = JSON.parse(stdout.trim());
  } catch {
    return `exited with status 0, but its output is not JSON (expected ${EXPECTED})`;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return `exited with status 0, but its output is not a JSON object (expected ${EXPECTED})`;
  }
  const fields = data as Record<string, unknown>;
  if (fields.Version !== 1) {
    return `exited with status 0, but its output's "Version" is not 1 (expected ${EXPECTED})`;
  }
  const lacking = ['AccessKeyId', 'SecretAccessKey'].filter((key) => fields[key] === undefined);
  if (lacking.length > 0) {
    return `exited with status 0, but its output has no ${lacking.map((k) => `"${k}"`).join(' and no ')} (expected ${EXPECTED})`;
  }
  if (typeof fields.Expiration === 'string' && new Date(fields.Expiration) < new Date()) {
    return 'exited with status 0, but the credentials it printed have expired (its "Expiration" is past)';
  }
  return undefined;
}

/** The first non-blank line, scrubbed, control characters shown as `?`, capped; undefined when none. */
function firstLine(text: string): string | undefined {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (line === undefined) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  const shown = redactSecrets(line).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return shown.length > STDERR_LINE_MAX ? `${shown.slice(0, STDERR_LINE_MAX)}… (cut)` : shown;
}
