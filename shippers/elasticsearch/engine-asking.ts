/**
 * The engine question (`GET /`, and what it asks after it) within its time budget, asked
 * again after the failures a bulk request would be sent again for (retry-policy.ts), with
 * the kernel's backoff. connect.ts asks it; the CLI tells the user of each retry
 * (cli/commands/engine-question.ts).
 */
import {
  type BackoffPolicy,
  backoffDelay,
  sleep as kernelSleep,
  type Random,
  type Sleep,
  systemRandom,
} from '../../collectors/kernel/index.ts';
import { BULK_BACKOFF, isTransientStatus } from '../retry-policy.ts';
import { isPlainHttpServer, isUntrustedCertificate } from './cluster.ts';
import { type ConnectionConfig, DEFAULT_REQUEST_TIMEOUT_MS } from './config.ts';
import { SearchRequestError } from './search-client.ts';

/** How the engine question is asked: its budget, its stop, and whether it is asked again. */
export interface EngineQuestionOptions {
  /**
   * How long asking the engine (`GET /`) may take: a Lambda gives what its invocation has
   * left, so the question cannot outlast the deadline the rest of the handler keeps.
   */
  timeoutMs?: number | undefined;
  /** A stop: the question in flight, or the wait before asking again, ends at once with its reason. */
  signal?: AbortSignal | undefined;
  /**
   * Ask again, as a bulk request is sent again (retry-policy.ts), when the engine could not
   * be asked (no connection, no answer in the request timeout, a busy or failing server, a
   * page that is not the engine's): each try takes the connection's request timeout, within
   * `timeoutMs` when given. Unset, it is asked once: the Lambda's cluster, connected on its
   * first bulk request, is asked again when that request is sent again.
   */
  retries?: EngineQuestionRetries | undefined;
}

export interface EngineQuestionRetries {
  /** Told before each wait: which try failed (1-based), how long until the next, and why. */
  onRetry?: ((retry: EngineQuestionRetry) => void) | undefined;
  policy?: BackoffPolicy | undefined;
  sleep?: Sleep | undefined;
  random?: Random | undefined;
}

export interface EngineQuestionRetry {
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  error: SearchRequestError;
}

/** How long asking the engine takes at most when the caller sets no budget. */
const ENGINE_CHECK_TIMEOUT_MS = 15_000;

/**
 * The options of each request that asks the engine: together they take at most the budget
 * (a build without `GET /` is asked twice), the time left shrinking as they go.
 */
export type EngineCheckBudget = () => { timeoutMs: number; signal?: AbortSignal | undefined };

export function engineCheckBudget(budgetMs: number, signal: AbortSignal | undefined): EngineCheckBudget {
  const until = Date.now() + budgetMs;
  return () => ({ timeoutMs: Math.max(1, until - Date.now()), signal });
}

/**
 * A failure of the engine question that a bulk request would be sent again for
 * (bulk-outcome.ts): no answer in time, a connection refused or broken (not a certificate
 * this machine does not trust, nor TLS to a plain http port: every try fails the same), a
 * busy or failing server, or an answer that is not the engine's (a proxy's maintenance page).
 */
function worthAskingAgain(err: unknown): err is SearchRequestError {
  if (!(err instanceof SearchRequestError)) return false;
  switch (err.kind) {
    case 'timeout':
    case 'unreadable':
      return true;
    case 'connection':
      return !isUntrustedCertificate(err.message) && !isPlainHttpServer(err.message);
    case 'response':
      return err.status !== null && isTransientStatus(err.status) && err.refusedKeys === null;
    case 'aborted':
    case 'wrong-engine':
      return false;
  }
}

/**
 * Asks the engine by `ask`, once or, with `options.retries`, again after transient failures
 * (each try the whole question: an engine that answered as a proxy's page is asked anew by
 * the Elasticsearch client first).
 */
export async function asking<T>(
  ask: (budget: EngineCheckBudget) => Promise<T>,
  config: ConnectionConfig,
  options: EngineQuestionOptions,
): Promise<T> {
  const retries = options.retries;
  if (!retries) return ask(engineCheckBudget(options.timeoutMs ?? ENGINE_CHECK_TIMEOUT_MS, options.signal));
  const policy = retries.policy ?? BULK_BACKOFF;
  const sleep = retries.sleep ?? kernelSleep;
  const random = retries.random ?? systemRandom;
  const until = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
  const tryMs = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await ask(engineCheckBudget(Math.min(tryMs, until - Date.now()), options.signal));
    } catch (err) {
      if (!worthAskingAgain(err) || attempt >= policy.maxAttempts || options.signal?.aborted) throw err;
      const delayMs = backoffDelay(policy, attempt, random);
      // No wait that would leave no time to ask.
      if (Date.now() + delayMs >= until) throw err;
      retries.onRetry?.({ attempt, maxAttempts: policy.maxAttempts, delayMs, error: err });
      // A stop while waiting rejects with the stop's reason.
      await sleep(delayMs, options.signal);
    }
  }
}
