/**
 * Fetches only the traces the correlator has seen, by ID: BatchGetTraces takes five IDs a
 * call, answers some IDs as unprocessed, and a trace may not be indexed yet when its logs
 * arrive. IDs not found are asked again until `maxWaitMs` after they were first asked.
 */

import { BatchGetTracesCommand, type XRayClient } from '@aws-sdk/client-xray';
import type { CallContext } from '../aws/call.ts';
import { callAws } from '../aws/call.ts';
import { ConfigError } from '../kernel/index.ts';
import { buildTrace } from './segments.ts';
import type { Trace } from './types.ts';

export interface TraceFetcherConfig {
  client: XRayClient;
  ctx: CallContext;
  /** How long a missing trace is asked for again, default 30 s. */
  maxWaitMs?: number;
  /** Pause between rounds for missing traces, default 2 s. */
  retryIntervalMs?: number;
}

export interface TraceFetchResult {
  found: Map<string, Trace>;
  /** IDs still missing when `maxWaitMs` ran out. */
  missing: string[];
}

export interface TraceFetcher {
  fetch(traceIds: string[]): Promise<TraceFetchResult>;
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
  const maxWaitMs = config.maxWaitMs ?? 30_000;
  const retryIntervalMs = config.retryIntervalMs ?? 2000;
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
      let pending = [...new Set(traceIds)];
      const deadline = ctx.clock.now() + maxWaitMs;
      for (;;) {
        for (let i = 0; i < pending.length; i += 5) {
          for (const t of await batch(pending.slice(i, i + 5))) found.set(t.traceId, t);
        }
        // Unprocessed and not-yet-indexed IDs are treated alike: ask again until the deadline.
        pending = pending.filter((id) => !found.has(id));
        if (pending.length === 0 || ctx.clock.now() + retryIntervalMs > deadline) break;
        await ctx.sleep(retryIntervalMs, ctx.signal);
      }
      foundCount += found.size;
      missingCount += pending.length;
      return { found, missing: pending };
    },
    stats: () => ({ calls, found: foundCount, missing: missingCount }),
  };
}
