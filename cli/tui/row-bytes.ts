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

/**
 * The most one row's lines may take: a quarter of the ring's bytes. A row past the ring's
 * bytes on its own left at once (sixteen lines of 15 MiB: "dropped 1", nothing to open),
 * and one near them pushed out every other; a row past this keeps its first lines, the
 * rest counted as lines not kept, as the correlator counts those past its own bounds.
 */
export const ROW_SHARE_OF_RING = 4;

/** What a completed invocation's lines count for. */
export function invocationBytes(inv: Pick<Invocation, 'lines'>): number {
  let bytes = 0;
  for (const line of inv.lines) bytes += keptSize(line.message);
  return bytes;
}

/**
 * The invocation as a row holds it, and what its lines count for: its first lines that fit
 * in `maxBytes`, the others counted in `droppedLines`; the invocation itself when all fit.
 */
export function withinRowBytes(inv: Invocation, maxBytes: number): { invocation: Invocation; bytes: number } {
  let bytes = 0;
  for (let i = 0; i < inv.lines.length; i++) {
    const line = keptSize((inv.lines[i] as { message: string }).message);
    if (bytes + line > maxBytes) {
      const invocation = {
        ...inv,
        lines: inv.lines.slice(0, i),
        droppedLines: inv.droppedLines + inv.lines.length - i,
      };
      return { invocation, bytes };
    }
    bytes += line;
  }
  return { invocation: inv, bytes };
}
