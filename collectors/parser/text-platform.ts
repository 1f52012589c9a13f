/**
 * The platform lines of Lambda's text log format: START, END, REPORT, INIT_START,
 * INIT_REPORT, RESTORE_START, RESTORE_REPORT, EXTENSION, TELEMETRY and the XRAY suffix.
 *
 * Fields are separated by tabs in CloudWatch and by runs of spaces in console and doc
 * copies, and their set has grown over the years (Init, Restore, Status, Error Type), so
 * fields are found by label, never by position.
 */
import { isRegionName } from '../aws-names.ts';
import type { ReportMetrics } from '../model.ts';
import { exactReport } from './exact-report.ts';
import { exactEnd, exactStart } from './exact-start-end.ts';
import { fieldNumber } from './field-number.ts';
import { ID_TOKEN } from './request-id.ts';
import type { EndLine, ParsedLine, ReportLine, StartLine } from './types.ts';

const FIELD =
  /(Billed Restore Duration|Restore Duration|Billed Duration|Init Duration|Max Memory Used|Memory Size|Duration|Status|Error Type|XRAY TraceId|Runtime Version ARN|Runtime Version|Phase|Version):\s*([^\s]+)/g;

/*
 * The shapes CloudWatch writes nearly every START, END and REPORT line in, matched whole
 * (to the line's end) in one pass each. Any other shape, with fields added, dropped or
 * reordered, goes the general way, by label.
 */
const USUAL_START = new RegExp(`^START RequestId:\\s*(${ID_TOKEN})\\s+Version:\\s*(\\S+)\\s*$`);
const USUAL_END = new RegExp(`^END RequestId:\\s*(${ID_TOKEN})\\s*$`);
const USUAL_REPORT = new RegExp(
  [
    `^REPORT RequestId:\\s*(${ID_TOKEN})\\s+Duration:\\s*(\\S+) ms\\s+Billed Duration:\\s*(\\S+) ms`,
    '\\s+Memory Size:\\s*(\\S+) MB\\s+Max Memory Used:\\s*(\\S+) MB\\s*',
    '(?:Init Duration:\\s*(\\S+) ms\\s*)?',
    // SnapStart
    '(?:Restore Duration:\\s*(\\S+) ms\\s+Billed Restore Duration:\\s*(\\S+) ms\\s*)?',
    // The new-style outcome of a failed invocation
    '(?:Status:\\s*(\\S+)\\s*(?:Error Type:\\s*(\\S+)\\s*)?)?',
    // Traced requests
    '(?:XRAY TraceId:\\s*(\\S+)\\s+SegmentId:\\s*\\S+\\s+Sampled:\\s*\\S+\\s*)?$',
  ].join(''),
);

/** Reads `Label: value` pairs of a platform line into a small record. */
function fields(text: string): Map<string, string> {
  const found = new Map<string, string>();
  FIELD.lastIndex = 0;
  for (let m = FIELD.exec(text); m !== null; m = FIELD.exec(text)) {
    const label = m[1] as string;
    if (!found.has(label)) found.set(label, m[2] as string);
  }
  return found;
}

const num = fieldNumber;

const ID_AFTER_LABEL = new RegExp(`^\\s*(${ID_TOKEN})`);

/** The request ID after `RequestId:`, or null without one (or with a token too long to be one). */
function requestIdAfterLabel(text: string): string | null {
  const at = text.indexOf('RequestId:');
  if (at < 0) return null;
  const m = ID_AFTER_LABEL.exec(text.slice(at + 10));
  return m ? (m[1] as string) : null;
}

function reportMetrics(f: Map<string, string>): ReportMetrics {
  return {
    durationMs: num(f.get('Duration')),
    billedDurationMs: num(f.get('Billed Duration')),
    memorySizeMB: num(f.get('Memory Size')),
    maxMemoryUsedMB: num(f.get('Max Memory Used')),
    initDurationMs: num(f.get('Init Duration')),
    restoreDurationMs: num(f.get('Restore Duration')),
    billedRestoreDurationMs: num(f.get('Billed Restore Duration')),
  };
}

/**
 * A REPORT line in CloudWatch's usual shape, or null: what `parseLine` makes of a message
 * that starts with it (the REPORT-only reading of `report-run.ts` calls it directly). Lines
 * exactly as CloudWatch writes them are read the quicker way (`exact-report.ts`).
 */
export function reportByPattern(text: string): ReportLine | null {
  return exactReport(text) ?? reportByExpression(text);
}

/** A REPORT line in the usual shape, by the usual expression alone. */
export function reportByExpression(text: string): ReportLine | null {
  const m = USUAL_REPORT.exec(text);
  if (!m) return null;
  return {
    kind: 'report',
    requestId: m[1] as string,
    durationMs: num(m[2]),
    billedDurationMs: num(m[3]),
    memorySizeMB: num(m[4]),
    maxMemoryUsedMB: num(m[5]),
    initDurationMs: num(m[6]),
    restoreDurationMs: num(m[7]),
    billedRestoreDurationMs: num(m[8]),
    status: m[9] ?? null,
    errorType: m[10] ?? null,
    traceId: m[11] ?? null,
  };
}

/** A REPORT line of any shape, its fields read by label; null without a request ID. */
export function reportByLabel(text: string): ParsedLine | null {
  const requestId = requestIdAfterLabel(text);
  if (!requestId) return null;
  const f = fields(text);
  return {
    kind: 'report',
    requestId,
    ...reportMetrics(f),
    status: f.get('Status') ?? null,
    errorType: f.get('Error Type') ?? null,
    traceId: f.get('XRAY TraceId') ?? null,
  };
}

/** A START line in the usual shape, by the usual expression alone (lines in the exact shape are read by `exactStart`). */
export function startByExpression(text: string): StartLine | null {
  const m = USUAL_START.exec(text);
  if (!m) return null;
  return {
    kind: 'start',
    requestId: m[1] as string,
    version: m[2] as string,
    traceId: null,
    functionArn: null,
    json: false,
  };
}

/** An END line in the usual shape, by the usual expression alone (lines in the exact shape are read by `exactEnd`). */
export function endByExpression(text: string): EndLine | null {
  const m = USUAL_END.exec(text);
  return m ? { kind: 'end', requestId: m[1] as string } : null;
}

/**
 * Region of a runtime version ARN (`arn:aws:lambda:us-east-2::runtime:…`), or of a function
 * ARN; none when it is not a Region's name (a damaged line: see aws-names.ts).
 */
export function regionOfArn(arn: string | undefined | null): string | null {
  if (!arn) return null;
  const parts = arn.split(':');
  const region = parts.length > 4 && parts[0] === 'arn' ? parts[3] : undefined;
  return region !== undefined && isRegionName(region) ? region : null;
}

/**
 * Parses a text platform line, or returns null when the message is not one.
 * `text` has no leading whitespace.
 */
export function parseTextPlatform(text: string): ParsedLine | null {
  const c = text.charCodeAt(0);
  // Every platform keyword starts with one of E, I, R, S, T, X: a cheap first filter.
  if (c !== 69 && c !== 73 && c !== 82 && c !== 83 && c !== 84 && c !== 88) return null;

  if (c === 83 /* S */) {
    const usual = exactStart(text) ?? startByExpression(text);
    if (usual) return usual;
  } else if (c === 69 /* E */) {
    const usual = exactEnd(text) ?? endByExpression(text);
    if (usual) return usual;
  } else if (c === 82 /* R */) {
    const usual = reportByPattern(text);
    if (usual) return usual;
  }
  if (text.startsWith('START RequestId:')) {
    const requestId = requestIdAfterLabel(text);
    if (!requestId) return null;
    const version = /Version:\s*([^\s]+)/.exec(text);
    return {
      kind: 'start',
      requestId,
      version: version ? (version[1] as string) : null,
      traceId: null,
      functionArn: null,
      json: false,
    };
  }
  if (text.startsWith('END RequestId:')) {
    const requestId = requestIdAfterLabel(text);
    return requestId ? { kind: 'end', requestId } : null;
  }
  if (text.startsWith('REPORT RequestId:')) return reportByLabel(text);
  if (text.startsWith('XRAY TraceId:')) {
    const f = fields(text);
    const traceId = f.get('XRAY TraceId');
    return traceId ? { kind: 'xray', traceId } : null;
  }
  if (text.startsWith('INIT_START')) {
    const f = fields(text);
    return {
      kind: 'init-start',
      runtimeVersion: f.get('Runtime Version') ?? null,
      region: regionOfArn(f.get('Runtime Version ARN')),
      functionName: null,
    };
  }
  if (text.startsWith('INIT_REPORT')) {
    const f = fields(text);
    return {
      kind: 'init-report',
      durationMs: num(f.get('Init Duration')),
      phase: f.get('Phase') ?? null,
      status: f.get('Status') ?? null,
      errorType: f.get('Error Type') ?? null,
    };
  }
  if (text.startsWith('RESTORE_START')) {
    const f = fields(text);
    return {
      kind: 'restore-start',
      runtimeVersion: f.get('Runtime Version') ?? null,
      region: regionOfArn(f.get('Runtime Version ARN')),
    };
  }
  if (text.startsWith('RESTORE_REPORT')) {
    const f = fields(text);
    return {
      kind: 'restore-report',
      durationMs: num(f.get('Restore Duration')),
      status: f.get('Status') ?? null,
      errorType: f.get('Error Type') ?? null,
    };
  }
  if (text.startsWith('EXTENSION') || text.startsWith('TELEMETRY')) {
    return {
      kind: 'platform',
      type: text.startsWith('EXTENSION') ? 'extension' : 'telemetry',
      requestId: null,
      signal: null,
      errorType: null,
    };
  }
  return null;
}
