/**
 * A message longer than the parse limit is not parsed whole (CloudWatch caps an event at
 * 1 MB, so such a line comes from a file, and its megabytes say nothing the correlator
 * needs); its head is, with the same parsers, for what a line states first: its time, level
 * and request ID — a runtime's `<time>\t<id>\t<LEVEL>\t` prefix, or the members of a JSON
 * line before its long one. Without them the line lost its time (stored undated, marked
 * `timestamp_missing`), its level and, outside its invocation's START and END, its request.
 */
import { parseAppText } from './app-line.ts';
import { parseJsonRecord } from './json-record.ts';
import type { AppLine } from './types.ts';

/** Characters of a long message read: a prefix or a JSON line's leading members fit many times over. */
export const HEAD_LENGTH = 8 * 1024;

/**
 * The whole members of a JSON object cut short, closed as an object (`{"a":1,"b":"x…` is
 * read as `{"a":1}`); null when no member is whole, or when the object ends within the head
 * (then it was not cut, and the message is not one JSON object).
 */
export function closedJsonHead(head: string): string | null {
  let depth = 0;
  let inString = false;
  let lastWhole = -1;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth === 0) return null;
    } else if (c === 44 /* , */ && depth === 1) lastWhole = i;
  }
  return lastWhole > 0 ? `${head.slice(0, lastWhole)}}` : null;
}

/**
 * An app line of the time, level and request ID the head of `message` (from `start`, past
 * its white space) states. Nothing else is taken: a failure phrase or a platform record's
 * shape at the start of a megabyte line is not what that line is, and its JSON is read
 * (cut to fit) where it is stored, as for any line.
 */
export function parseLineHead(message: string, start: number): AppLine {
  const head = message.slice(start, start + HEAD_LENGTH);
  const closed = head.charCodeAt(0) === 123 /* { */ ? closedJsonHead(head) : null;
  const parsed = (closed !== null ? parseJsonRecord(closed) : null) ?? parseAppText(head);
  return {
    kind: 'app',
    requestId: 'requestId' in parsed ? parsed.requestId : null,
    level: parsed.kind === 'app' ? parsed.level : null,
    time: parsed.time,
    traceId: null,
    coldStart: null,
    signal: null,
    errorType: null,
  };
}
