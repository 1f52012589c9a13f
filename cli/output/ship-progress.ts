/**
 * What `ship` says on stderr while it runs, so a long run never goes silent: documents
 * done and the rate, every retry with its cause the moment it is decided, a server's
 * over-long Retry-After and what is waited instead, dead letters one line per batch, and,
 * when nothing has come back for a while, how long it has been. On a terminal one status
 * line is rewritten; elsewhere a line is written every `intervalMs`.
 */
import { type Clock, showControlsInLine } from '../../collectors/kernel/index.ts';
import type { ShipCounters, ShipEvent } from '../../shippers/types.ts';

export interface ShipProgressOptions {
  tty: boolean;
  clock: Clock;
  /** How often a status line is written (non-terminal) or refreshed (terminal). */
  intervalMs?: number | undefined;
  /** What the documents go to, for messages (`Elasticsearch`, `NDJSON`). */
  target: string;
}

export interface ShipProgress {
  onProgress(counters: ShipCounters): void;
  onEvent(event: ShipEvent): void;
  /** Stops the timer and ends the terminal's status line. */
  finish(): void;
}

const n = (x: number) => x.toLocaleString('en-US');
/** A wait, in the words of the progress lines. */
export const seconds = (ms: number) =>
  ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;

export function createShipProgress(
  write: (text: string) => void,
  options: ShipProgressOptions,
): ShipProgress {
  const { tty, clock, target } = options;
  const interval = options.intervalMs ?? (tty ? 1_000 : 10_000);
  const started = clock.now();
  let counters: ShipCounters | null = null;
  let lastChange = started;
  let retries = 0;
  let lastCause = '';
  let statusShown = false;

  // Done is what the target settled; a document given up on (pending) is not done, and is said apart.
  const done = (c: ShipCounters) => c.indexed + c.updated + c.duplicates + c.deadLettered;
  const settled = (c: ShipCounters) => done(c) + c.pending;
  const status = (): string => {
    const now = clock.now();
    const c = counters;
    const count = c ? done(c) : 0;
    const rate = now > started ? Math.round((count / (now - started)) * 1000) : 0;
    let text = `${n(count)} of ${n(c?.received ?? 0)} documents done (${n(rate)} docs/s)`;
    if (c && c.retried > 0) text += `, ${n(c.retried)} re-sent`;
    if (c && c.deadLettered > 0) text += `, ${n(c.deadLettered)} dead-lettered`;
    if (c && c.pending > 0) text += `, ${n(c.pending)} not delivered`;
    if (retries > 0 && lastCause) text += `; last retry: ${lastCause}`;
    const quiet = now - lastChange;
    // Half an interval: timers may fire a little early, and a quiet half is worth saying. With
    // nothing sent and unanswered, the wait is for input, not for the target.
    const outstanding = c ? c.received - settled(c) : 0;
    if (quiet >= interval / 2 && outstanding > 0) text += `; waiting on ${target} for ${seconds(quiet)}`;
    return text;
  };
  /**
   * A line of its own; on a terminal it goes above the status line, which is redrawn. Its
   * lines quote the cluster's answers, which quote the documents (a key of the logs, say):
   * their control characters are shown, not sent to the terminal.
   */
  const line = (quoting: string) => {
    const text = showControlsInLine(quoting);
    write(tty && statusShown ? `\r\x1b[K${text}\n` : `${text}\n`);
    if (tty && statusShown) write(`\r\x1b[K lambdalens: ${status()}`);
  };
  const timer = setInterval(() => {
    if (tty) {
      statusShown = true;
      write(`\r\x1b[K lambdalens: ${status()}`);
    } else {
      line(`lambdalens: ${status()}`);
    }
  }, interval);
  timer.unref();

  return {
    onProgress(c) {
      if (settled(c) !== (counters ? settled(counters) : 0)) lastChange = clock.now();
      counters = c;
    },
    onEvent(event) {
      switch (event.kind) {
        case 'retry': {
          retries++;
          lastCause = event.cause;
          if (event.retryAfterCappedFromMs !== undefined) {
            line(
              `lambdalens: ${target} asked to wait ${seconds(event.retryAfterCappedFromMs)} (Retry-After); waiting ${seconds(event.delayMs)} instead`,
            );
          }
          line(
            `lambdalens: retrying ${n(event.documents)} documents in ${seconds(event.delayMs)} (attempt ${event.attempt + 1}): ${event.cause}`,
          );
          break;
        }
        case 'split':
          line(`lambdalens: splitting ${n(event.documents)} documents in two: ${event.cause}`);
          break;
        case 'dead-lettered': {
          const types = Object.entries(event.byType)
            .map(([type, count]) => `${type} ×${n(count)}`)
            .join(', ');
          line(`lambdalens: dead-lettered ${n(event.count)} documents (${types}); e.g. ${event.example}`);
          break;
        }
      }
    },
    finish() {
      clearInterval(timer);
      if (tty && statusShown) write('\r\x1b[K');
    },
  };
}
