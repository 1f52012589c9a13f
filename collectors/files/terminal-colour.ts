/**
 * Text a tool coloured for a terminal, kept that way: `aws logs tail --color on`, `awslogs`
 * and `saw` with colour forced, a `script` recording, a CI job's log. Colour is a terminal's
 * escape sequences around the time and the stream, which no prefix reader would know: when
 * an input starts with one, every escape sequence is taken out as the input streams, before
 * its form is sniffed. Sequences are presentation, not log data; any other byte is kept.
 */

const ESC = 0x1b;
/** Longer than any colour sequence: an ESC `[` followed by more is not one, and is kept as text. */
const MAX_SEQUENCE = 64;

/** Whether the input's first non-blank line starts with an escape sequence (`ESC [`). */
export function startsWithColour(head: Uint8Array): boolean {
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d))
    i++;
  return head[i] === ESC && head[i + 1] === 0x5b;
}

/**
 * Where the escape sequence at `at` ends: the index after it; `at` when the bytes there are
 * no sequence (the ESC is kept); -1 when `buf` ends before the sequence can be told.
 */
function sequenceEnd(buf: Uint8Array, at: number): number {
  if (at + 1 >= buf.length) return -1;
  const kind = buf[at + 1] as number;
  if (kind === 0x5b /* [ */) {
    // A control sequence: parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E.
    const limit = Math.min(buf.length, at + MAX_SEQUENCE);
    for (let i = at + 2; i < limit; i++) {
      const b = buf[i] as number;
      if (b >= 0x40 && b <= 0x7e) return i + 1;
      if (b < 0x20 || b > 0x3f) return at;
    }
    return limit === buf.length && buf.length - at < MAX_SEQUENCE ? -1 : at;
  }
  // A character-set choice (`ESC ( B`, as `tput sgr0` writes after a colour).
  if (kind === 0x28 || kind === 0x29) return at + 2 < buf.length ? at + 3 : -1;
  return at;
}

/**
 * The chunks without escape sequences. A sequence cut between chunks is joined first; an
 * empty chunk (a live input's pause) passes through in place.
 */
export async function* withoutColour(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null;
  for await (const chunk of chunks) {
    if (chunk.length === 0) {
      yield chunk;
      continue;
    }
    const buf: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
    carry = null;
    let esc = buf.indexOf(ESC);
    if (esc < 0) {
      yield buf;
      continue;
    }
    const out = Buffer.allocUnsafe(buf.length);
    let n = 0;
    let from = 0;
    while (esc >= 0) {
      n += buf.copy(out, n, from, esc);
      const end = sequenceEnd(buf, esc);
      if (end < 0) {
        carry = Buffer.from(buf.subarray(esc));
        from = buf.length;
        break;
      }
      if (end === esc) {
        out[n++] = ESC;
        from = esc + 1;
      } else from = end;
      esc = buf.indexOf(ESC, from);
    }
    if (from < buf.length) n += buf.copy(out, n, from);
    yield out.subarray(0, n);
  }
  // An unfinished sequence where the input ends is kept as the text it is.
  if (carry !== null) yield carry;
}
