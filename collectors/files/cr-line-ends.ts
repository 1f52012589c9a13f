/**
 * Text whose lines end in a carriage return alone, as classic Mac OS wrote them (and tools
 * that still do): read by line feeds it is one line, and all its invocations one. Told by its
 * start, which holds a carriage return and no line feed at all.
 */

/**
 * Whether `head` (an input's first bytes; `whole` when that is all of it) ends its lines in
 * carriage returns alone. One that is the head's last byte may be half of CRLF cut by the
 * head's end, and tells nothing.
 */
export function endsLinesInCr(head: Buffer, whole: boolean): boolean {
  if (head.indexOf(10) >= 0) return false;
  const cr = head.indexOf(13);
  return cr >= 0 && (cr < head.length - 1 || whole);
}

/** The chunks with each carriage return made a line feed (in a copy: a chunk may be the caller's). */
export async function* crAsLineFeed(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    let cr = chunk.indexOf(13);
    if (cr < 0) {
      yield chunk;
      continue;
    }
    const copy = Buffer.from(chunk);
    for (; cr >= 0; cr = copy.indexOf(13, cr + 1)) copy[cr] = 10;
    yield copy;
  }
}
