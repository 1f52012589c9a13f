/**
 * The one error hierarchy. Every error lambdalens raises on purpose is a `LambdalensError`:
 * it says whether trying again can help (`retryable`) and may carry a `hint`, one line on
 * what to do next. `UsageError` (the command was called wrongly) and `ConfigError` (a setting,
 * file or environment value is wrong) sit beneath it; `cli/main.ts` maps them to exit code 2
 * and everything else to 1. Messages never carry credentials.
 */

export interface LambdalensErrorOptions {
  cause?: unknown;
  retryable?: boolean;
  /** One line on what to do next (`check --endpoint-url`), printed under the message. */
  hint?: string | undefined;
  /**
   * The message goes on with lines of another program's output (a server that failed to
   * start, its log's tail): its line breaks are kept when it is shown. Any other message is
   * one line, and a line break in it (a name quoted from the logs) is shown as `^J`.
   */
  multiline?: boolean;
  /**
   * A setting must change for the run to work, though the error was met on the way rather
   * than found in the settings (keys a service refused): it ends the run as a `ConfigError`
   * does, with exit code 2.
   */
  setting?: boolean;
}

export class LambdalensError extends Error {
  readonly retryable: boolean;
  readonly hint: string | undefined;
  readonly multiline: boolean;
  readonly setting: boolean;
  constructor(message: string, options: LambdalensErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LambdalensError';
    this.retryable = options.retryable ?? false;
    this.hint = options.hint;
    this.multiline = options.multiline ?? false;
    this.setting = options.setting ?? false;
  }
}

/**
 * The error, or one it was raised for (`cause`, a few levels down), that says a setting must
 * change (`setting`): a step that wraps what it met (`installing index template … failed`)
 * still ends the run as that setting's error, with its hint.
 */
export function settingError(err: unknown): LambdalensError | null {
  let e: unknown = err;
  for (let depth = 0; depth < 8 && e instanceof Error; depth++) {
    if (e instanceof LambdalensError && e.setting) return e;
    e = e.cause;
  }
  return null;
}

/** The command was called wrongly: a bad flag value, a missing argument, flags that exclude each other. */
export class UsageError extends LambdalensError {
  constructor(message: string, options: Omit<LambdalensErrorOptions, 'retryable'> = {}) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** A setting is wrong: a config file, an environment variable, a component's options. Never retryable. */
export class ConfigError extends LambdalensError {
  constructor(message: string, options: Omit<LambdalensErrorOptions, 'retryable'> = {}) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** Whether trying again can help: a `LambdalensError` says so; anything else is assumed not to. */
export function isRetryable(err: unknown): boolean {
  return err instanceof LambdalensError && err.retryable;
}
