/**
 * Hand-off of invocations out of the tail: where the user asked them to go (a file, by its
 * extension text or NDJSON, or `|` for the pager) and the text written there, the same text
 * and NDJSON `lambdalens logs` prints.
 */

import { invocationJson } from '../../collectors/invocation-json.ts';
import type { Invocation } from '../../collectors/model.ts';
import { formatInvocationText } from '../output/invocation-text.ts';

export type ExportFormat = 'text' | 'ndjson';
export type ExportTarget =
  | { kind: 'pager'; format: ExportFormat }
  | { kind: 'file'; path: string; format: ExportFormat };

/** `|` (or `| ndjson`) is the pager; a path ending in .ndjson/.jsonl/.json is NDJSON, anything else text. */
export function parseExportTarget(text: string): ExportTarget {
  const t = text.trim();
  if (t.startsWith('|'))
    return { kind: 'pager', format: /ndjson|json/i.test(t.slice(1)) ? 'ndjson' : 'text' };
  return { kind: 'file', path: t, format: /\.(nd)?jsonl?$/i.test(t) ? 'ndjson' : 'text' };
}

/**
 * The text written, an invocation at a time: the ring holds up to 128 MiB of lines, and
 * their NDJSON (a control character written as six) joined into one string could pass V8's
 * longest; one invocation's stays within it (a row keeps a quarter of the ring at most).
 */
export function* exportPieces(invocations: readonly Invocation[], format: ExportFormat): Generator<string> {
  for (const inv of invocations) {
    yield format === 'ndjson' ? `${invocationJson(inv)}\n` : formatInvocationText(inv, { color: false });
  }
}
