/**
 * An invocation while its lines are still arriving (its shape is in state.ts): opened,
 * given lines and REPORT figures, and closed into the public `Invocation`.
 */
import { isAccountId } from '../aws-names.ts';
import { formatIso } from '../iso-time.ts';
import {
  emptyInvocation,
  type Invocation,
  type InvocationLine,
  type LogEvent,
  type ReportMetrics,
} from '../model.ts';
import { regionOfArn } from '../parser/text-platform.ts';
import { heldSize } from './held-text.ts';
import { decideOutcome, emptyFacts } from './outcome.ts';
import type { OpenInvocation, StreamState } from './state.ts';
import type { StreamFacts } from './stream-context.ts';

export function openInvocation(requestId: string, stream: StreamState, now: number): OpenInvocation {
  return {
    inv: emptyInvocation(requestId),
    facts: emptyFacts(),
    stream,
    lastSeen: now,
    first: Number.POSITIVE_INFINITY,
    last: Number.NEGATIVE_INFINITY,
    firstText: null,
    lastText: null,
    started: false,
    startedAt: 0,
    heldBytes: 0,
    shed: false,
    closed: false,
  };
}

/**
 * Adds a line, within the bounds (`maxLines`, and none once lines were let go of at the
 * bound on held text); returns false when it was counted as dropped instead. `time` is what
 * the line says of the span, and the line's timestamp is that time formatted when both are
 * known (`isoTime`): the span's ends keep it, so that closing formats neither again.
 */
export function addLine(open: OpenInvocation, line: InvocationLine, time: number, maxLines: number): boolean {
  if (Number.isFinite(time)) {
    if (time < open.first) {
      open.first = time;
      open.firstText = line.timestamp;
    }
    if (time > open.last) {
      open.last = time;
      open.lastText = line.timestamp;
    }
  }
  if (open.inv.lines.length >= maxLines || open.shed) {
    open.inv.droppedLines++;
    return false;
  }
  open.inv.lines.push(line);
  return true;
}

/**
 * Lets go of the invocation's latest kept lines until `bytes` of held text are freed or it
 * keeps none, counting them in its `droppedLines`; it keeps no more lines after (see
 * `OpenInvocation.shed`). Returns how many lines were let go of.
 */
export function letGoLines(open: OpenInvocation, bytes: number): number {
  open.shed = true;
  const lines = open.inv.lines;
  let freed = 0;
  let count = 0;
  while (freed < bytes && lines.length > 0) {
    freed += heldSize(lines.pop() as InvocationLine);
    count++;
  }
  open.heldBytes -= freed;
  open.inv.droppedLines += count;
  return count;
}

/** Takes what the event's source says about where it came from. */
export function noteSource(
  open: OpenInvocation,
  event: Pick<LogEvent, 'logGroup' | 'logStream' | 'accountId'>,
): void {
  const inv = open.inv;
  inv.logGroup ??= event.logGroup ?? null;
  inv.logStream ??= event.logStream ?? null;
  inv.accountId ??= event.accountId ?? null;
}

export interface ArnParts {
  region: string | null;
  accountId: string | null;
  functionName: string | null;
}

// The last ARN taken apart: every JSON start record names its function's ARN, and a log
// holds few functions, so most starts repeat the ARN before them.
let lastArn = '';
let lastArnParts: ArnParts = { region: null, accountId: null, functionName: null };

/** Region, account and function name of a function ARN (the last one is cached). */
export function partsOfArn(arn: string): ArnParts {
  if (arn !== lastArn) {
    const parts = arn.split(':');
    const account = parts[4];
    lastArnParts = {
      region: regionOfArn(arn),
      accountId: account !== undefined && isAccountId(account) ? account : null,
      functionName: parts[6] || null,
    };
    lastArn = arn;
  }
  return lastArnParts;
}

/** Takes a function ARN's name, region and account (`arn:aws:lambda:eu-central-1:123:function:name`). */
export function noteFunctionArn(open: OpenInvocation, arn: string | null): void {
  const inv = open.inv;
  if (!arn || (inv.region !== null && inv.accountId !== null && inv.functionName !== null)) return;
  const parts = partsOfArn(arn);
  inv.region ??= parts.region;
  inv.accountId ??= parts.accountId;
  inv.functionName ??= parts.functionName;
}

export function applyReport(open: OpenInvocation, metrics: ReportMetrics): void {
  const inv = open.inv;
  inv.durationMs = metrics.durationMs;
  inv.billedDurationMs = metrics.billedDurationMs;
  inv.memorySizeMB = metrics.memorySizeMB;
  inv.maxMemoryUsedMB = metrics.maxMemoryUsedMB;
  inv.initDurationMs = metrics.initDurationMs ?? inv.initDurationMs;
  inv.restoreDurationMs = metrics.restoreDurationMs ?? inv.restoreDurationMs;
  inv.billedRestoreDurationMs = metrics.billedRestoreDurationMs;
  if (metrics.initDurationMs !== null || metrics.restoreDurationMs !== null) inv.coldStart = true;
  open.facts.reported = true;
  open.facts.memorySizeMB = metrics.memorySizeMB;
  open.facts.maxMemoryUsedMB = metrics.maxMemoryUsedMB;
}

/** Freezes the invocation: decides its status, fills in its time span and what its stream is known to be. */
export function close(open: OpenInvocation, facts: StreamFacts): Invocation {
  const inv = open.inv;
  inv.region ??= facts.region;
  inv.accountId ??= facts.accountId;
  inv.runtimeVersion ??= facts.runtimeVersion;
  inv.initializationType ??= facts.initializationType;
  const outcome = decideOutcome(open.facts);
  inv.status = outcome.status;
  inv.errorType = outcome.errorType;
  inv.start = Number.isFinite(open.first) ? (open.firstText ?? formatIso(open.first)) : null;
  inv.end = Number.isFinite(open.last) ? (open.lastText ?? formatIso(open.last)) : null;
  return inv;
}

/**
 * Whether a REPORT for a request already reported is the same event again (the same
 * figures, no later) rather than a retry under the same request ID.
 */
export function repeatsReport(open: OpenInvocation, metrics: ReportMetrics, time: number): boolean {
  const inv = open.inv;
  return (
    !(time > open.last) &&
    // Object.is: an unreadable figure (NaN) is the same as itself.
    Object.is(inv.durationMs, metrics.durationMs) &&
    Object.is(inv.billedDurationMs, metrics.billedDurationMs) &&
    Object.is(inv.maxMemoryUsedMB, metrics.maxMemoryUsedMB)
  );
}
