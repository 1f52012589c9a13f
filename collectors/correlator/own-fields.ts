/**
 * What the correlator keeps of a line may outlive the line: a request ID files an open
 * invocation; a version, trace ID, status, error type or runtime is kept with it or with
 * its stream. A part cut from a message is, in V8, a view of the whole message, so an
 * invocation opened by a START line of a megabyte kept that megabyte, though the line was
 * not kept (`cost` keeps no lines) or was let go of at the bound on held text: 6,000 such
 * STARTs ran out of memory. So the fields of a long message are copied out before anything
 * keeps them, and a value longer than any Lambda writes (a megabyte of trace ID) is none:
 * the line itself is kept as any line is. Most lines are short and cost nothing here.
 */
import { ownCopy } from '../kernel/index.ts';
import { plainLine } from '../parser/parse-line.ts';
import type { ParsedLine } from '../parser/types.ts';

/** Messages at least this long have their fields copied out; a longer field is none. */
export const OWN_FIELDS_FROM = 1024;

/** The fields the correlator keeps beyond the line (the request ID is bounded by the parser). */
const KEPT = [
  'version',
  'traceId',
  'functionArn',
  'status',
  'errorType',
  'runtimeVersion',
  'region',
  'functionName',
  'phase',
] as const;

/**
 * `parsed` (of a long message) with fields of its own, each within OWN_FIELDS_FROM or null;
 * an XRAY line whose trace ID is longer says nothing, and is a plain line.
 */
export function ownFields(parsed: ParsedLine): ParsedLine {
  if (parsed.kind === 'xray' && parsed.traceId.length > OWN_FIELDS_FROM) return plainLine();
  const fields = parsed as unknown as Record<string, unknown>;
  if ('requestId' in parsed && parsed.requestId !== null) fields.requestId = ownCopy(parsed.requestId);
  for (const key of KEPT) {
    const value = fields[key];
    if (typeof value === 'string') fields[key] = value.length > OWN_FIELDS_FROM ? null : ownCopy(value);
  }
  return parsed;
}
