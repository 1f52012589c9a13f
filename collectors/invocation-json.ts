/**
 * An invocation as one line of NDJSON, the public contract of `--output ndjson`:
 * `JSON.stringify` of the invocation as the correlator builds it, whose fields are
 * `emptyInvocation`'s in its order and whose lines hold `timestamp`, `level`, `message`
 * and, when CloudWatch gave one, `eventId` (a test holds the correlator to that shape).
 *
 * The engine's own writer, rather than one that knows the shape and quotes each field
 * itself: such a writer made about a hundred strings an invocation (each quoted field,
 * each piece between them), which the output then joined, flattened and collected, while
 * `JSON.stringify` writes one flat string. `logs --output ndjson` over an `aws logs tail`
 * copy ran a tenth faster end to end with it, and the garbage collector's share of its
 * profile halved.
 */
import { LONGEST_STRING, mayPassLongestString } from './longest-string.ts';
import type { Invocation } from './model.ts';

export function invocationJson(inv: Invocation): string {
  return JSON.stringify(inv);
}

/** What is written of an invocation: the invocation itself, or it with fields added after its own. */
type InvocationValue = Pick<Invocation, 'lines'>;

/**
 * An invocation's JSON a piece at a time, the pieces together `JSON.stringify`'s text: a
 * field at a time, `lines` a line at a time (the other fields are scalars, or the trace's
 * short summary): each piece is what `JSON.stringify` writes of its part, in the order it
 * writes them (the own keys' order), and, as it does, without the fields left undefined.
 */
export function* invocationJsonPieces<T extends InvocationValue>(value: T): Generator<string> {
  const fields = value as unknown as Record<string, unknown>;
  let before = '{';
  for (const key of Object.keys(fields)) {
    const field = fields[key];
    if (field === undefined) continue;
    const name = `${before}${JSON.stringify(key)}:`;
    before = ',';
    if (!Array.isArray(field)) {
      yield `${name}${JSON.stringify(field)}`;
      continue;
    }
    yield `${name}[`;
    for (let i = 0; i < field.length; i++) yield `${i === 0 ? '' : ','}${JSON.stringify(field[i])}`;
    yield ']';
  }
  yield before === '{' ? '{}' : '}';
}

/**
 * Hands an invocation's NDJSON line to `put`, in one piece but for the longest; returns
 * whether any `put` asked to wait. An invocation of sixteen 15 MiB lines of a control
 * character is past V8's longest string written as JSON (see longest-string.ts): its
 * `JSON.stringify` threw "Invalid string length", and `logs --output ndjson` stopped there,
 * exit 1, without a line of it. Such an invocation goes a field and a line at a time; each
 * alone (of a line of 16 MiB at most as read) fits.
 */
export function putInvocationNdjson<T extends InvocationValue>(
  value: T,
  put: (text: string) => boolean,
): boolean {
  let text: string | null = null;
  // JSON writes a character as six at most (`\u0001`).
  if (!mayPassLongestString(value.lines, 6)) {
    try {
      text = JSON.stringify(value);
    } catch (error) {
      // A field longer than the estimate leaves room for: in pieces after all.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  // A text of exactly the longest length has no room for its newline: in pieces too.
  if (text !== null && text.length < LONGEST_STRING) return put(`${text}\n`);
  let wait = false;
  for (const piece of invocationJsonPieces(value)) wait = put(piece) || wait;
  return put('\n') || wait;
}
