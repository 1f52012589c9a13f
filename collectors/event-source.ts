/**
 * The one way a command opens its events: local files and stdin, or CloudWatch Logs
 * (history, follow polling or Live Tail). It returns the events a batch at a time, whether
 * the source is live (more may come at any moment, so whoever shows them must not wait for
 * the end), the AWS status handle when there is one, and the report of what reading local
 * input found. Local inputs are read with Logs Insights exports last and the groups they name
 * first (files/query-exports.ts), so that every command gives the same invocations whichever
 * order the files are named in. The AWS SDK is loaded only when an AWS source is opened.
 */
import { fstatSync, statSync } from 'node:fs';
import type { AwsSessionOptions } from './aws/session.ts';
import type { AwsLogSource } from './cloudwatch-logs/aws-log-source.ts';
import type { SourceMode } from './cloudwatch-logs/source-status.ts';
import { readLogEventBatchesByTime } from './files/merge-by-time.ts';
import { queryExportsLast, withNamedGroups } from './files/query-exports.ts';
import { createInputReport, type InputReport, readLogEventBatches } from './files/read-inputs.ts';
import type { FunctionSelector } from './lambda/discovery.ts';
import type { LogEvent } from './model.ts';

/** Log files, folders of them, and `-` for stdin. */
export interface LocalSourceSpec {
  kind: 'local';
  inputs: string[];
  /** Function name for inputs that carry no log group; defaults to each file's base name. */
  functionName?: string | undefined;
  /** Stdin for `-` (injectable for tests). */
  stdin?: NodeJS.ReadableStream | undefined;
  /**
   * `input` (default): one input after another, each in its own order. `time`: the inputs
   * read side by side and merged by event time, as a replay must play them.
   */
  order?: 'input' | 'time' | undefined;
}

/** CloudWatch Logs of functions (found by discovery) and log groups. */
export interface AwsSourceSpec extends AwsSessionOptions {
  kind: 'aws';
  mode: SourceMode;
  functions?: FunctionSelector | undefined;
  logGroups?: string[] | undefined;
  startTime: number;
  /** History only. */
  endTime?: number | undefined;
  filterPattern?: string | undefined;
  /** Window re-read by follow and Live Tail to catch late events. */
  lookBackMs?: number | undefined;
}

export type EventSourceSpec = LocalSourceSpec | AwsSourceSpec;

/** What to call the source on a status line: `file`, `stdin`, `history`, `follow`, `live`. */
export type SourceLabel = 'file' | 'stdin' | SourceMode;

export interface EventSource {
  /** Events in source order, a batch at a time; nothing is read before the first pull. */
  events: AsyncIterable<LogEvent[]>;
  /**
   * True when more may arrive at any moment and the end may never come: stdin from a pipe
   * or a terminal, `--follow`, `--live`. A consumer shows live input as it arrives and
   * completes invocations by wall-clock settling rather than at the end.
   */
  live: boolean;
  label: SourceLabel;
  /** The AWS source (status handle, session, resolved functions and groups); null for local input. */
  aws: AwsLogSource | null;
  /** What reading local input found (unreadable files, malformed lines); empty for AWS. */
  report: InputReport;
  /** Local input: the inputs in the order they are read (query exports after the rest); empty for AWS. */
  inputs: string[];
  /**
   * Events read without a log group take the group the query exports name for their function:
   * the inputs must then be read by one reader, since a part of them read apart from the
   * exports would lack those names.
   */
  namesGroups: boolean;
}

/**
 * Whether stdin is live: a pipe, socket or terminal is; a regular file redirected in
 * (`< capture.log`) is read to its end like any file.
 */
export function isLiveStdin(stdin: NodeJS.ReadableStream = process.stdin): boolean {
  const fd = (stdin as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return true;
  try {
    return !fstatSync(fd).isFile();
  } catch {
    return true;
  }
}

/**
 * Whether a named input is live: a named pipe (what `<(aws logs tail --follow …)` hands over),
 * a socket or a terminal device is read as it comes, as stdin is.
 */
function isLivePath(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFIFO() || stat.isSocket() || stat.isCharacterDevice();
  } catch {
    return false; // reading it reports what is wrong
  }
}

/** The events one at a time, for consumers that take them singly. */
export async function* eachEvent(batches: AsyncIterable<LogEvent[]>): AsyncGenerator<LogEvent> {
  for await (const batch of batches) yield* batch;
}

/** Opens the source; for AWS this resolves functions to log groups (and fails fast on a bad selection). */
export async function openEventSource(spec: EventSourceSpec): Promise<EventSource> {
  if (spec.kind === 'local') {
    const report = createInputReport();
    const fromStdin = spec.inputs.includes('-');
    const isLive = (input: string) => (input === '-' ? isLiveStdin(spec.stdin) : isLivePath(input));
    const arranged = await queryExportsLast(spec.inputs, isLive);
    const read = (spec.order === 'time' ? readLogEventBatchesByTime : readLogEventBatches)(arranged.inputs, {
      functionName: spec.functionName,
      report,
      ...(spec.stdin ? { stdin: spec.stdin } : {}),
    });
    const namesGroups = arranged.groups.size > 0;
    return {
      events: namesGroups ? withNamedGroups(read, arranged.groups) : read,
      live: spec.inputs.some(isLive),
      label: fromStdin ? 'stdin' : 'file',
      aws: null,
      report,
      inputs: arranged.inputs,
      namesGroups,
    };
  }
  const { openAwsLogSource } = await import('./cloudwatch-logs/aws-log-source.ts');
  const lookBack = spec.lookBackMs === undefined ? undefined : { lookBackMs: spec.lookBackMs };
  const aws = await openAwsLogSource({
    ...spec,
    follow: lookBack,
    live: lookBack,
  });
  return {
    events: aws.batches,
    live: spec.mode !== 'history',
    label: spec.mode,
    aws,
    report: createInputReport(),
    inputs: [],
    namesGroups: false,
  };
}
