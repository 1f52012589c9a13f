/**
 * Turns log events and invocations into Elasticsearch documents named after the Elastic
 * Common Schema where it has a field, with IDs derived only from the event's identity so
 * that any re-delivery produces the same `_id`.
 */
import * as crypto from 'node:crypto';
import { formatIso } from '../collectors/iso-time.ts';
import { type Invocation, isFailure, type LogEvent, type LogLevel } from '../collectors/model.ts';
import { DEFAULT_MAX_JSON_FIELDS, extractAppJson } from './app-json.ts';
import type { ShipDocument } from './types.ts';

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
  /** Ordinal among events of the same stream and millisecond, for events without an event ID. */
  ordinal: number;
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

function hash(...parts: string[]): string {
  return sha256(parts.join('\u0000')).slice(0, 32);
}

/** `_id` of a line: CloudWatch's event ID when there is one, else time, position and content. */
export function lineDocumentId(event: LogEvent, ordinal: number): string {
  const group = event.logGroup ?? '';
  const stream = event.logStream ?? '';
  if (event.eventId) return hash(group, stream, event.eventId);
  return hash(group, stream, String(event.timestamp), String(ordinal), event.message);
}

export function invocationDocumentId(invocation: Invocation): string {
  return hash('invocation', invocation.functionName ?? '', invocation.requestId);
}

const iso = formatIso;

function cloud(region: string | null | undefined, accountId: string | null | undefined) {
  const out: Record<string, unknown> = { provider: 'aws' };
  if (region) out.region = region;
  if (accountId) out.account = { id: accountId };
  return out;
}

export function buildLineDocument(
  event: LogEvent,
  facts: LineFacts,
  meta: SourceMeta,
  ingestedAt: number,
  maxJsonFields = DEFAULT_MAX_JSON_FIELDS,
): ShipDocument {
  const cloudwatch: Record<string, unknown> = {};
  if (event.logGroup) cloudwatch.log_group = event.logGroup;
  if (event.logStream) cloudwatch.log_stream = event.logStream;
  if (event.eventId) cloudwatch.event_id = event.eventId;
  if (event.ingestionTime !== undefined) cloudwatch.ingestion_time = iso(event.ingestionTime);
  if (meta.subscriptionFilters && meta.subscriptionFilters.length > 0) {
    cloudwatch.subscription_filters = meta.subscriptionFilters;
  }
  if (meta.policyLevel) cloudwatch.policy_level = meta.policyLevel;
  const faas: Record<string, unknown> = {};
  if (meta.functionName) faas.name = meta.functionName;
  if (facts.requestId) faas.execution = facts.requestId;
  const lambdalens: Record<string, unknown> = { doc: 'line', line_kind: facts.lineKind };
  const json = extractAppJson(event.message, maxJsonFields, facts.json);
  if (json) {
    lambdalens.json = json.value;
    if (json.droppedFields > 0) lambdalens.json_dropped_fields = json.droppedFields;
  }
  // A copied console line may carry no time: it is stamped with its ingestion instead.
  const timestamp = Number.isFinite(event.timestamp) ? event.timestamp : ingestedAt;
  if (timestamp !== event.timestamp) lambdalens.timestamp_missing = true;
  const source: Record<string, unknown> = {
    '@timestamp': iso(timestamp),
    event: { ingested: iso(ingestedAt), kind: 'event', dataset: 'lambdalens.log' },
    message: event.message.endsWith('\n') ? event.message.slice(0, -1) : event.message,
    log: facts.level ? { level: facts.level } : {},
    aws: { cloudwatch },
    faas,
    cloud: cloud(meta.region, meta.accountId),
    lambdalens,
  };
  if (facts.traceId) source.trace = { id: facts.traceId };
  return {
    kind: 'line',
    id: lineDocumentId(event, facts.ordinal),
    timestamp,
    source,
    identity: {
      logGroup: event.logGroup ?? null,
      logStream: event.logStream ?? null,
      eventId: event.eventId ?? null,
      requestId: facts.requestId,
    },
  };
}

export function buildInvocationDocument(
  invocation: Invocation,
  meta: SourceMeta,
  ingestedAt: number,
  cost: InvocationCost | null,
): ShipDocument {
  const startMs = invocation.start ? Date.parse(invocation.start) : Number.NaN;
  const endMs = invocation.end ? Date.parse(invocation.end) : Number.NaN;
  // The end (the REPORT line) picks the daily index: it is the same event on every re-delivery.
  const timestamp = Number.isFinite(endMs) ? endMs : Number.isFinite(startMs) ? startMs : ingestedAt;
  const functionName = invocation.functionName ?? meta.functionName ?? null;
  const faas: Record<string, unknown> = { execution: invocation.requestId, coldstart: invocation.coldStart };
  if (functionName) faas.name = functionName;
  if (invocation.version) faas.version = invocation.version;
  const event: Record<string, unknown> = {
    ingested: iso(ingestedAt),
    kind: 'event',
    dataset: 'lambdalens.invocation',
    outcome:
      invocation.status === 'success' ? 'success' : isFailure(invocation.status) ? 'failure' : 'unknown',
  };
  if (invocation.durationMs !== null) event.duration = Math.round(invocation.durationMs * 1e6);
  const cloudwatch: Record<string, unknown> = {};
  if (invocation.logGroup) cloudwatch.log_group = invocation.logGroup;
  if (invocation.logStream) cloudwatch.log_stream = invocation.logStream;
  const inv: Record<string, unknown> = {
    status: invocation.status,
    cold_start: invocation.coldStart,
    duration_ms: invocation.durationMs,
    billed_duration_ms: invocation.billedDurationMs,
    memory_size_mb: invocation.memorySizeMB,
    max_memory_used_mb: invocation.maxMemoryUsedMB,
    init_duration_ms: invocation.initDurationMs,
    restore_duration_ms: invocation.restoreDurationMs,
    billed_restore_duration_ms: invocation.billedRestoreDurationMs,
    line_count: invocation.lines.length + invocation.droppedLines,
    dropped_lines: invocation.droppedLines,
    start: invocation.start,
    end: invocation.end,
    runtime_version: invocation.runtimeVersion,
  };
  const source: Record<string, unknown> = {
    '@timestamp': iso(Number.isFinite(startMs) ? startMs : timestamp),
    event,
    faas,
    cloud: cloud(invocation.region ?? meta.region, invocation.accountId ?? meta.accountId),
    aws: { cloudwatch },
    lambdalens: { doc: 'invocation', invocation: inv },
  };
  if (invocation.traceId) source.trace = { id: invocation.traceId };
  if (invocation.errorType) source.error = { type: invocation.errorType };
  if (cost) {
    (source.lambdalens as Record<string, unknown>).cost = {
      total_usd: cost.totalUsd,
      compute_usd: cost.computeUsd,
      request_usd: cost.requestUsd,
    };
  }
  return {
    kind: 'invocation',
    id: invocationDocumentId(invocation),
    timestamp,
    source,
    identity: {
      logGroup: invocation.logGroup,
      logStream: invocation.logStream,
      eventId: null,
      requestId: invocation.requestId,
    },
  };
}
