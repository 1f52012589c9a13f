/**
 * A document's `_bulk` lines as the bytes they are sent as, written once as it is prepared
 * and kept outside the JS heap until the cluster has answered for it.
 *
 * Why bytes: a document waits in its batch through the batch's fill, the read-ahead and its
 * request, longer than the young generation lives. Kept as text (its JSON, its document
 * object), every waiting document was copied by each young collection and then promoted:
 * 170 MB of 68,000 documents a run, and a young collection of 8 ms where a build alone
 * takes 1-2. Written into a large shared buffer instead, the text dies where it was made,
 * and a waiting document holds a view of its bytes and the few facts the shipper reads
 * (its ID, kind, version and the event it came from). Its source is read back from those
 * bytes only when asked for (a dead letter).
 */
import { MAX_UTF8_PER_UNIT } from '../collectors/kernel/index.ts';
import type { DocumentKind, EventIdentity, ShipDocument } from './types.ts';

/** The shared buffers documents are written into, one after the other. */
const SLAB_BYTES = 4 << 20;
/** A document this large or larger gets a buffer of its own rather than a slab's rest. */
const OWN_BUFFER_BYTES = SLAB_BYTES >> 3;
const NEWLINE = 10;

/**
 * Writes payloads into slabs. A slab is let go once full and freed once no view of it is
 * left, so what is held is what is still waiting for an answer, rounded up to a slab.
 */
export class PayloadWriter {
  private slab = Buffer.allocUnsafeSlow(0);
  private used = 0;

  /** `action` (ending in a newline), `source` and a newline, as UTF-8, in a view of their own. */
  write(action: string, source: string): Buffer {
    const room = this.slab.length - this.used;
    // The exact size costs a pass over the text: only asked for when the bound may not fit.
    if (MAX_UTF8_PER_UNIT * (action.length + source.length) + 1 > room) {
      const size = Buffer.byteLength(action) + Buffer.byteLength(source) + 1;
      if (size >= OWN_BUFFER_BYTES) return fill(Buffer.allocUnsafeSlow(size), 0, action, source);
      if (size > room) {
        this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
        this.used = 0;
      }
    }
    const view = fill(this.slab, this.used, action, source);
    this.used += view.length;
    return view;
  }
}

function fill(into: Buffer, start: number, action: string, source: string): Buffer {
  let at = start + into.write(action, start);
  at += into.write(source, at);
  into[at++] = NEWLINE;
  return into.subarray(start, at);
}

/**
 * A document as it waits for its answer: its facts, and its source read back from the
 * bytes it is sent as (the line after the action), only if asked for.
 */
export class SentDocument implements ShipDocument {
  private built: Record<string, unknown> | null = null;

  constructor(
    readonly kind: DocumentKind,
    readonly id: string,
    readonly placement: number,
    readonly version: number | null,
    readonly identity: EventIdentity,
    /** The payload: the action line, then the source's. */
    private readonly bytes: Buffer,
  ) {}

  /** The source's line: after the action's, the one newline in it (JSON escapes the others). */
  get sourceText(): string {
    return this.bytes.toString('utf8', this.bytes.indexOf(NEWLINE) + 1, this.bytes.length - 1);
  }

  get source(): Record<string, unknown> {
    this.built ??= JSON.parse(this.sourceText) as Record<string, unknown>;
    return this.built;
  }
}

/** One body of the payloads of these documents, in their order. */
export function bulkBody(payloads: readonly { payload: Buffer }[]): Buffer {
  return Buffer.concat(payloads.map((p) => p.payload));
}
