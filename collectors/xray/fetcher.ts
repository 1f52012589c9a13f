/**
 * Fetches only the traces the correlator has seen, by ID: BatchGetTraces takes five IDs a
 * call. One `fetch` is one round over the IDs; whether a missing trace is worth asking for
 * again is the caller's to say (see `indexing.ts`): only a trace that may still be indexed is.
 */

import { BatchGetTracesCommand, type XRayClient } from '@aws-sdk/client-xray';
import type { CallContext } from '../aws/call.ts';
import { callAws } from '../aws/call.ts';
import { ConfigError } from '../kernel/index.ts';
import type { Invocation } from '../model.ts';
import { X_RAY_INDEXING_MS } from './indexing.ts';
import { buildTrace } from './segments.ts';
import type { Trace } from './types.ts';

export interface TraceFetcherConfig {
  client: XRayClient;
  ctx: CallContext;
}

export interface TraceFetchResult {
  found: Map<string, Trace>;
  /** IDs this round did not find (not indexed yet, answered as unprocessed, or not there). */
  missing: string[];
}

export interface TraceFetcher {
  fetch(traceIds: string[]): Promise<TraceFetchResult>;
  /**
   * The trace to fetch for an invocation (trace-of-request.ts), where the source knows its
   * traces' request IDs (a file); absent, the one its logs name. X-Ray has no lookup by
   * request ID, so it finds only what the logs name.
   */
  traceIdOf?(invocation: Invocation): string | undefined;
  /**
   * How many of the source's traces name the request of an invocation whose logs name no
   * trace ID, when more than one does and so none is taken (trace-of-request.ts); 0 otherwise.
   */
  rivalTraces?(invocation: Invocation): number;
  /**
   * How long after an invocation ends its trace may still be missing from this source: a
   * missing trace of an invocation younger than this is asked for again, an older one is not.
   */
  readonly indexingMs: number;
  /** Where traces are looked up, for saying where one was not found. */
  readonly source: 'xray' | 'file';
  stats(): { calls: number; found: number; missing: number };
}

const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;

export class TraceIdError extends ConfigError {
  constructor(traceId: string) {
    super(`not an X-Ray trace ID: "${traceId}" (expected 1-xxxxxxxx-yyyyyyyyyyyyyyyyyyyyyyyy)`);
    this.name = 'TraceIdError';
  }
}

export function createTraceFetcher(config: TraceFetcherConfig): TraceFetcher {
  const { client, ctx } = config;
  let calls = 0;
  let foundCount = 0;
  let missingCount = 0;

  async function batch(ids: string[]): Promise<Trace[]> {
    const traces: Trace[] = [];
    let token: string | undefined;
    do {
      calls++;
      const out = await callAws(ctx, 'xray:BatchGetTraces', (abortSignal) =>
        client.send(new BatchGetTracesCommand({ TraceIds: ids, NextToken: token }), { abortSignal }),
      );
      for (const t of out.Traces ?? []) if (t.Id && (t.Segments?.length ?? 0) > 0) traces.push(buildTrace(t));
      token = out.NextToken || undefined;
    } while (token);
    return traces;
  }

  return {
    async fetch(traceIds) {
      for (const id of traceIds) if (!TRACE_ID.test(id)) throw new TraceIdError(id);
      const found = new Map<string, Trace>();
      const asked = [...new Set(traceIds)];
      for (let i = 0; i < asked.length; i += 5) {
        for (const t of await batch(asked.slice(i, i + 5))) found.set(t.traceId, t);
      }
      // Unprocessed and not-yet-indexed IDs are alike to the caller: missing this round.
      const missing = asked.filter((id) => !found.has(id));
      foundCount += found.size;
      missingCount += missing.length;
      return { found, missing };
    },
    indexingMs: X_RAY_INDEXING_MS,
    source: 'xray',
    stats: () => ({ calls, found: foundCount, missing: missingCount }),
  };
}
