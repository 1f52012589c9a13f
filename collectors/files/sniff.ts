/**
 * Which form a text input is, from its head: cheap, and decided once an input, never a
 * line at a time, so that the hot path of a plain text copy pays nothing for the forms it
 * is not.
 */
import { csvHeader } from './csv-table.ts';
import { isTableHeader } from './pipe-table.ts';

export type Sniffed =
  | { kind: 'json'; firstLine: string | null }
  | { kind: 'base64' }
  | { kind: 'table' }
  | { kind: 'csv' }
  | { kind: 'text'; lines: string[] };

/** Lines of the head looked at for a table header or a time column. */
const LOOK_LINES = 60;
/**
 * base64 of gzip always starts `H4sI` (the gzip magic and deflate method), as every
 * subscription payload does: a long line without spaces is not enough.
 */
const BASE64_GZIP = /^H4sI[A-Za-z0-9+/]{12,}={0,2}$/;

/**
 * A JSON array begins with a value. Text lines begin with a bracket too, and are not one:
 * Python's log level (`[INFO]\t<time>\t<request ID>\t…`), a `saw --pretty` time.
 */
const JSON_ARRAY_START = /^\[\s*(?:[{["\]]|(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)\s*[,\]])/;

export function sniff(head: Buffer, whole: boolean): Sniffed {
  // A byte order mark is gone already (byte-order.ts).
  const text = head.toString('utf8');
  const start = text.trimStart();
  const firstNewline = start.indexOf('\n');
  // The last line of a head cut short may be cut too: it is not looked at.
  const firstLine = firstNewline >= 0 ? start.slice(0, firstNewline) : whole ? start : null;
  const c = start.charCodeAt(0);
  if (c === 123 /* { */ || (c === 91 /* [ */ && JSON_ARRAY_START.test(start))) {
    return { kind: 'json', firstLine: firstLine?.trim() ?? null };
  }
  if (firstLine !== null ? BASE64_GZIP.test(firstLine.trim()) : BASE64_GZIP.test(start.slice(0, 4096))) {
    return { kind: 'base64' };
  }
  const lines = start.split('\n', LOOK_LINES + 1);
  if (!whole && lines.length > 1) lines.pop();
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trimStart().startsWith('|') && isTableHeader(line)) return { kind: 'table' };
  }
  const header = lines.find((l) => l.trim().length > 0);
  if (header !== undefined && csvHeader(header.replace(/\r$/, '')) !== null) return { kind: 'csv' };
  return { kind: 'text', lines: lines.map((l) => l.replace(/\r$/, '')) };
}
