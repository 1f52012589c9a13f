/**
 * Turns log events and invocations into Elasticsearch documents named after the Elastic
 * Common Schema where it has a field, with IDs derived only from the event's identity so
 * that any re-delivery produces the same `_id`.
 */
import * as crypto from 'node:crypto';
import { identityGroup } from '../collectors/dedupe/fingerprint.ts';
import { formatIso } from '../collectors/iso-time.ts';
import { invocationTime, isPlausibleTime } from '../collectors/line-time.ts';
import {
  type Invocation,
  ingestedBytes,
  isFailure,
  type LogEvent,
  type LogLevel,
} from '../collectors/model.ts';
import { coldStartBilledMs } from '../pricing/estimate.ts';
import { writeInvocationFields } from '../pricing/sources/es-fields.ts';
import { fitsLong, storedFigure, unreadableFigures } from '../pricing/sources/es-unreadable.ts';
import { type AppJson, DEFAULT_MAX_JSON_FIELDS, extractAppJson } from './app-json.ts';
import { sourceJson } from './bulk-request.ts';
import { cutToJsonBytes } from './message-fit.ts';
import { type EventIdentity, MAX_DOCUMENT_BYTES, type ShipDocument } from './types.ts';

/** What the delivery (subscription payload, CLI flags) says about where events came from. */
export interface SourceMeta {
  region?: string | null | undefined;
  accountId?: string | null | undefined;
  subscriptionFilters?: string[] | undefined;
  policyLevel?: string | null | undefined;
  functionName?: string | null | undefined;
}

/** A priced invocation's cost in USD; absent when pricing is not available or not possible. */
export interface InvocationCost {
  totalUsd: number;
  computeUsd: number;
  requestUsd: number;
}

export type Pricer = (invocation: Invocation) => InvocationCost | null;

export interface LineFacts {
  requestId: string | null;
  level: LogLevel | null;
  traceId: string | null;
  /** Parser kind (`start`, `report`, `app`…). */
  lineKind: string;
  /** Ordinal among identical lines of the same stream and millisecond. */
  ordinal: number;
  /**
   * Whether the input holds the line's millisecond from its start, so that the ordinal
   * counts every identical line before it; absent: not known to.
   */
  ordinalComplete?: boolean | undefined;
  /**
   * The time that places and names the line, the same on every run: its event's, the one
   * its text carries, or its anchor's (the timed line before it in its stream); NaN: none.
   */
  time: number;
  timeSource: 'event' | 'line' | 'anchor' | 'none';
  /**
   * The time of the invocation the line belongs to, once known (NaN or absent: none): what
   * a line without a time of its own is shown at, rather than the time it was shipped.
   */
  invocationTime?: number | undefined;
  /** The message's JSON object when the parser already read it. */
  json?: Record<string, unknown> | undefined;
}

/**
 * The one-shot `crypto.hash` (Node 20.12+) costs a third of a `Hash` object per document;
 * both give the same digest, so IDs stay what they were.
 */
const sha256 =
  typeof crypto.hash === 'function'
    ? (text: string) => crypto.hash('sha256', text, 'base64url')
    : (text: string) => crypto.createHash('sha256').update(text).digest('base64url');

/** An ID: the first 32 characters of the digest of its parts joined by NUL (the caller joins them). */
function idOf(joined: string): string {
  return sha256(joined).slice(0, 32);
}

/**
 * `_id` of a line, the same whether it was read with its CloudWatch event ID (a
 * subscription payload, `filter-log-events`) or without (a text copy): its stream, its time
 * (see `LineFacts.time`), its message and its ordinal among identical lines of that
 * millisecond, and the message without the newline CloudWatch keeps and copies drop. The
 * group is named as the dedupe names it (a Lambda group by its function, an input without
 * a group by the function it stands for), by content and by ID alike.
 *
 * Two events of one millisecond with the same message and different IDs must stay two, and
 * a delivery or an export may begin between them, where the second would count itself
 * first. So an event with an ID is named by its content only when it is certainly the first
 * of its kind in its millisecond (the input holds that millisecond from its start, or the
 * line is one a request has once); otherwise by its ID, which no other event has. Such
 * twins read without IDs are then stored once more: a duplicate, never a loss.
 */
export function lineDocumentId(
  event: LogEvent,
  ordinal: number,
  time = event.timestamp,
  ordinalComplete = false,
): string {
  const group = identityGroup(event) ?? '';
  const stream = event.logStream ?? '';
  if (event.eventId && !(ordinal === 0 && ordinalComplete))
    return idOf(`${group}\u0000${stream}\u0000${event.eventId}`);
  return idOf(`${group}\u0000${stream}\u0000${time}\u0000${ordinal}\u0000${messageOf(event)}`);
}

export function invocationDocumentId(invocation: Invocation): string {
  return idOf(`invocation\u0000${invocation.functionName ?? ''}\u0000${invocation.requestId}`);
}

/** Lambda's stream names start with the day the execution environment began: `2026/01/10/[$LATEST]…`. */
const STREAM_DAY = /^(\d{4})\/(\d{2})\/(\d{2})\//;

/**
 * Where an invocation document is placed. Its parts may fall on two days (it spans
 * midnight, or one delivery holds its START and another its REPORT), yet every build of it
 * must land in the same index or its `_id` would exist twice. The log stream's date is
 * carried by every part, so it decides when there is one; otherwise the start, seen or
 * worked out from the REPORT (its time less the duration), then the first line. An
 * invocation whose lines carry no time at all goes to the undated index, as such lines do:
 * a day index (and the cost report that reads it by time) has nothing to place it by.
 */
export function invocationPlacement(invocation: Invocation, time = invocationTime(invocation)): number {
  if (!isPlausibleTime(time)) return Number.NaN;
  const day = invocation.logStream ? STREAM_DAY.exec(invocation.logStream) : null;
  if (day) {
    const ms = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    if (Number.isFinite(ms)) return ms;
  }
  const start = invocation.start ? Date.parse(invocation.start) : Number.NaN;
  if (invocation.version !== null && Number.isFinite(start)) return start;
  const end = invocation.end ? Date.parse(invocation.end) : Number.NaN;
  const duration = invocation.durationMs;
  if (duration !== null && Number.isFinite(duration) && Number.isFinite(end))
    return end - Math.round(duration);
  return start;
}

/** Line counts above this add nothing to the version: 2^21 lines is beyond any real invocation. */
const LINE_BITS = 21;
/** The flag of a completeness version that says the build carries a price. */
const PRICED_FLAG = 4;

/**
 * How complete a build of an invocation document is, as its external version: ended
 * before reported, reported before priced, then traced, then started, then line count. A
 * build from more of the invocation's events never scores lower, so the fullest build
 * wins whatever order builds arrive in, and an equal score (the same build delivered
 * again) is answered "already there".
 */
export function completenessVersion(invocation: Invocation, priced: boolean): number {
  const flags =
    (invocation.status !== 'incomplete' ? 16 : 0) +
    (invocation.billedDurationMs !== null || invocation.durationMs !== null ? 8 : 0) +
    (priced ? PRICED_FLAG : 0) +
    (invocation.traceId ? 2 : 0) +
    (invocation.version !== null ? 1 : 0);
  const lines = Math.min(invocation.lines.length + invocation.droppedLines, 2 ** LINE_BITS - 1);
  return 1 + flags * 2 ** LINE_BITS + lines;
}

/** Whether a document is a build of an invocation that carries a price, read from its version. */
export function isPricedBuild(doc: Pick<ShipDocument, 'kind' | 'version'>): boolean {
  if (doc.kind !== 'invocation' || doc.version === null) return false;
  return (Math.floor((doc.version - 1) / 2 ** LINE_BITS) & PRICED_FLAG) !== 0;
}

/** ISO time of epoch ms; a time no log can carry (hostile or corrupt data) reads as `fallback`. */
function iso(ms: number, fallback = 0): string {
  return formatIso(isPlausibleTime(ms) ? ms : isPlausibleTime(fallback) ? fallback : 0);
}

function cloud(region: string | null | undefined, accountId: string | null | undefined) {
  const out: Record<string, unknown> = { provider: 'aws' };
  if (region) out.region = region;
  if (accountId) out.account = { id: accountId };
  return out;
}

/** What a line document is built from, kept so its source object can be built on demand. */
interface LineParts {
  event: LogEvent;
  /** The message as stored: the event's, or its start when the whole would not fit a document. */
  message: string;
  /** Whether `message` is the start of the event's (`lambdalens.message_truncated`). */
  messageCut: boolean;
  facts: LineFacts;
  meta: SourceMeta;
  ingestedAt: number;
  json: AppJson | null;
}

/** The CloudWatch fields of a line, as its source holds them under `aws.cloudwatch`. */
function cloudwatchOf(event: LogEvent, meta: SourceMeta): Record<string, unknown> {
  const cloudwatch: Record<string, unknown> = {};
  if (event.logGroup) cloudwatch.log_group = event.logGroup;
  if (event.logStream) cloudwatch.log_stream = event.logStream;
  if (event.eventId) cloudwatch.event_id = event.eventId;
  if (event.ingestionTime !== undefined && isPlausibleTime(event.ingestionTime))
    cloudwatch.ingestion_time = iso(event.ingestionTime);
  if (meta.subscriptionFilters && meta.subscriptionFilters.length > 0) {
    cloudwatch.subscription_filters = meta.subscriptionFilters;
  }
  if (meta.policyLevel) cloudwatch.policy_level = meta.policyLevel;
  return cloudwatch;
}

/** A copied console line may carry no time: it takes its anchor's, or none (see LineFacts.time). */
const timestampMissing = (facts: LineFacts) => facts.timeSource === 'anchor' || facts.timeSource === 'none';

/**
 * A line's `@timestamp`: its own time (or its anchor's), else its invocation's; with
 * neither, none at all: a line stays in the undated index, marked `timestamp_missing`,
 * never shown at the time it happened to be shipped.
 */
function lineTimestamp(facts: LineFacts): string | null {
  if (isPlausibleTime(facts.time)) return formatIso(facts.time);
  const invocation = facts.invocationTime ?? Number.NaN;
  return isPlausibleTime(invocation) ? formatIso(invocation) : null;
}

/**
 * The stored `message`, without the newline CloudWatch keeps; `lambdalens.message_bytes`
 * keeps the size CloudWatch counted (`ingestedBytes`), that newline included, which the
 * cost report sums from the cluster as `cost` sums it from files.
 */
const messageOf = (event: LogEvent) =>
  event.message.endsWith('\n') ? event.message.slice(0, -1) : event.message;

/** A line document's source as an object: what `lineSourceText` writes, field for field. */
function lineSource({
  event,
  message,
  messageCut,
  facts,
  meta,
  ingestedAt,
  json,
}: LineParts): Record<string, unknown> {
  const faas: Record<string, unknown> = {};
  if (meta.functionName) faas.name = meta.functionName;
  if (facts.requestId) faas.execution = facts.requestId;
  const lambdalens: Record<string, unknown> = {
    doc: 'line',
    line_kind: facts.lineKind,
    message_bytes: ingestedBytes(event),
  };
  if (messageCut) lambdalens.message_truncated = true;
  if (json) {
    lambdalens.json = json.value;
    if (json.droppedFields > 0) lambdalens.json_dropped_fields = json.droppedFields;
    if (json.truncatedValues > 0) lambdalens.json_truncated_values = json.truncatedValues;
    if (json.cutKeys > 0) lambdalens.json_cut_keys = json.cutKeys;
  }
  if (timestampMissing(facts)) lambdalens.timestamp_missing = true;
  const timestamp = lineTimestamp(facts);
  const source: Record<string, unknown> = {
    ...(timestamp === null ? {} : { '@timestamp': timestamp }),
    event: { ingested: iso(ingestedAt), kind: 'event', dataset: 'lambdalens.log' },
    message,
    log: facts.level ? { level: facts.level } : {},
    aws: { cloudwatch: cloudwatchOf(event, meta) },
    faas,
    cloud: cloud(meta.region, meta.accountId),
    lambdalens,
  };
  if (facts.traceId) source.trace = { id: facts.traceId };
  return source;
}

const quote = JSON.stringify as (text: string) => string;

/**
 * The parts of a line's source that only its delivery decides (see `metaText`), as JSON:
 * the end of `aws.cloudwatch`, the start of `faas`, and the whole of `cloud`.
 */
interface MetaText {
  cloudwatchTail: string;
  functionName: string;
  cloud: string;
}

let lastMeta: SourceMeta | null = null;
let lastMetaText: MetaText = { cloudwatchTail: '', functionName: '', cloud: '' };

/**
 * What a delivery's meta writes into each of its lines, written once per meta rather than
 * once per line: the events of a run share one meta object (see `metaOf` in assemble.ts),
 * and meta objects are not changed once made.
 */
function metaText(meta: SourceMeta): MetaText {
  if (meta === lastMeta) return lastMetaText;
  let cloudwatchTail = '';
  if (meta.subscriptionFilters && meta.subscriptionFilters.length > 0)
    cloudwatchTail += `"subscription_filters":${JSON.stringify(meta.subscriptionFilters)},`;
  if (meta.policyLevel) cloudwatchTail += `"policy_level":${quote(meta.policyLevel)},`;
  let cloud = '{"provider":"aws"';
  if (meta.region) cloud += `,"region":${quote(meta.region)}`;
  if (meta.accountId) cloud += `,"account":{"id":${quote(meta.accountId)}}`;
  lastMeta = meta;
  lastMetaText = {
    cloudwatchTail,
    functionName: meta.functionName ? quote(meta.functionName) : '',
    cloud: `${cloud}}`,
  };
  return lastMetaText;
}

let lastIngestedAt = Number.NaN;
let lastIngested = '';

/** `event.ingested`: the clock's time, the same for the many lines built within one millisecond. */
function ingestedText(ingestedAt: number): string {
  if (ingestedAt !== lastIngestedAt) {
    lastIngestedAt = ingestedAt;
    lastIngested = iso(ingestedAt);
  }
  return lastIngested;
}

/** A one-entry cache of a text's JSON string: the lines of a run share their group and stream. */
function lastQuoted(): (text: string) => string {
  let last = '';
  let quoted = '""';
  return (text) => {
    if (text !== last) {
      last = text;
      quoted = quote(text);
    }
    return quoted;
  };
}

const quoteGroup = lastQuoted();
const quoteStream = lastQuoted();

/** `aws.cloudwatch` of a line as JSON: what `cloudwatchOf` holds, in its order. */
function cloudwatchText(event: LogEvent, meta: MetaText): string {
  let out = '';
  if (event.logGroup) out += `"log_group":${quoteGroup(event.logGroup)},`;
  if (event.logStream) out += `"log_stream":${quoteStream(event.logStream)},`;
  if (event.eventId) out += `"event_id":${quote(event.eventId)},`;
  if (event.ingestionTime !== undefined && isPlausibleTime(event.ingestionTime))
    out += `"ingestion_time":"${iso(event.ingestionTime)}",`;
  out += meta.cloudwatchTail;
  // Every field above ends in a comma: the last one's is dropped.
  return out === '' ? '{}' : `{${out.slice(0, -1)}}`;
}

/**
 * A line document's source as JSON, written in the fixed order of `lineSource` without
 * building the object: `JSON.stringify` of the whole object was a fifth of building
 * documents. Byte for byte the same (a test holds the two to it on every fixture and on
 * fuzzed lines); the application JSON in it is serialized whole, as before.
 */
function lineSourceText({ event, message, messageCut, facts, meta, ingestedAt, json }: LineParts): string {
  const timestamp = lineTimestamp(facts);
  const m = metaText(meta);
  let out = `{${timestamp === null ? '' : `"@timestamp":"${timestamp}",`}"event":{"ingested":"${ingestedText(ingestedAt)}","kind":"event","dataset":"lambdalens.log"},"message":${quote(message)},"log":${facts.level ? `{"level":${quote(facts.level)}}` : '{}'},"aws":{"cloudwatch":${cloudwatchText(event, m)}},"faas":{`;
  if (m.functionName !== '') {
    out += `"name":${m.functionName}`;
    if (facts.requestId) out += `,"execution":${quote(facts.requestId)}`;
  } else if (facts.requestId) out += `"execution":${quote(facts.requestId)}`;
  out += `},"cloud":${m.cloud},"lambdalens":{"doc":"line","line_kind":${quote(facts.lineKind)},"message_bytes":${ingestedBytes(event)}`;
  if (messageCut) out += ',"message_truncated":true';
  if (json) {
    out += `,"json":${sourceJson(json.value)}`;
    if (json.droppedFields > 0) out += `,"json_dropped_fields":${json.droppedFields}`;
    if (json.truncatedValues > 0) out += `,"json_truncated_values":${json.truncatedValues}`;
    if (json.cutKeys > 0) out += `,"json_cut_keys":${json.cutKeys}`;
  }
  if (timestampMissing(facts)) out += ',"timestamp_missing":true';
  out += '}';
  if (facts.traceId) out += `,"trace":{"id":${quote(facts.traceId)}}`;
  return `${out}}`;
}

/** The first characters of the texts `flattened` read, kept only so that the reading is not dropped. */
let _firstCharacters = 0;

/**
 * The text as one string. V8 keeps a string built by `+` or a template as a tree of its
 * pieces (a line document's text has about twenty) until something reads it. A document
 * waits in its batch for the bulk request's answer, through collections of the young
 * generation that each copy every piece still alive; reading a character makes V8 join the
 * pieces into one string, once, and let them go. The optimizing compiler drops a reading
 * whose result nothing uses (the tree then stays), hence the variable it goes into.
 */
function flattened(text: string): string {
  _firstCharacters ^= text.charCodeAt(0);
  return text;
}

/** Room kept in a document for its bulk action line (index, ID, version: under 200 bytes). */
const ACTION_LINE_ROOM = 1024;
/** The most a line document's source may take to be sent at all (see MAX_DOCUMENT_BYTES). */
const MAX_LINE_SOURCE_BYTES = MAX_DOCUMENT_BYTES - ACTION_LINE_ROOM;

/**
 * A line's source and its JSON, the message cut to the start that fits when the whole would
 * make the document too large to send: lines of 10 to 16 MiB (the reader's bound) were
 * otherwise always dead-lettered whole. The ID and `message_bytes` are the whole line's.
 */
function fittedLineSource(parts: LineParts): { parts: LineParts; text: string } {
  // A message of more UTF-16 units than the bound has bytes is past it however it is written
  // (a unit takes one byte at least): it is cut without its whole text written first, which
  // for a 15 MiB line of control characters was 90 million characters.
  if (parts.message.length <= MAX_LINE_SOURCE_BYTES) {
    const text = lineSourceText(parts);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a shorter text fits without being measured.
    if (text.length * 3 <= MAX_LINE_SOURCE_BYTES || Buffer.byteLength(text) <= MAX_LINE_SOURCE_BYTES)
      return { parts, text };
  }
  const empty: LineParts = { ...parts, message: '', messageCut: true };
  // What the rest of the source takes, less the empty message's two quotes, which the cut counts.
  const rest = Buffer.byteLength(lineSourceText(empty)) - 2;
  const cut: LineParts = { ...empty, message: cutToJsonBytes(parts.message, MAX_LINE_SOURCE_BYTES - rest) };
  return { parts: cut, text: lineSourceText(cut) };
}

/**
 * A line document, its source written as JSON; the object is read back from that text only
 * if asked for (a dead letter), the same object field for field (see `lineDocumentSource`).
 * Nothing else of the line is kept: a document waits in its batch until the cluster
 * answers, and its event, facts and application JSON kept with it made each collection of
 * the young generation copy them all.
 */
class LineDocument implements ShipDocument {
  readonly kind = 'line' as const;
  readonly version = null;
  private built: Record<string, unknown> | null = null;

  constructor(
    readonly id: string,
    readonly placement: number,
    readonly identity: EventIdentity,
    readonly sourceText: string,
  ) {}

  get source(): Record<string, unknown> {
    this.built ??= JSON.parse(this.sourceText) as Record<string, unknown>;
    return this.built;
  }
}

/** What a line document is built from, as `buildLineDocument` gathers it. */
function lineParts(
  event: LogEvent,
  facts: LineFacts,
  meta: SourceMeta,
  ingestedAt: number,
  maxJsonFields: number,
): LineParts {
  const json = extractAppJson(event.message, maxJsonFields, facts.json);
  return { event, message: messageOf(event), messageCut: false, facts, meta, ingestedAt, json };
}

/** A number for a `long` field, none when it holds no such number (the cluster would refuse the document). */
function longOrNone(value: number): number | undefined {
  return fitsLong(value) ? value : undefined;
}

/** ECS `event.duration`: the duration in nanoseconds, none when it is unreadable or past a `long`. */
function nanoseconds(ms: number | null): number | undefined {
  return ms === null ? undefined : longOrNone(Math.round(ms * 1e6));
}

/**
 * A line document's source as an object, built field by field: the shape the document's
 * text is written in, kept as that writer's reference (tests hold the two equal).
 */
export function lineDocumentSource(
  event: LogEvent,
  facts: LineFacts,
  meta: SourceMeta,
  ingestedAt: number,
  maxJsonFields = DEFAULT_MAX_JSON_FIELDS,
): Record<string, unknown> {
  return lineSource(fittedLineSource(lineParts(event, facts, meta, ingestedAt, maxJsonFields)).parts);
}

export function buildLineDocument(
  event: LogEvent,
  facts: LineFacts,
  meta: SourceMeta,
  ingestedAt: number,
  maxJsonFields = DEFAULT_MAX_JSON_FIELDS,
): ShipDocument {
  // Placed by its time, the same on every run, or, with none, in the undated index.
  return new LineDocument(
    lineDocumentId(event, facts.ordinal, facts.time, facts.ordinalComplete),
    facts.time,
    {
      logGroup: event.logGroup ?? null,
      logStream: event.logStream ?? null,
      eventId: event.eventId ?? null,
      requestId: facts.requestId,
    },
    flattened(fittedLineSource(lineParts(event, facts, meta, ingestedAt, maxJsonFields)).text),
  );
}

export function buildInvocationDocument(
  invocation: Invocation,
  meta: SourceMeta,
  ingestedAt: number,
  cost: InvocationCost | null,
): ShipDocument {
  const time = invocationTime(invocation);
  const placement = invocationPlacement(invocation, time);
  const status = invocation.status;
  // Field names and types are owned by the document schema, shared with the template and the cost report.
  const source = writeInvocationFields({
    // No time in its lines: no @timestamp at all, never the time it was shipped, which would
    // count it in the month of shipping wherever it is searched or reported by time.
    timestamp: isPlausibleTime(time) ? formatIso(time) : undefined,
    timestampMissing: isPlausibleTime(time) ? undefined : true,
    ingested: iso(ingestedAt),
    eventKind: 'event',
    dataset: 'lambdalens.invocation',
    outcome: status === 'success' ? 'success' : isFailure(status) ? 'failure' : 'unknown',
    eventDuration: nanoseconds(invocation.durationMs),
    requestId: invocation.requestId,
    coldStart: invocation.coldStart,
    functionName: invocation.functionName ?? meta.functionName ?? undefined,
    version: invocation.version ?? undefined,
    provider: 'aws',
    region: invocation.region ?? meta.region ?? undefined,
    accountId: invocation.accountId ?? meta.accountId ?? undefined,
    logGroup: invocation.logGroup ?? undefined,
    logStream: invocation.logStream ?? undefined,
    doc: 'invocation',
    status,
    invocationColdStart: invocation.coldStart,
    durationMs: storedFigure('durationMs', invocation.durationMs),
    billedDurationMs: storedFigure('billedDurationMs', invocation.billedDurationMs),
    memorySizeMB: storedFigure('memorySizeMB', invocation.memorySizeMB),
    maxMemoryUsedMB: storedFigure('maxMemoryUsedMB', invocation.maxMemoryUsedMB),
    initDurationMs: storedFigure('initDurationMs', invocation.initDurationMs),
    restoreDurationMs: storedFigure('restoreDurationMs', invocation.restoreDurationMs),
    billedRestoreDurationMs: storedFigure('billedRestoreDurationMs', invocation.billedRestoreDurationMs),
    // The figures above that are NaN, ±Infinity (JSON has neither) or past their `long`
    // field (the cluster would refuse the whole document) are written null: this says which
    // they were, for the cost report to refuse them as it refuses the line.
    unreadableFigures: unreadableFigures(invocation),
    coldStartBilledMs: invocation.coldStart ? longOrNone(coldStartBilledMs(invocation)) : undefined,
    initializationType: invocation.initializationType ?? undefined,
    lineCount: invocation.lines.length + invocation.droppedLines,
    droppedLines: invocation.droppedLines,
    start: invocation.start,
    end: invocation.end,
    runtimeVersion: invocation.runtimeVersion,
    traceId: invocation.traceId ?? undefined,
    errorType: invocation.errorType ?? undefined,
    costTotalUsd: cost?.totalUsd,
    costComputeUsd: cost?.computeUsd,
    costRequestUsd: cost?.requestUsd,
  });
  return {
    kind: 'invocation',
    id: invocationDocumentId(invocation),
    placement,
    version: completenessVersion(invocation, cost !== null),
    source,
    identity: {
      logGroup: invocation.logGroup,
      logStream: invocation.logStream,
      eventId: null,
      requestId: invocation.requestId,
    },
  };
}
