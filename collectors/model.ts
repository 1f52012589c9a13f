/**
 * The domain model every part of lambdalens consumes: one raw log event as CloudWatch
 * delivers it, and one invocation as the correlator folds those events together.
 *
 * Field names of `Invocation` (and of `InvocationLine`) are a public contract: they are
 * what `lambdalens logs --output ndjson` prints. A value Lambda did not report is `null`.
 */

/** One log event, as CloudWatch Logs (or a local file standing in for it) hands it over. */
export interface LogEvent {
  /** Event time, epoch milliseconds; NaN when the source gave none (a bare console copy). */
  timestamp: number;
  /** The raw message, exactly as written (may end in a newline, may hold tabs). */
  message: string;
  logGroup?: string | undefined;
  logStream?: string | undefined;
  /** CloudWatch's event ID; absent for Live Tail events and plain text files. */
  eventId?: string | undefined;
  /** Epoch milliseconds at which CloudWatch ingested the event, when known. */
  ingestionTime?: number | undefined;
  /** Function name when the source knows it without a standard log group (a file named after it). */
  functionName?: string | undefined;
  /** Account that owns the log group (a subscription payload's `owner`). */
  accountId?: string | undefined;
}

/**
 * The bytes of an event CloudWatch Logs bills ingestion by: its message in UTF-8, with the
 * final newline CloudWatch keeps (a text copy has lost it, and so counts one byte less).
 * `cost` sums them from files, and `ship` stores them on each line document, so that a
 * report from the cluster sums the same bytes.
 */
export function ingestedBytes(event: LogEvent): number {
  return Buffer.byteLength(event.message, 'utf8');
}

export const INVOCATION_STATUSES = ['success', 'timeout', 'oom', 'crash', 'error', 'incomplete'] as const;
export type InvocationStatus = (typeof INVOCATION_STATUSES)[number];
/** The statuses of an invocation that failed. */
export const FAILURE_STATUSES = ['timeout', 'oom', 'crash', 'error'] as const;
export type FailureStatus = (typeof FAILURE_STATUSES)[number];

export function isFailure(status: InvocationStatus): status is FailureStatus {
  return (FAILURE_STATUSES as readonly string[]).includes(status);
}

/**
 * How the execution environment that served an invocation came to be: JSON
 * `platform.initStart`'s `initializationType`, or what the text lines' shape shows.
 */
export const INITIALIZATION_TYPES = [
  'on-demand',
  'provisioned-concurrency',
  'snap-start',
  'lambda-managed-instances',
] as const;
export type InitializationType = (typeof INITIALIZATION_TYPES)[number];

export function isInitializationType(value: unknown): value is InitializationType {
  return typeof value === 'string' && (INITIALIZATION_TYPES as readonly string[]).includes(value);
}

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** One line kept with its invocation. */
export interface InvocationLine {
  /** ISO 8601 time of the event; null when the input carried no time. */
  timestamp: string | null;
  level: LogLevel | null;
  message: string;
  /** CloudWatch event ID when the line came from CloudWatch. */
  eventId?: string | undefined;
}

/** The figures of a REPORT line (text or JSON `platform.report`). */
export interface ReportMetrics {
  durationMs: number | null;
  billedDurationMs: number | null;
  memorySizeMB: number | null;
  maxMemoryUsedMB: number | null;
  initDurationMs: number | null;
  restoreDurationMs: number | null;
  billedRestoreDurationMs: number | null;
}

/** Everything lambdalens knows about one Lambda invocation. */
export interface Invocation extends ReportMetrics {
  requestId: string;
  functionName: string | null;
  logGroup: string | null;
  logStream: string | null;
  status: InvocationStatus;
  /** Lambda's error type where it gives one (`Runtime.ExitError`, `Sandbox.Timedout`…). */
  errorType: string | null;
  coldStart: boolean;
  /** ISO 8601 time of the first event of the invocation. */
  start: string | null;
  /** ISO 8601 time of the last event of the invocation. */
  end: string | null;
  /** X-Ray trace ID (`1-xxxxxxxx-yyyyyyyyyyyyyyyyyyyyyyyy`). */
  traceId: string | null;
  lines: InvocationLine[];
  /** Lines that belonged here but were not kept because of the per-invocation bound. */
  droppedLines: number;
  /** Function version from START / platform.start (`$LATEST`, `8`). */
  version: string | null;
  /**
   * Region and account when the input told them (runtime or function ARN, a subscription
   * payload's owner), for every invocation of the log stream or group that told them.
   */
  region: string | null;
  accountId: string | null;
  /** Runtime version from the INIT_START / RESTORE_START of the invocation's log stream (or group). */
  runtimeVersion: string | null;
  /** How the invocation's execution environment was made, when its start was in the input. */
  initializationType: InitializationType | null;
}

/** Builds an invocation with every reported value still unknown. */
export function emptyInvocation(requestId: string): Invocation {
  return {
    requestId,
    functionName: null,
    logGroup: null,
    logStream: null,
    status: 'incomplete',
    errorType: null,
    coldStart: false,
    start: null,
    end: null,
    durationMs: null,
    billedDurationMs: null,
    memorySizeMB: null,
    maxMemoryUsedMB: null,
    initDurationMs: null,
    restoreDurationMs: null,
    billedRestoreDurationMs: null,
    traceId: null,
    lines: [],
    droppedLines: 0,
    version: null,
    region: null,
    accountId: null,
    runtimeVersion: null,
    initializationType: null,
  };
}

/** Where Lambda writes a function's logs unless told otherwise: `/aws/lambda/<function>`. */
export const LAMBDA_LOG_GROUP_PREFIX = '/aws/lambda/';

/** `/aws/lambda/my-fn` → `my-fn`; any other group name (a shared custom group) → null. */
export function functionNameFromLogGroup(logGroup: string | undefined | null): string | null {
  if (!logGroup) return null;
  const prefix = LAMBDA_LOG_GROUP_PREFIX;
  return logGroup.startsWith(prefix) && logGroup.length > prefix.length
    ? logGroup.slice(prefix.length)
    : null;
}

export type Architecture = 'x86_64' | 'arm64';

/**
 * What pricing and the UI need to know about a function that its logs do not say.
 * Comes from function discovery (GetFunctionConfiguration) or from a config file
 * (`{ "functions": { "<name>": { ...FunctionConfig } } }`), or from CLI flags.
 */
export interface FunctionConfig {
  functionName: string;
  region?: string | undefined;
  accountId?: string | undefined;
  architecture?: Architecture | undefined;
  memorySizeMB?: number | undefined;
  /** Ephemeral /tmp size; 512 MB is free, above is billed. */
  ephemeralStorageMB?: number | undefined;
  timeoutSeconds?: number | undefined;
  runtime?: string | undefined;
  tracingMode?: 'Active' | 'PassThrough' | undefined;
  logFormat?: 'Text' | 'JSON' | undefined;
  logGroup?: string | undefined;
  /** `None` or `PublishedVersions` (SnapStart). */
  snapStart?: string | undefined;
  packageType?: 'Zip' | 'Image' | undefined;
  /** Provisioned concurrency configured (environments, over all aliases and versions). */
  provisionedConcurrency?: number | undefined;
  /** Hours provisioned concurrency was enabled in the report's period (default: all of it). */
  provisionedConcurrencyHours?: number | undefined;
}

/**
 * `inv` with what `from`, an earlier build of the same request, knew from its stream (its
 * function, group, Region, runtime…) where its own lines do not say it: a request let go and
 * built again from a part of its lines.
 */
export function keepStreamFacts(inv: Invocation, from: Invocation): Invocation {
  inv.functionName ??= from.functionName;
  inv.logGroup ??= from.logGroup;
  inv.logStream ??= from.logStream;
  inv.region ??= from.region;
  inv.accountId ??= from.accountId;
  inv.runtimeVersion ??= from.runtimeVersion;
  inv.initializationType ??= from.initializationType;
  inv.traceId ??= from.traceId;
  inv.version ??= from.version;
  return inv;
}
