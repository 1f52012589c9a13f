/**
 * Lambda's JSON log format: the `platform.*` records of the Telemetry API (and of the older
 * Logs API), and application JSON lines tagged with `requestId` (runtimes' JSON format) or
 * `function_request_id` (Powertools).
 */

import type { ReportMetrics } from '../model.ts';
import { failureSignal, normaliseLevel } from './app-line.ts';
import { ID_TOKEN, requestIdValue } from './request-id.ts';
import { regionOfArn } from './text-platform.ts';
import type { AppLine, ParsedLine } from './types.ts';

type Json = Record<string, unknown>;

function obj(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}
function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** `Root=1-…;Parent=…;Sampled=1` or a bare `1-…` → the X-Ray trace ID. */
export function traceIdOf(value: unknown): string | null {
  const text = str(value);
  if (!text) return null;
  const root = /Root=([^;\s]+)/.exec(text);
  if (root) return root[1] as string;
  return /^1-[0-9a-f]{8}-[0-9a-f]{24}$/.test(text) ? text : null;
}

function timeOf(o: Json): string | number | undefined {
  const t = o.time ?? o.timestamp;
  return typeof t === 'number' || typeof t === 'string' ? t : undefined;
}

function metricsOf(record: Json): ReportMetrics {
  const m = obj(record.metrics) ?? {};
  return {
    durationMs: num(m.durationMs),
    billedDurationMs: num(m.billedDurationMs),
    memorySizeMB: num(m.memorySizeMB),
    maxMemoryUsedMB: num(m.maxMemoryUsedMB),
    initDurationMs: num(m.initDurationMs),
    restoreDurationMs: num(m.restoreDurationMs),
    billedRestoreDurationMs: num(m.billedRestoreDurationMs),
  };
}

const ID_IN_TEXT = new RegExp(`RequestId:\\s*(${ID_TOKEN})`);

function platformRecord(type: string, o: Json, time: string | number | undefined): ParsedLine | null {
  const record = obj(o.record);
  const requestId = record ? requestIdValue(record.requestId) : null;
  const traceId = record ? traceIdOf(obj(record.tracing)?.value) : null;
  const status = record ? str(record.status) : null;
  const errorType = record ? str(record.errorType) : null;
  switch (type) {
    case 'platform.start':
    case 'platform.initStart':
      // AWS's own schema page shows a start record typed `platform.initStart`: a record
      // with a request ID is a start whatever its type says.
      if (requestId) {
        return {
          kind: 'start',
          requestId,
          time,
          version: record ? str(record.version) : null,
          traceId,
          functionArn: record ? str(record.functionArn) : null,
          json: true,
        };
      }
      if (type === 'platform.start') return null;
      return {
        kind: 'init-start',
        time,
        runtimeVersion: record ? str(record.runtimeVersion) : null,
        region: regionOfArn(record ? str(record.runtimeVersionArn) : null),
        functionName: record ? str(record.functionName) : null,
        initializationType: record ? str(record.initializationType) : null,
      };
    case 'platform.report':
      if (!requestId || !record) return null;
      return { kind: 'report', requestId, time, ...metricsOf(record), status, errorType, traceId };
    case 'platform.runtimeDone':
    case 'platform.end':
      if (!requestId) return null;
      return type === 'platform.end'
        ? { kind: 'end', requestId, time }
        : { kind: 'runtime-done', requestId, time, status, errorType, traceId };
    case 'platform.initReport':
    case 'platform.initRuntimeDone':
      return {
        kind: 'init-report',
        time,
        durationMs: record ? num(obj(record.metrics)?.durationMs) : null,
        phase: record ? str(record.phase) : null,
        status,
        errorType,
      };
    case 'platform.restoreStart':
      return {
        kind: 'restore-start',
        time,
        runtimeVersion: record ? str(record.runtimeVersion) : null,
        region: regionOfArn(record ? str(record.runtimeVersionArn) : null),
      };
    case 'platform.restoreReport':
    case 'platform.restoreRuntimeDone':
      return {
        kind: 'restore-report',
        time,
        durationMs: record ? num(obj(record.metrics)?.durationMs) : null,
        status,
        errorType,
      };
    default: {
      // platform.fault's record is text: `RequestId: <id> Process exited before completing request`.
      const text = typeof o.record === 'string' ? o.record : '';
      const failure = text ? failureSignal(text) : null;
      const idInText = ID_IN_TEXT.exec(text);
      return {
        kind: 'platform',
        type: type.slice('platform.'.length),
        time,
        requestId: requestId ?? (idInText ? (idInText[1] as string) : null),
        signal: failure?.signal ?? (type === 'platform.fault' ? 'crash' : null),
        errorType: errorType ?? failure?.errorType ?? null,
      };
    }
  }
}

function appRecord(o: Json, time: string | number | undefined): AppLine {
  const requestId =
    requestIdValue(o.requestId) ??
    requestIdValue(o.function_request_id) ??
    requestIdValue(o.AWSRequestId) ??
    requestIdValue(o.awsRequestId);
  const errorType = str(o.errorType);
  // An unhandled error record of the runtime: errorType with its message or stack.
  const unhandled = errorType !== null && (o.errorMessage !== undefined || o.stackTrace !== undefined);
  const message = str(o.message) ?? str(o.msg);
  const failure = message ? failureSignal(message) : null;
  return {
    kind: 'app',
    requestId,
    time,
    level: normaliseLevel(o.level ?? o.log_level ?? o.levelname ?? o.severity),
    traceId: traceIdOf(o.xray_trace_id) ?? traceIdOf(o.traceId) ?? traceIdOf(obj(o.tracing)?.value),
    coldStart: typeof o.cold_start === 'boolean' ? o.cold_start : null,
    signal: failure?.signal ?? (unhandled ? 'error' : null),
    errorType: failure?.errorType ?? (unhandled ? errorType : null),
  };
}

/** A regex rather than startsWith, which V8 runs a character at a time: every JSON line asks. */
const PLATFORM_TYPE = /^platform\./;

/** Parses a JSON log message; null when it is not a JSON object. */
export function parseJsonRecord(text: string): ParsedLine | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const o = obj(value);
  if (!o) return null;
  const time = timeOf(o);
  const type = str(o.type);
  const parsed =
    (type !== null && PLATFORM_TYPE.test(type) && platformRecord(type, o, time)) || appRecord(o, time);
  parsed.object = o;
  return parsed;
}
