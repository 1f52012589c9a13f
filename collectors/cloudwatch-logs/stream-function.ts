/**
 * Which function an event of a log group belongs to. A function's default group
 * `/aws/lambda/<name>` holds that function alone, but `LoggingConfig.LogGroup` may name any
 * group, and several functions may name the same one: there only the stream name tells
 * whose an event is. Lambda documents the stream names of a custom group as
 *
 *   YYYY/MM/DD/<function_name>[<function_version>][<execution_environment_GUID>]
 *
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html:
 * "the log streams Lambda creates include the function name and function version. This
 * ensures that the mapping between log messages and functions is preserved, even if you
 * use the same log group for multiple functions"). Real streams print the GUID bare after
 * the version, `2026/10/08/tenner-notifier[$LATEST]22be53a8cfde4e68b844f8ec293b2543` (a
 * JSON initStart's instanceId, test/fixtures/lambda-log-samples.txt). The version is
 * `$LATEST` or a published version number: a call through an alias runs a version, and the
 * stream names that version, never the alias. A default group's streams,
 * `YYYY/MM/DD/[$LATEST]<GUID>`, name no function.
 */
import type { DiscoveredFunction } from '../lambda/discovery.ts';
import type { LogEvent } from '../model.ts';
import type { StatusBoard } from './source-status.ts';

// Function names are letters, digits, `-` and `_` (at most 64), so `[` ends one.
const STREAM_FUNCTION = /^\d{4}\/\d{2}\/\d{2}\/([A-Za-z0-9_-]+)\[([^\]]*)\]/;

/** The function and version a stream of a custom log group names; null for any other stream. */
export function functionOfStream(
  logStream: string | null | undefined,
): { functionName: string; version: string } | null {
  const m = STREAM_FUNCTION.exec(logStream ?? '');
  return m?.[1] !== undefined && m[2] !== undefined ? { functionName: m[1], version: m[2] } : null;
}

/** How the events of one log group are named and kept. */
export type GroupReading =
  /** The default group of the one function read from it: every event is that function's (named by the group, as before). */
  | { kind: 'whole' }
  /**
   * A custom group, or a group several functions read: an event is the function's its stream
   * names. `keepAll` (the group was also asked for with --log-group) keeps the events of
   * other streams, unnamed; otherwise they are left out. `streamless` is the function whose
   * default group this is: its own streams name no function.
   */
  | { kind: 'by-stream'; functions: ReadonlySet<string>; keepAll: boolean; streamless: string | null };

/**
 * Per log group, the functions read from it and so how its events are named. A group asked
 * for with --log-group alone is read whole and names nothing.
 */
export function planGroupReading(
  functions: readonly Pick<DiscoveredFunction, 'functionName' | 'logGroup'>[],
  explicitGroups: readonly string[] = [],
): Map<string, GroupReading> {
  const owners = new Map<string, Set<string>>();
  for (const f of functions) {
    const names = owners.get(f.logGroup) ?? new Set<string>();
    names.add(f.functionName);
    owners.set(f.logGroup, names);
  }
  const plan = new Map<string, GroupReading>();
  for (const [group, names] of owners) {
    const defaultOf = [...names].find((n) => group === `/aws/lambda/${n}`) ?? null;
    const keepAll = explicitGroups.includes(group);
    plan.set(
      group,
      names.size === 1 && defaultOf !== null && !keepAll
        ? { kind: 'whole' }
        : { kind: 'by-stream', functions: names, keepAll, streamless: defaultOf },
    );
  }
  for (const group of explicitGroups) if (!plan.has(group)) plan.set(group, { kind: 'whole' });
  return plan;
}

/** Whether any group needs its events named by stream. */
export function needsStreamNaming(plan: ReadonlyMap<string, GroupReading>): boolean {
  return [...plan.values()].some((r) => r.kind === 'by-stream');
}

/**
 * The event named by the function its stream carries, or null when it belongs to a
 * function not asked for (left out).
 */
export function nameByStream(event: LogEvent, reading: GroupReading | undefined): LogEvent | null {
  if (!reading || reading.kind === 'whole') return event;
  const named = functionOfStream(event.logStream)?.functionName ?? reading.streamless;
  if (named !== null && reading.functions.has(named)) return { ...event, functionName: named };
  return reading.keepAll ? event : null;
}

/**
 * The batches with events of shared and custom groups named by stream, and those of
 * functions not asked for left out and counted in the group's status (read, not delivered).
 * Left out here rather than by the service: FilterLogEvents' `logStreamNamePrefix` (and Live
 * Tail's `logStreamNamePrefixes`) match the start of the name, which is the day the stream
 * was opened, not the function, and a stream opened days ago still writes; there is no
 * "contains".
 */
export async function* namedByStream(
  batches: AsyncIterable<LogEvent[]>,
  plan: ReadonlyMap<string, GroupReading>,
  status: StatusBoard,
): AsyncGenerator<LogEvent[]> {
  for await (const batch of batches) {
    const kept: LogEvent[] = [];
    for (const event of batch) {
      const named = nameByStream(event, plan.get(event.logGroup ?? ''));
      if (named) {
        kept.push(named);
        continue;
      }
      const g = status.group(event.logGroup ?? '');
      g.otherFunctions++;
      g.delivered--;
    }
    if (kept.length > 0) yield kept;
  }
}
