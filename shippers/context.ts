import type { Logger, ShipperContext } from './types.ts';

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** One JSON object per line on stderr; library code may not use the console. */
export function jsonLogger(write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(`${JSON.stringify({ level, message, ...fields })}\n`);
  return { debug: () => {}, info: log('info'), warn: log('warn'), error: log('error') };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function defaultContext(overrides: Partial<ShipperContext> = {}): ShipperContext {
  return { now: () => Date.now(), sleep, random: Math.random, logger: silentLogger, ...overrides };
}
