/**
 * The example month's `filter-log-events` JSON rewritten the way another tool prints the
 * same events, for tests that read each form with the real CLI and compare what it gives
 * with what the JSON gives.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXAMPLE_LOGS = fileURLToPath(new URL('../../examples/data/logs', import.meta.url));

/** The two example functions kept as CloudWatch JSON: orders-api logs text, notifier JSON. */
export const JSON_FUNCTIONS = ['orders-api', 'notifier'] as const;

export interface CwEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

export function exampleEvents(fn: string): CwEvent[] {
  return (JSON.parse(readFileSync(join(EXAMPLE_LOGS, `${fn}.json`), 'utf8')) as { events: CwEvent[] }).events;
}

/** A new folder for a form's files. */
function formDir(form: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'lambdalens-copies-')), form);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Writes the functions' events as `render` prints them, one file each in a new folder,
 * named `<function>.txt` unless `fileName` says otherwise.
 */
export function writeCopies(
  form: string,
  render: (events: CwEvent[], fn: string) => string,
  functions: readonly string[] = JSON_FUNCTIONS,
  fileName: (fn: string) => string = (fn) => `${fn}.txt`,
): string[] {
  const dir = formDir(form);
  return functions.map((fn) => {
    const path = join(dir, fileName(fn));
    writeFileSync(path, render(exampleEvents(fn), fn));
    return path;
  });
}

/** Writes `text` as `name` in a new folder. */
export function writeText(name: string, text: string): string {
  const path = join(formDir('text'), name);
  writeFileSync(path, text);
  return path;
}

/** Epoch ms as ISO 8601 in UTC, to the millisecond (`2026-10-01T11:31:55.662Z`). */
export const isoMs = (ms: number): string => new Date(ms).toISOString();

/**
 * NDJSON invocations as sortable text, with what a form cannot carry set aside: event IDs,
 * white space that ends a message, and (as asked) the log group, the stream or the times.
 */
export function invocationShapes(
  ndjson: string,
  without: { group?: boolean; stream?: boolean; times?: boolean } = {},
): string[] {
  return ndjson
    .trim()
    .split('\n')
    .map((line) => {
      const inv = JSON.parse(line) as Record<string, unknown> & { lines: Record<string, unknown>[] };
      if (without.group) inv.logGroup = null;
      if (without.stream) inv.logStream = null;
      if (without.times) {
        inv.start = null;
        inv.end = null;
      }
      inv.lines = inv.lines.map((l) => ({
        ...l,
        eventId: undefined,
        message: (l.message as string).trimEnd(),
        ...(without.times ? { timestamp: null } : {}),
      }));
      return JSON.stringify(inv);
    })
    .sort();
}
