/**
 * An invocation as one line of NDJSON, the public contract of `--output ndjson`: exactly
 * the text `JSON.stringify` gives for an invocation built by `emptyInvocation` (same
 * names, same order, `undefined` left out, non-finite numbers as `null`), written by a
 * writer that knows the shape. A generic stringify walks every key of every object and
 * checks each value's type; here only the strings are escaped, and those by the engine's
 * own string quoting, so writing keeps up with parsing.
 */
import type { Invocation, InvocationLine } from './model.ts';

/** The contract's field names in order; a test holds it to `emptyInvocation`'s keys. */
export const INVOCATION_FIELDS = [
  'requestId',
  'functionName',
  'logGroup',
  'logStream',
  'status',
  'errorType',
  'coldStart',
  'start',
  'end',
  'durationMs',
  'billedDurationMs',
  'memorySizeMB',
  'maxMemoryUsedMB',
  'initDurationMs',
  'restoreDurationMs',
  'billedRestoreDurationMs',
  'traceId',
  'lines',
  'droppedLines',
  'version',
  'region',
  'accountId',
  'runtimeVersion',
  'initializationType',
] as const;

/** A string or null field, as `JSON.stringify` writes it. */
function text(value: string | null | undefined): string {
  return typeof value === 'string' ? JSON.stringify(value) : 'null';
}

/**
 * A string or null field whose value mostly repeats from one invocation (or line) to the
 * next: its function, group, stream, status, Region, a line's level. Its JSON is kept from
 * the last value: quoting a short string costs about 80 ns, comparing it with the last one a
 * few, and an invocation has a dozen such fields.
 */
class RepeatedText {
  private last: string | null = null;
  private json = 'null';

  of(value: string | null | undefined): string {
    if (typeof value !== 'string') return 'null';
    if (value !== this.last) {
      this.last = value;
      this.json = JSON.stringify(value);
    }
    return this.json;
  }
}

const functionNames = new RepeatedText();
const logGroups = new RepeatedText();
const logStreams = new RepeatedText();
const statuses = new RepeatedText();
const errorTypes = new RepeatedText();
const versions = new RepeatedText();
const regions = new RepeatedText();
const accountIds = new RepeatedText();
const runtimeVersions = new RepeatedText();
const initializationTypes = new RepeatedText();
const levels = new RepeatedText();

/** A number or null field: non-finite numbers are `null` in JSON. */
function num(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : 'null';
}

function lineJson(line: InvocationLine): string {
  const head = `{"timestamp":${text(line.timestamp)},"level":${levels.of(line.level)},"message":${text(line.message)}`;
  return line.eventId === undefined ? `${head}}` : `${head},"eventId":${text(line.eventId)}}`;
}

export function invocationJson(inv: Invocation): string {
  let lines = '';
  const all = inv.lines;
  for (let i = 0; i < all.length; i++)
    lines += i === 0 ? lineJson(all[i] as InvocationLine) : `,${lineJson(all[i] as InvocationLine)}`;
  return (
    `{"requestId":${text(inv.requestId)},"functionName":${functionNames.of(inv.functionName)}` +
    `,"logGroup":${logGroups.of(inv.logGroup)},"logStream":${logStreams.of(inv.logStream)}` +
    `,"status":${statuses.of(inv.status)},"errorType":${errorTypes.of(inv.errorType)}` +
    `,"coldStart":${inv.coldStart === true}` +
    `,"start":${text(inv.start)},"end":${text(inv.end)}` +
    `,"durationMs":${num(inv.durationMs)},"billedDurationMs":${num(inv.billedDurationMs)}` +
    `,"memorySizeMB":${num(inv.memorySizeMB)},"maxMemoryUsedMB":${num(inv.maxMemoryUsedMB)}` +
    `,"initDurationMs":${num(inv.initDurationMs)},"restoreDurationMs":${num(inv.restoreDurationMs)}` +
    `,"billedRestoreDurationMs":${num(inv.billedRestoreDurationMs)},"traceId":${text(inv.traceId)}` +
    `,"lines":[${lines}],"droppedLines":${num(inv.droppedLines)}` +
    `,"version":${versions.of(inv.version)},"region":${regions.of(inv.region)}` +
    `,"accountId":${accountIds.of(inv.accountId)},"runtimeVersion":${runtimeVersions.of(inv.runtimeVersion)}` +
    `,"initializationType":${initializationTypes.of(inv.initializationType)}}`
  );
}
