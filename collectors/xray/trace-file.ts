/**
 * Traces saved to a file (`aws xray batch-get-traces … > traces.json`), for inputs that are
 * themselves files: `logs app.log --traces-file traces.json` and `tail app.log
 * --traces-file traces.json` join them to invocations by the one rule of trace-of-request.ts
 * (the trace ID the logs name, else the one trace naming the request) and check them by
 * request ID, as X-Ray's own answers are checked.
 */

import { readFile } from 'node:fs/promises';
import type { Trace as ApiTrace } from '@aws-sdk/client-xray';
import { decodeText } from '../files/byte-order.ts';
import { UsageError } from '../kernel/index.ts';
import type { Invocation } from '../model.ts';
import { matchTrace } from './attach.ts';
import type { TraceFetcher } from './fetcher.ts';
import { buildTrace } from './segments.ts';
import { rivalTraces, TracesByRequest, traceIdOf } from './trace-of-request.ts';
import type { Trace } from './types.ts';

/** What a traces file held: the traces it gives, and the entries it could not use. */
export interface TraceFileContents {
  traces: Trace[];
  /** Elements of its `Traces` list. */
  entries: number;
  /** Places in `Traces` of the entries without an `Id` or a `Segments` list, skipped (the first few). */
  skipped: number[];
  /** How many were skipped, all told. */
  skippedCount: number;
}

/** Places of skipped entries kept to name: enough to find them in the file. */
const SKIPPED_NAMED = 3;

/** `BatchGetTraces` output (`{ Traces: [{ Id, Segments: [{ Document }] }] }`) → traces, unreadable entries skipped and counted. */
export function readBatchGetTraces(output: unknown): TraceFileContents {
  const list = (output as { Traces?: unknown } | null)?.Traces;
  const contents: TraceFileContents = { traces: [], entries: 0, skipped: [], skippedCount: 0 };
  if (!Array.isArray(list)) return contents;
  contents.entries = list.length;
  for (let i = 0; i < list.length; i++) {
    const api = list[i] as ApiTrace | null | undefined;
    if (typeof api?.Id !== 'string' || !Array.isArray(api.Segments)) {
      if (contents.skipped.length < SKIPPED_NAMED) contents.skipped.push(i);
      contents.skippedCount++;
      continue;
    }
    contents.traces.push(buildTrace(api));
  }
  return contents;
}

/** `BatchGetTraces` output → traces, unreadable entries skipped. */
export function tracesFromBatchGetTraces(output: unknown): Trace[] {
  return readBatchGetTraces(output).traces;
}

/** Reads a BatchGetTraces JSON file; a file that is not one is a usage error naming it. */
export async function readTraceFile(path: string, flag = '--traces-file'): Promise<TraceFileContents> {
  let raw: unknown;
  try {
    raw = JSON.parse(decodeText(await readFile(path)));
  } catch (cause) {
    throw new UsageError(
      `${flag} ${path}: not readable as BatchGetTraces JSON (${(cause as Error).message})`,
    );
  }
  if (!Array.isArray((raw as { Traces?: unknown } | null)?.Traces)) {
    throw new UsageError(
      `${flag} ${path}: no "Traces" list (expected the output of aws xray batch-get-traces)`,
    );
  }
  return readBatchGetTraces(raw);
}

/**
 * Which of a file's traces the invocations read found, for saying when none did (a file of
 * another day, another function, other requests), where each invocation's own line says
 * only that its trace is not in the file. An invocation finds a trace by the rule every
 * command joins them by (trace-of-request.ts), and the trace must pass the same request-ID
 * check (`matchTrace`) as when it is shown.
 */
export class TraceFileMatches {
  private readonly byId = new Map<string, Trace>();
  private readonly byRequest = new TracesByRequest();
  private readonly matched = new Set<string>();
  /** Invocations read, those whose logs named a trace ID, and those whose named trace is another request's. */
  invocations = 0;
  traced = 0;
  mismatched = 0;
  /**
   * Invocations whose logs name no trace ID and whose request more than one of the file's
   * traces names, so none was joined; the first of them, with how many traces name it.
   */
  rivalled = 0;
  firstRivalled: { requestId: string; traces: number } | null = null;

  constructor(readonly traces: readonly Trace[]) {
    for (const t of traces) {
      this.byId.set(t.traceId, t);
      this.byRequest.add(t);
    }
  }

  /**
   * Notes one invocation read, whether or not it names a trace; `again` for one built again
   * (a late REPORT) that names a trace it did not before: counted once, looked up again.
   */
  note(invocation: Invocation, again = false): void {
    if (!again) this.invocations++;
    if (invocation.traceId) this.traced++;
    const rivals = rivalTraces(invocation, this.byRequest);
    if (rivals > 0) {
      this.rivalled++;
      this.firstRivalled ??= { requestId: invocation.requestId, traces: rivals };
    } else if (again && this.byRequest.count(invocation.requestId) > 1) {
      // Noted before naming none, rivalled then; now its logs name one.
      this.rivalled--;
      if (this.firstRivalled?.requestId === invocation.requestId) this.firstRivalled = null;
    }
    const id = traceIdOf(invocation, this.byRequest);
    const trace = id === undefined ? undefined : this.byId.get(id);
    if (!trace) return;
    if (matchTrace(invocation, trace).match === 'mismatch') this.mismatched++;
    else this.matched.add(trace.traceId);
  }

  /** How many of the file's traces an invocation found. */
  get matchedTraces(): number {
    return this.matched.size;
  }
}

/** Answers trace lookups from traces already read: what the file lacks is missing at once. */
export function createFileTraceFetcher(traces: readonly Trace[]): TraceFetcher {
  const byId = new Map(traces.map((t) => [t.traceId, t]));
  const byRequest = new TracesByRequest();
  for (const t of traces) byRequest.add(t);
  let found = 0;
  let missing = 0;
  return {
    async fetch(traceIds) {
      const hits = new Map<string, Trace>();
      const absent: string[] = [];
      for (const id of new Set(traceIds)) {
        const trace = byId.get(id);
        if (trace) hits.set(id, trace);
        else absent.push(id);
      }
      found += hits.size;
      missing += absent.length;
      return { found: hits, missing: absent };
    },
    traceIdOf: (invocation) => traceIdOf(invocation, byRequest),
    rivalTraces: (invocation) => rivalTraces(invocation, byRequest),
    // A file holds what it holds: asking again finds nothing more.
    indexingMs: 0,
    source: 'file',
    stats: () => ({ calls: 0, found, missing }),
  };
}
