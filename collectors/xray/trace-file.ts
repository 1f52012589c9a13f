/**
 * Traces saved to a file (`aws xray batch-get-traces … > traces.json`), for inputs that are
 * themselves files: `logs app.log --traces-file traces.json` and `tail app.log
 * --traces-file traces.json` join them to invocations as X-Ray's own answers would be joined, by trace
 * ID and checked by request ID.
 */

import { readFile } from 'node:fs/promises';
import type { Trace as ApiTrace } from '@aws-sdk/client-xray';
import { decodeText } from '../files/byte-order.ts';
import { UsageError } from '../kernel/index.ts';
import type { TraceFetcher } from './fetcher.ts';
import { buildTrace } from './segments.ts';
import type { Trace } from './types.ts';

/** `BatchGetTraces` output (`{ Traces: [{ Id, Segments: [{ Document }] }] }`) → traces, unreadable entries skipped. */
export function tracesFromBatchGetTraces(output: unknown): Trace[] {
  const traces = (output as { Traces?: unknown } | null)?.Traces;
  if (!Array.isArray(traces)) return [];
  const out: Trace[] = [];
  for (const api of traces as ApiTrace[]) {
    if (typeof api?.Id !== 'string' || !Array.isArray(api.Segments)) continue;
    out.push(buildTrace(api));
  }
  return out;
}

/** Reads a BatchGetTraces JSON file; a file that is not one is a usage error naming it. */
export async function readTraceFile(path: string, flag = '--traces-file'): Promise<Trace[]> {
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
  return tracesFromBatchGetTraces(raw);
}

/** Answers trace lookups from traces already read: what the file lacks is missing at once. */
export function createFileTraceFetcher(traces: readonly Trace[]): TraceFetcher {
  const byId = new Map(traces.map((t) => [t.traceId, t]));
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
    // A file holds what it holds: asking again finds nothing more.
    indexingMs: 0,
    source: 'file',
    stats: () => ({ calls: 0, found, missing }),
  };
}
