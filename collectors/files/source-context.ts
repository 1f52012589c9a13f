/**
 * What every reader of one input shares: where to count its events and warnings, and what
 * the input's name says (the function it stands for, the stream of an S3 export object).
 */
import { LambdalensError } from '../kernel/index.ts';
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
