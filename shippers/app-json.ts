/**
 * Application JSON found in a log message, kept as one namespaced object with a bounded
 * number of fields so that arbitrary app logs cannot blow up the index mapping.
 */

export const DEFAULT_MAX_JSON_FIELDS = 100;

export interface AppJson {
  value: Record<string, unknown>;
  /** Leaf fields left out because of the cap. */
  droppedFields: number;
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
  const budget = { left: maxFields, dropped: 0 };
  const value = capObject(parsed as Record<string, unknown>, budget, 0);
  return { value, droppedFields: budget.dropped };
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

const MAX_DEPTH = 8;

function capObject(
  input: Record<string, unknown>,
  budget: { left: number; dropped: number },
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    const val = input[key];
    if (val !== null && typeof val === 'object' && !Array.isArray(val) && depth < MAX_DEPTH) {
      const child = capObject(val as Record<string, unknown>, budget, depth + 1);
      if (Object.keys(child).length > 0) out[key] = child;
      continue;
    }
    if (budget.left <= 0) {
      budget.dropped++;
      continue;
    }
    budget.left--;
    // Arrays and too-deep objects are kept as their JSON text: one leaf, one keyword.
    out[key] = val !== null && typeof val === 'object' ? JSON.stringify(val) : val;
  }
  return out;
}
