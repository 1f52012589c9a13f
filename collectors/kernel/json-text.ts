/**
 * JSON text of any value, built without recursion and cut at a length. `JSON.parse` reads
 * nesting of any depth, but `JSON.stringify` recurses and throws `RangeError` near 5,000
 * levels, so text that came from users (log lines, payloads) is written back through here.
 */

export interface JsonText {
  text: string;
  /** The value's text was longer than the bound and was cut (the text is then not valid JSON). */
  truncated: boolean;
}

/** Strings of more than this many characters are cut before quoting, so one huge leaf cannot allocate its whole escaped copy. */
const QUOTE_SLICE = 64 * 1024;

interface Frame {
  /** The array, or the object's own keys. */
  items: readonly unknown[];
  object: Record<string, unknown> | null;
  next: number;
  wrote: number;
}

function scalar(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      return value === null ? 'null' : undefined;
  }
}

/**
 * `JSON.stringify(value)` for data of any depth, stopping once `maxChars` are written.
 * Never throws: what `JSON.stringify` leaves out (undefined, functions) it leaves out too,
 * and `toJSON` is honoured once per value.
 */
export function jsonText(value: unknown, maxChars = Number.POSITIVE_INFINITY): JsonText {
  const parts: string[] = [];
  let length = 0;
  let truncated = false;
  const push = (text: string): boolean => {
    if (length + text.length > maxChars) {
      parts.push(text.slice(0, Math.max(0, maxChars - length)));
      length = maxChars;
      truncated = true;
      return false;
    }
    parts.push(text);
    length += text.length;
    return true;
  };
  const stack: Frame[] = [];
  /** Writes a scalar, or opens a frame for a container; false once the bound is hit. */
  const open = (raw: unknown): boolean => {
    let v = raw;
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      try {
        v = (v as { toJSON(): unknown }).toJSON();
      } catch {
        v = null;
      }
    }
    if (v === null || typeof v !== 'object') {
      const text =
        typeof v === 'string' && v.length > maxChars - length
          ? JSON.stringify(v.slice(0, Math.min(v.length, maxChars - length + 2, QUOTE_SLICE)))
          : scalar(v);
      return push(text ?? 'null');
    }
    if (Array.isArray(v)) {
      stack.push({ items: v, object: null, next: 0, wrote: 0 });
      return push('[');
    }
    const object = v as Record<string, unknown>;
    stack.push({ items: Object.keys(object), object, next: 0, wrote: 0 });
    return push('{');
  };
  if (!open(value)) return { text: parts.join(''), truncated };
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.next >= frame.items.length) {
      stack.pop();
      if (!push(frame.object ? '}' : ']')) break;
      continue;
    }
    const i = frame.next++;
    if (frame.object) {
      const key = frame.items[i] as string;
      const child = frame.object[key];
      // JSON.stringify leaves out members it cannot write.
      if (child === undefined || typeof child === 'function' || typeof child === 'symbol') continue;
      if (!push(`${frame.wrote++ > 0 ? ',' : ''}${JSON.stringify(key)}:`)) break;
      if (!open(child)) break;
    } else {
      if (frame.wrote++ > 0 && !push(',')) break;
      if (!open(frame.items[i])) break;
    }
  }
  return { text: parts.join(''), truncated };
}
