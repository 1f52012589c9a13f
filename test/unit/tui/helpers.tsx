import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import { App } from '../../../cli/tui/components/app.tsx';
import type { TuiHost } from '../../../cli/tui/components/hooks.ts';
import { UNICODE_GLYPHS } from '../../../cli/tui/glyphs.ts';
import { createTailStore, type TailStore, type TailStoreOptions } from '../../../cli/tui/store.ts';
import type { RowView } from '../../../cli/tui/types.ts';
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

/** A host that records what the App asked for instead of touching a terminal. */
export function recordingHost(): TuiHost & {
  copied: string[];
  exports: [readonly string[], string][];
  quits: number;
} {
  const host = {
    copied: [] as string[],
    exports: [] as [readonly string[], string][],
    quits: 0,
    copy(text: string) {
      host.copied.push(text);
    },
    async exportTo(ids: readonly string[], target: string) {
      host.exports.push([ids, target]);
      return `exported ${ids.length}`;
    },
    suspend() {},
    quit() {
      host.quits++;
    },
  };
  return host;
}

export function renderApp(store: TailStore, width = 160, height = 40, host = recordingHost()) {
  const view = render(
    <App
      store={store}
      host={host}
      glyphs={UNICODE_GLYPHS}
      region="us-east-1"
      width={width}
      height={height}
    />,
  );
  return { ...view, host };
}

/** Lets Ink attach its input listener and flush a frame. */
export const settle = (ms = 80): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    await settle(20);
  }
}

/** The row ID (`RowView.id`) of the held row of this request ID; throws unless exactly one. */
export function rowIdOf(store: TailStore, requestId: string): string {
  const rows = store.snapshot().rows.filter((r) => r.requestId === requestId);
  if (rows.length !== 1) throw new Error(`${rows.length} rows of ${requestId}`);
  return (rows[0] as RowView).id;
}

/** A row with every field set to something ordinary. */
export const row = (over: Partial<RowView>): RowView => ({
  requestId: 'r',
  seq: 0,
  functionName: 'orders-api',
  status: 'success',
  live: false,
  coldStart: false,
  errorType: null,
  startMs: 0,
  durationMs: 100,
  billedDurationMs: 100,
  memorySizeMB: 128,
  maxMemoryUsedMB: 50,
  costUsd: null,
  costReason: null,
  traceId: null,
  hasTrace: false,
  lineCount: 0,
  damaged: false,
  ...over,
  placeMs: over.placeMs !== undefined ? over.placeMs : over.startMs !== undefined ? over.startMs : 0,
  id: over.id ?? over.requestId ?? 'r',
});

/** Waits (polling, no fixed sleep) until the last frame passes `predicate`, and returns it. */
export async function waitForFrame(
  lastFrame: () => string | undefined,
  predicate: (frame: string) => boolean,
  timeoutMs = 5000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (predicate(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`frame never matched; last frame:\n${frame}`);
    await settle(10);
  }
}
