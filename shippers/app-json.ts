/**
 * Application JSON found in a log message, kept as one namespaced object with a bounded
 * number of fields so that arbitrary app logs cannot blow up the index mapping. Users
 * choose what their applications log, so nothing here recurses or grows with the input:
 * the walk keeps its own stack, nesting past MAX_DEPTH and arrays become JSON text cut at
 * MAX_LEAF_CHARS, and long strings are cut there too (the whole line stays in `message`).
 */
import { cutString, jsonText } from '../collectors/kernel/index.ts';

export const DEFAULT_MAX_JSON_FIELDS = 100;
/** Object levels kept as objects; the `flattened` mapping's depth limit (10) leaves room above. */
const MAX_DEPTH = 8;
/** Characters kept of one leaf value: past the `flattened` field's ignore_above it is only stored, never indexed. */
export const MAX_LEAF_CHARS = 8_192;
/**
 * Characters kept of one key. Both engines index a leaf as its path and its value in one
 * term of at most 32,766 bytes (Elasticsearch's `flattened` keyed encoding, OpenSearch's
 * `flat_object` value-and-path): a longer key failed the whole document, and the line went
 * to the dead letters instead of the logs. Nine levels of keys this long and a leaf value
 * cut at MAX_LEAF_CHARS stay under it, at three UTF-8 bytes a character.
 */
export const MAX_KEY_CHARS = 256;

export interface AppJson {
  value: Record<string, unknown>;
  /** Leaf fields left out because of the cap. */
  droppedFields: number;
  /** Leaf values cut at MAX_LEAF_CHARS. */
  truncatedValues: number;
  /**
   * Keys cut at MAX_KEY_CHARS or holding a NUL (which Elasticsearch refuses in a `flattened`
   * key: kept as U+FFFD). A key that then names a field already kept is left out, as dropped.
   */
  cutKeys: number;
}

/** The JSON object of a message (the whole message, or the payload after a runtime's tab prefix), parsed unless the parser already did. */
export function extractAppJson(
  message: string,
  maxFields = DEFAULT_MAX_JSON_FIELDS,
  alreadyParsed?: Record<string, unknown>,
): AppJson | null {
  let parsed: unknown = alreadyParsed;
  if (parsed === undefined) {
    const text = jsonPart(message);
    if (text === null) return null;
    try {
      parsed = JSON.parse(text);
    } catch {
      return null;
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  return capObject(parsed as Record<string, unknown>, maxFields);
}

function jsonPart(message: string): string | null {
  const trimmed = message.trim();
  if (trimmed.startsWith('{')) return trimmed;
  // Text runtimes: `<ts>\t<requestId>\t<LEVEL>\t{...}`.
  const tab = trimmed.lastIndexOf('\t');
  if (tab > 0) {
    const tail = trimmed.slice(tab + 1);
    if (tail.startsWith('{')) return tail;
  }
  return null;
}

/** One object being copied: where its copy goes once done, and how far through its keys. */
interface Level {
  input: Record<string, unknown>;
  keys: string[];
  next: number;
  out: Record<string, unknown>;
  /** Null for the root. */
  parent: Record<string, unknown> | null;
  key: string;
  depth: number;
}

/**
 * The object with at most `maxFields` leaves, in document order (depth first, as written),
 * with empty objects left out. The same walk as a recursive copy, on an explicit stack.
 */
function capObject(root: Record<string, unknown>, maxFields: number): AppJson {
  let left = maxFields;
  let droppedFields = 0;
  let truncatedValues = 0;
  let cutKeys = 0;
  const value: Record<string, unknown> = {};
  const stack: Level[] = [
    { input: root, keys: Object.keys(root), next: 0, out: value, parent: null, key: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const level = stack[stack.length - 1] as Level;
    if (level.next >= level.keys.length) {
      stack.pop();
      // Attached once complete, as a recursive copy would, so a parent's keys keep their order.
      if (level.parent && Object.keys(level.out).length > 0) setKey(level.parent, level.key, level.out);
      continue;
    }
    const given = level.keys[level.next++] as string;
    const val = level.input[given];
    const key = indexableKey(given);
    if (key !== given) {
      cutKeys++;
      if (Object.hasOwn(level.out, key)) {
        droppedFields++;
        continue;
      }
    }
    if (val !== null && typeof val === 'object' && !Array.isArray(val) && level.depth < MAX_DEPTH) {
      const input = val as Record<string, unknown>;
      stack.push({
        input,
        keys: Object.keys(input),
        next: 0,
        out: {},
        parent: level.out,
        key,
        depth: level.depth + 1,
      });
      continue;
    }
    if (left <= 0) {
      droppedFields++;
      continue;
    }
    left--;
    // Arrays and too-deep objects are kept as their JSON text: one leaf, one keyword.
    if (val !== null && typeof val === 'object') {
      const text = jsonText(val, MAX_LEAF_CHARS);
      if (text.truncated) truncatedValues++;
      setKey(level.out, key, text.text);
    } else if (typeof val === 'string' && val.length > MAX_LEAF_CHARS) {
      truncatedValues++;
      setKey(level.out, key, cutString(val, MAX_LEAF_CHARS));
    } else {
      setKey(level.out, key, val);
    }
  }
  return { value, droppedFields, truncatedValues, cutKeys };
}

/** The key as both engines can index it: cut at MAX_KEY_CHARS, a NUL as U+FFFD. */
function indexableKey(key: string): string {
  const cut = cutString(key, MAX_KEY_CHARS);
  return cut.includes('\u0000') ? cut.replaceAll('\u0000', '\ufffd') : cut;
}

/** `out[key] = value`, except that a `__proto__` key from the data stays a plain key. */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
