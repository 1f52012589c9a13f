/**
 * Example downloads cut into several files, for the runs that read many files on several
 * threads (`--workers`): where the cuts fall decides whether the threads' parts are joined.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './live-cli.ts';

const logs = join(ROOT, 'examples', 'data', 'logs');

export interface AwsLogsEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
}

export function ordersEvents(): AwsLogsEvent[] {
  return (JSON.parse(readFileSync(join(logs, 'orders-api.json'), 'utf8')) as { events: AwsLogsEvent[] })
    .events;
}

export function writeEvents(dir: string, name: string, events: AwsLogsEvent[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ events }));
  return path;
}

/** Events by the UTC day of their time, days in order. */
export function byDay(events: AwsLogsEvent[]): Map<string, AwsLogsEvent[]> {
  const days = new Map<string, AwsLogsEvent[]>();
  for (const e of events) {
    const day = new Date(e.timestamp).toISOString().slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), e]);
  }
  return days;
}

/** Where a START begins past `from`, plus two events: a cut there falls inside an invocation. */
export function midInvocation(events: AwsLogsEvent[], from: number): number {
  return events.findIndex((e, i) => i > from && e.message.startsWith('START ')) + 2;
}

/** orders-api's download as two files, cut in the middle of an invocation (between a START and its REPORT). */
export function streamCutInTwo(): [string, string] {
  const dir = mkdtempSync(join(tmpdir(), 'workers-'));
  const events = ordersEvents();
  const cut = events.findIndex((e, i) => i > events.length / 2 && e.message.startsWith('START ')) + 2;
  return [
    writeEvents(dir, 'part-a.json', events.slice(0, cut)),
    writeEvents(dir, 'part-b.json', events.slice(cut)),
  ];
}

/**
 * The example functions' downloads, `copies` times into `dir`, each copy with request IDs
 * and streams of its own: many files of many functions that nothing joins.
 */
export function taggedCopies(dir: string, copies: number): void {
  const names = readdirSync(logs).filter((n) => n.endsWith('.json') && !n.startsWith('subscription'));
  for (let copy = 0; copy < copies; copy++) {
    const tag = copy.toString(16).padStart(6, '0');
    for (const name of names) {
      const text = readFileSync(join(logs, name), 'utf8')
        .replace(/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-)[0-9a-f]{12}/g, `$1${tag}${tag}`)
        .replace(/(\][0-9a-f]{26})[0-9a-f]{6}/g, `$1${tag}`);
      writeFileSync(join(dir, `${copy}-${name}`), text);
    }
  }
}

/**
 * A new folder holding `inputs` (`taggedCopies` of the examples) and an empty `scratch`
 * folder to run with as TMPDIR, so that a test sees every spool file a run leaves.
 */
export function taggedInputs(
  name: string,
  copies: number,
): { root: string; inputs: string; scratch: string } {
  const root = mkdtempSync(join(tmpdir(), `${name}-`));
  const inputs = join(root, 'inputs');
  const scratch = join(root, 'tmp');
  mkdirSync(inputs);
  mkdirSync(scratch);
  taggedCopies(inputs, copies);
  return { root, inputs, scratch };
}
