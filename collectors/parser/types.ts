import type { LogLevel, ReportMetrics } from '../model.ts';

/**
 * What one log message says, as a tagged union. The parser never throws: a message it
 * does not recognise is an `app` line with no request ID, which the correlator places
 * by its position in the stream.
 */
export type ParsedLine =
  | StartLine
  | EndLine
  | ReportLine
  | XrayLine
  | InitStartLine
  | InitReportLine
  | RestoreStartLine
  | RestoreReportLine
  | RuntimeDoneLine
  | PlatformOtherLine
  | AppLine;

/** What a line tells about how the invocation ended, beyond REPORT. */
export type FailureSignal = 'timeout' | 'oom' | 'crash' | 'error';

interface Base {
  /**
   * The time written in the message itself (JSON `time`, a runtime line's ISO time), raw as
   * written: parsing it costs more than the rest of the line, and CloudWatch events carry
   * their own time, so `lineTime()` parses it only when it is needed.
   */
  time?: string | number | undefined;
  /** The message's JSON object when the whole message is one, so that no caller parses it again. */
  object?: Record<string, unknown> | undefined;
}

export interface StartLine extends Base {
  kind: 'start';
  requestId: string;
  version: string | null;
  traceId: string | null;
  functionArn: string | null;
  /** `platform.start` (JSON) rather than a text START line: JSON-format environments may overlap. */
  json: boolean;
}

export interface EndLine extends Base {
  kind: 'end';
  requestId: string;
}

export interface ReportLine extends Base, ReportMetrics {
  kind: 'report';
  requestId: string;
  /** `Status:` of new-style REPORT lines, or JSON `status` (success, error, timeout, failure). */
  status: string | null;
  errorType: string | null;
  traceId: string | null;
}

/** The `XRAY TraceId: … SegmentId: … Sampled: …` suffix when it arrives as its own line. */
export interface XrayLine extends Base {
  kind: 'xray';
  traceId: string;
}

export interface InitStartLine extends Base {
  kind: 'init-start';
  runtimeVersion: string | null;
  region: string | null;
  functionName: string | null;
  /** JSON `initializationType` (`on-demand`, `provisioned-concurrency`…); text INIT_START has none. */
  initializationType?: string | null | undefined;
}

export interface InitReportLine extends Base {
  kind: 'init-report';
  durationMs: number | null;
  phase: string | null;
  status: string | null;
  errorType: string | null;
}

export interface RestoreStartLine extends Base {
  kind: 'restore-start';
  runtimeVersion: string | null;
  region: string | null;
}

export interface RestoreReportLine extends Base {
  kind: 'restore-report';
  durationMs: number | null;
  status: string | null;
  errorType: string | null;
}

/** JSON `platform.runtimeDone` (and the older `platform.end`/`platform.fault` with an ID). */
export interface RuntimeDoneLine extends Base {
  kind: 'runtime-done';
  requestId: string;
  status: string | null;
  errorType: string | null;
  traceId: string | null;
}

/** EXTENSION, TELEMETRY and other platform records that belong to no request by themselves. */
export interface PlatformOtherLine extends Base {
  kind: 'platform';
  type: string;
  /** Request ID when the record names one (`platform.fault` text, `platform.logsDropped`…). */
  requestId: string | null;
  signal: FailureSignal | null;
  errorType: string | null;
}

/** Anything the application or the runtime wrote. */
export interface AppLine extends Base {
  kind: 'app';
  requestId: string | null;
  level: LogLevel | null;
  traceId: string | null;
  /** Powertools `cold_start`. */
  coldStart: boolean | null;
  signal: FailureSignal | null;
  errorType: string | null;
}
