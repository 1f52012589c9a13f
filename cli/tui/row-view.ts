/**
 * The immutable face of one held invocation, as the list draws it; rebuilt only when the
 * invocation changes, so unchanged rows keep their object and skip rendering.
 */

import type { PushResult } from '../../collectors/correlator/types.ts';
import type { Invocation, InvocationLine } from '../../collectors/model.ts';
import type { TraceMatch } from '../../collectors/xray/attach.ts';
import type { Trace } from '../../collectors/xray/types.ts';
import type { RingItem } from './ring.ts';
import type { CostResult, RowView } from './types.ts';

/** One held invocation with what the store knows beside it. */
export interface Entry extends RingItem {
  invocation: Invocation;
  live: boolean;
  trace: Trace | null;
  traceMatch: TraceMatch | null;
  cost: CostResult | null;
  view: RowView | null;
}

export function trimNewline(message: string): string {
  return message.endsWith('\n') ? message.slice(0, -1) : message;
}

export function isoOf(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

export function toMs(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

export function buildView(entry: Entry): RowView {
  const inv = entry.invocation;
  const cost = entry.cost;
  return {
    requestId: inv.requestId,
    seq: entry.seq,
    functionName: inv.functionName,
    status: inv.status,
    live: entry.live,
    coldStart: inv.coldStart,
    errorType: inv.errorType,
    startMs: toMs(inv.start),
    durationMs: inv.durationMs,
    billedDurationMs: inv.billedDurationMs,
    memorySizeMB: inv.memorySizeMB,
    maxMemoryUsedMB: inv.maxMemoryUsedMB,
    costUsd: cost?.ok ? cost.cost.totalUsd : null,
    costReason: cost && !cost.ok ? cost.reason : null,
    traceId: inv.traceId ?? entry.trace?.traceId ?? null,
    hasTrace: entry.trace !== null,
    lineCount: inv.lines.length + inv.droppedLines,
  };
}

/** The level the parser found, so running rows and finished ones agree. */
export function levelOf(parsed: PushResult['parsed']): InvocationLine['level'] {
  return parsed.kind === 'app' ? parsed.level : null;
}
