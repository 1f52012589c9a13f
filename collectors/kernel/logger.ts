/**
 * Structured diagnostics. Library code never writes to the console (it would corrupt the
 * terminal UI's frames and mix with data on stdout): it logs through an injected `Logger`,
 * and the CLI or the Lambda decides where the lines go.
 */

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * One JSON object per line (info and above), the form CloudWatch Logs and log shippers
 * parse: what the shipping Lambda writes to stderr.
 */
export function jsonLogger(write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const log = (level: string) => (message: string, fields?: LogFields) =>
    write(`${JSON.stringify({ level, message, ...fields })}\n`);
  return { debug() {}, info: log('info'), warn: log('warn'), error: log('error') };
}
