/**
 * What a row of the tail holds, in bytes, for the ring's bound on them (ring.ts): its lines,
 * each counted as at most what keeping it costs (`keptSize`, held-text.ts).
 */
import { keptSize, MIB } from '../../collectors/correlator/held-text.ts';
import type { Invocation } from '../../collectors/model.ts';

/**
 * 128 MiB of lines: a few MB is what 2,000 rows of ordinary lines take, and the tail aims
 * to stay under 300 MB of memory in all; the rows that left, kept while the screen may
 * still show them, take a quarter of it more (`DEFAULT_MAX_RECENT_BYTES`).
 */
export const DEFAULT_MAX_RING_BYTES = 128 * MIB;
export const DEFAULT_MAX_RECENT_BYTES = 32 * MIB;

/** What a completed invocation's lines count for. */
export function invocationBytes(inv: Pick<Invocation, 'lines'>): number {
  let bytes = 0;
  for (const line of inv.lines) bytes += keptSize(line.message);
  return bytes;
}
