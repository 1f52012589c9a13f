import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTailStore, type TailStore, type TailStoreOptions } from '../../../cli/tui/store.ts';
import { createCorrelator } from '../../../collectors/correlator/correlator.ts';
import type { LogEvent } from '../../../collectors/model.ts';

export const FIXTURE = fileURLToPath(new URL('../../fixtures/tail/invocations.ndjson', import.meta.url));
export const TRACES = fileURLToPath(new URL('../../fixtures/tail/batch-get-traces.json', import.meta.url));

/** The tail fixture's events, in file order. */
export function fixtureEvents(): LogEvent[] {
  return readFileSync(FIXTURE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogEvent);
}

export function storeOf(events: LogEvent[], options: Partial<TailStoreOptions> = {}): TailStore {
  const store = createTailStore({ correlator: createCorrelator(), publishIntervalMs: 5, ...options });
  for (const event of events) store.ingest(event);
  store.end();
  return store;
}

/** Lets Ink attach its input listener and flush a frame. */
export const settle = (ms = 30): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
