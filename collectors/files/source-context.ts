/**
 * What every reader of one input shares: where to count its events and warnings, and what
 * the input's name says (the function it stands for, the stream of an S3 export object).
 */
import { LambdalensError } from '../kernel/index.ts';
import type { LogEvent } from '../model.ts';
import type { ShapeContext } from './json-shapes.ts';

export type InputFormat =
  | 'text'
  | 'json-lines'
  | 'json'
  | 'gzip'
  | 'base64'
  | 'insights-table'
  | 'csv'
  | 'unknown';

export interface InputSummary {
  input: string;
  format: InputFormat;
  /** Events read and kept (duplicates of events read before are not counted here). */
  events: number;
  /** Events dropped because an earlier input (or this one) already held them. */
  duplicates: number;
  /** Events kept though an event of their millisecond with another message was read with their CloudWatch ID before. */
  reusedIds: number;
  warnings: number;
  /** Why this input could not be read (whole), or null. */
  error: string | null;
  /**
   * When the error came after part of the input was read (gzip cut short): how far
   * reading got, in events read and the time of the last one with a time (ms, or null).
   */
  readInPart?: { events: number; lastTime: number | null };
}

export interface SourceContext {
  summary: InputSummary;
  shape: ShapeContext;
  /** The stream an input's path names (`…/2026/10/01/[$LATEST]abc/000000.gz`, an S3 export object). */
  logStream: string | undefined;
  /** Counts a warning about the input, its message naming the line when there is one. */
  warn(message: string): void;
}

/**
 * Set on a batch whose events with a CloudWatch ID all come from documents bounded by time:
 * `filter-log-events` output (the `events` of a document) holds every event of each stream
 * at and after its start time, so the first millisecond of each stream in it is whole; so
 * do reads of CloudWatch Logs by FilterLogEvents (history, follow: aws-log-source.ts). Not
 * on anything bounded by count or by delivery, which may begin part-way through a
 * millisecond: subscription payloads and the records that carry them (a delivery begins
 * where the last one stopped), Logs Insights rows with `@ptr` (`limit` cuts the oldest end,
 * which `sort @timestamp desc` puts last), NDJSON or arrays of single events (a slice of any
 * of those, by `head`, `tail` or `jq`). A `filter-log-events` document resumed with
 * `--starting-token` looks the same and is taken as bounded: the CLI pages on its own, and
 * within one input a later document goes on counting where the one before it stopped.
 */
const TIME_BOUND: unique symbol = Symbol('bounded by time');

export function markTimeBound(batch: LogEvent[]): void {
  (batch as { [TIME_BOUND]?: true })[TIME_BOUND] = true;
}

/** Whether the streams that begin in `batch` (their first event in the input) begin at a time bound. */
export function startsAtTimeBound(batch: LogEvent[]): boolean {
  return (batch as { [TIME_BOUND]?: true })[TIME_BOUND] === true;
}

/** An input whose content is wrong as a whole; its message is shown with the file name. */
export class UnreadableInputError extends LambdalensError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreadableInputError';
  }
}

export const EXPECTED =
  'expected Lambda log text (a console, CLI or S3-export copy), Logs Insights results (table, CSV or JSON), JSON from `aws logs`, NDJSON, or a CloudWatch subscription payload (raw, Firehose or Kinesis records, base64+gzip)';

/**
 * How far an input cut short was read, in words: "its first 1,234 events (to
 * 2026-10-19T05:30:46.178Z)". The time is the last event's that had one.
 */
export function readUpTo(events: number, lastTime: string | null): string {
  const first = `its first ${events.toLocaleString('en')} event${events === 1 ? '' : 's'}`;
  return lastTime === null ? first : `${first} (to ${lastTime})`;
}
