/**
 * The entry point the commands use: given functions (or log groups), a time range and a
 * mode, returns the events as a pull stream plus a status handle describing completeness.
 * `logs`, `tail`, `ship` and `cost` all read AWS through this.
 */

import { type AwsSession, type AwsSessionOptions, createAwsSession } from '../aws/session.ts';
import { markTimeBound } from '../files/source-context.ts';
import { ConfigError } from '../kernel/index.ts';
import {
  createFunctionDiscovery,
  type DiscoveredFunction,
  type FunctionSelector,
} from '../lambda/discovery.ts';
import type { LogEvent } from '../model.ts';
import { type FollowConfig, followGroups } from './follow.ts';
import { readHistoryBatches } from './history.ts';
import { type LiveTailConfig, liveTail } from './live-tail.ts';
import { logGroupChecker } from './log-group-exists.ts';
import { type SourceMode, StatusBoard, type StatusHandle } from './source-status.ts';
import { namedByStream, needsStreamNaming, planGroupReading } from './stream-function.ts';

export interface AwsLogSourceOptions extends AwsSessionOptions {
  /** Functions to read; their log groups are found by discovery (LoggingConfig honoured). */
  functions?: FunctionSelector | undefined;
  /** Log groups read as given, in addition to the functions' groups. */
  logGroups?: string[] | undefined;
  mode: SourceMode;
  startTime: number;
  /** History only. */
  endTime?: number | undefined;
  filterPattern?: string | undefined;
  follow?: Omit<FollowConfig, 'startTime' | 'filterPattern'> | undefined;
  live?: Omit<LiveTailConfig, 'startTime' | 'filterPattern'> | undefined;
  /** Reuse clients and the rate budget of an existing session. */
  session?: AwsSession | undefined;
}

export interface AwsLogSource {
  /** The events a batch at a time: a history page, or one event as follow and Live Tail deliver them. */
  batches: AsyncIterable<LogEvent[]>;
  status: StatusHandle;
  functions: DiscoveredFunction[];
  logGroups: string[];
  session: AwsSession;
  /** The window asked for (`endTime` absent: up to now, or on for a follower) and the service-side filter. */
  range: { startTime: number; endTime: number | undefined; filterPattern: string | undefined };
}

export class AwsLogSourceError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'AwsLogSourceError';
  }
}

/** Resolves the functions, then returns the stream for the chosen mode (nothing is read yet). */
export async function openAwsLogSource(options: AwsLogSourceOptions): Promise<AwsLogSource> {
  const session = options.session ?? createAwsSession(options);
  const { ctx } = session;
  let functions: DiscoveredFunction[] = [];
  if (options.functions) {
    const discovery = createFunctionDiscovery({
      client: session.lambda,
      ctx,
      region: session.region,
      logGroupExists: logGroupChecker(session.logs, ctx),
    });
    functions = await discovery.discover(options.functions);
  }
  const logGroups = [...new Set([...functions.map((f) => f.logGroup), ...(options.logGroups ?? [])])];
  if (logGroups.length === 0)
    throw new AwsLogSourceError('no log groups to read: name functions or log groups');
  if (options.mode !== 'history' && options.endTime !== undefined) {
    throw new AwsLogSourceError('--until cannot be combined with --follow or --live');
  }
  const board = new StatusBoard(options.mode, logGroups, () => ctx.limiter.stats().calls);
  for (const f of functions) {
    if (f.standIn) board.group(f.logGroup).standInFor = { functionName: f.functionName, reason: f.standIn };
  }
  const common = { startTime: options.startTime, filterPattern: options.filterPattern };
  let batches: AsyncIterable<LogEvent[]>;
  if (options.mode === 'history') {
    batches = readHistoryBatches({
      client: session.logs,
      ctx,
      logGroups,
      endTime: options.endTime,
      status: board,
      ...common,
    });
  } else if (options.mode === 'follow') {
    batches = oneEventBatches(
      followGroups(session.logs, ctx, logGroups, { ...options.follow, ...common }, board),
    );
  } else {
    batches = oneEventBatches(liveTail(session.logs, ctx, logGroups, { ...options.live, ...common }, board));
  }
  // A group shared by several functions (or a custom group, which others may share) names no
  // function: each event is named by its stream, and other functions' events are left out.
  const groupReading = planGroupReading(functions, options.logGroups);
  if (needsStreamNaming(groupReading)) batches = namedByStream(batches, groupReading, board);
  if (options.mode !== 'live') batches = boundedByTime(batches);
  const range = {
    startTime: options.startTime,
    endTime: options.endTime,
    filterPattern: options.filterPattern,
  };
  return { batches, status: board, functions, logGroups, session, range };
}

/**
 * History and follow read by FilterLogEvents from a start time, each read holding every event
 * of the range as ingested, so a stream's first millisecond in the run is whole there, as in
 * `filter-log-events` output: its first line is named by content, as a later run over an
 * earlier window names it (see TIME_BOUND in source-context.ts). A millisecond's event
 * ingested after the read that began the stream comes in a later poll and is counted on from
 * it. Live Tail begins at an instant, not a time, but its events carry no ID to name them by.
 */
async function* boundedByTime(batches: AsyncIterable<LogEvent[]>): AsyncGenerator<LogEvent[]> {
  for await (const batch of batches) {
    markTimeBound(batch);
    yield batch;
  }
}

async function* oneEventBatches(events: AsyncIterable<LogEvent>): AsyncGenerator<LogEvent[]> {
  for await (const event of events) yield [event];
}
