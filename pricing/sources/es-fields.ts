/**
 * The Elasticsearch invocation document, owned in one place: each field's name (its
 * dotted path, Elastic Common Schema where ECS has one) and mapping type. The shipper
 * writes documents with `writeInvocationFields`, its index template maps them with
 * `invocationDocumentProperties`, and the cost source reads them by the same names, so
 * renaming a field here changes all three together.
 */

export type EsFieldType = 'date' | 'keyword' | 'long' | 'double' | 'boolean';

export interface EsField {
  /** Dotted path in the document (`lambdalens.invocation.billed_duration_ms`). */
  readonly path: string;
  readonly type: EsFieldType;
  /** The path split once, for writers. */
  readonly segments: readonly string[];
}

function field(path: string, type: EsFieldType): EsField {
  return { path, type, segments: path.split('.') };
}

/** Every field of an invocation document. */
export const INVOCATION_DOC = {
  timestamp: field('@timestamp', 'date'),
  ingested: field('event.ingested', 'date'),
  eventKind: field('event.kind', 'keyword'),
  dataset: field('event.dataset', 'keyword'),
  outcome: field('event.outcome', 'keyword'),
  /** Nanoseconds, as ECS has it. */
  eventDuration: field('event.duration', 'long'),
  functionName: field('faas.name', 'keyword'),
  requestId: field('faas.execution', 'keyword'),
  version: field('faas.version', 'keyword'),
  coldStart: field('faas.coldstart', 'boolean'),
  traceId: field('trace.id', 'keyword'),
  provider: field('cloud.provider', 'keyword'),
  region: field('cloud.region', 'keyword'),
  accountId: field('cloud.account.id', 'keyword'),
  logGroup: field('aws.cloudwatch.log_group', 'keyword'),
  logStream: field('aws.cloudwatch.log_stream', 'keyword'),
  errorType: field('error.type', 'keyword'),
  /** Written when the shipper knows the function's architecture; read by the cost report. */
  architecture: field('host.architecture', 'keyword'),
  doc: field('lambdalens.doc', 'keyword'),
  status: field('lambdalens.invocation.status', 'keyword'),
  invocationColdStart: field('lambdalens.invocation.cold_start', 'boolean'),
  durationMs: field('lambdalens.invocation.duration_ms', 'double'),
  billedDurationMs: field('lambdalens.invocation.billed_duration_ms', 'long'),
  memorySizeMB: field('lambdalens.invocation.memory_size_mb', 'long'),
  maxMemoryUsedMB: field('lambdalens.invocation.max_memory_used_mb', 'long'),
  initDurationMs: field('lambdalens.invocation.init_duration_ms', 'double'),
  restoreDurationMs: field('lambdalens.invocation.restore_duration_ms', 'double'),
  billedRestoreDurationMs: field('lambdalens.invocation.billed_restore_duration_ms', 'long'),
  /**
   * The REPORT figures written but unreadable (`Duration: NaN`), whose own fields are null:
   * JSON holds no NaN nor Infinity (es-unreadable.ts). Absent on documents shipped before it.
   */
  unreadableFigures: field('lambdalens.invocation.unreadable_figures', 'keyword'),
  /** Billed ms beyond the handler's own on a cold start: what INIT cost, summable server-side. */
  coldStartBilledMs: field('lambdalens.invocation.cold_start_billed_ms', 'long'),
  initializationType: field('lambdalens.invocation.initialization_type', 'keyword'),
  lineCount: field('lambdalens.invocation.line_count', 'long'),
  droppedLines: field('lambdalens.invocation.dropped_lines', 'long'),
  start: field('lambdalens.invocation.start', 'date'),
  end: field('lambdalens.invocation.end', 'date'),
  runtimeVersion: field('lambdalens.invocation.runtime_version', 'keyword'),
  /** True on an invocation whose lines carry no time: it has no `@timestamp` (see documents.ts). */
  timestampMissing: field('lambdalens.timestamp_missing', 'boolean'),
  costTotalUsd: field('lambdalens.cost.total_usd', 'double'),
  costComputeUsd: field('lambdalens.cost.compute_usd', 'double'),
  costRequestUsd: field('lambdalens.cost.request_usd', 'double'),
} as const satisfies Record<string, EsField>;

export type InvocationDocField = keyof typeof INVOCATION_DOC;

/**
 * The fields of a line document the cost report reads, to sum what CloudWatch Logs
 * ingested per log group and day; the shipper writes them (documents.ts) and the line
 * template maps them, both held to these paths and types by a unit test.
 */
export const LINE_DOC = {
  timestamp: field('@timestamp', 'date'),
  functionName: field('faas.name', 'keyword'),
  logGroup: field('aws.cloudwatch.log_group', 'keyword'),
  lineKind: field('lambdalens.line_kind', 'keyword'),
  /** The message's bytes as CloudWatch counted them (final newline included): absent on lines shipped before it was stored. */
  messageBytes: field('lambdalens.message_bytes', 'long'),
} as const satisfies Record<string, EsField>;

/** A document's values by field; null and undefined are not written. */
export type InvocationDocValues = Partial<Record<InvocationDocField, unknown>>;

/**
 * Builds the `_source` of an invocation document. Written out as literals rather than by
 * walking the schema's paths (3-4× slower per document when measured); a unit test holds
 * every path written here to the schema above, so the two cannot drift apart.
 */
export function writeInvocationFields(v: InvocationDocValues): Record<string, unknown> {
  const source: Record<string, unknown> = {
    '@timestamp': v.timestamp,
    event: {
      ingested: v.ingested,
      kind: v.eventKind,
      dataset: v.dataset,
      outcome: v.outcome,
      duration: v.eventDuration,
    },
    faas: { name: v.functionName, execution: v.requestId, version: v.version, coldstart: v.coldStart },
    cloud: { provider: v.provider, region: v.region, account: v.accountId ? { id: v.accountId } : undefined },
    aws: { cloudwatch: { log_group: v.logGroup, log_stream: v.logStream } },
    lambdalens: {
      doc: v.doc,
      timestamp_missing: v.timestampMissing,
      invocation: {
        status: v.status,
        cold_start: v.invocationColdStart,
        duration_ms: v.durationMs,
        billed_duration_ms: v.billedDurationMs,
        memory_size_mb: v.memorySizeMB,
        max_memory_used_mb: v.maxMemoryUsedMB,
        init_duration_ms: v.initDurationMs,
        restore_duration_ms: v.restoreDurationMs,
        billed_restore_duration_ms: v.billedRestoreDurationMs,
        unreadable_figures: v.unreadableFigures,
        cold_start_billed_ms: v.coldStartBilledMs,
        initialization_type: v.initializationType,
        line_count: v.lineCount,
        dropped_lines: v.droppedLines,
        start: v.start,
        end: v.end,
        runtime_version: v.runtimeVersion,
      },
      cost:
        v.costTotalUsd === undefined
          ? undefined
          : { total_usd: v.costTotalUsd, compute_usd: v.costComputeUsd, request_usd: v.costRequestUsd },
    },
  };
  if (v.traceId !== undefined) source.trace = { id: v.traceId };
  if (v.errorType !== undefined) source.error = { type: v.errorType };
  if (v.architecture !== undefined) source.host = { architecture: v.architecture };
  return source;
}

const KEYWORD = { type: 'keyword', ignore_above: 1024 } as const;

/** The mapping `properties` of the invocation document, nested as Elasticsearch wants them. */
export function invocationDocumentProperties(): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const f of Object.values(INVOCATION_DOC)) {
    let node = root;
    const last = f.segments.length - 1;
    for (let i = 0; i < last; i++) {
      const name = f.segments[i] as string;
      const child = (node[name] ?? { properties: {} }) as { properties: Record<string, unknown> };
      node[name] = child;
      node = child.properties;
    }
    node[f.segments[last] as string] = f.type === 'keyword' ? { ...KEYWORD } : { type: f.type };
  }
  return root;
}

/**
 * The fields the cost report reads, by name: what a caller may point elsewhere when its
 * documents were written under other names.
 */
export interface InvocationDocFields {
  timestamp: string;
  functionName: string;
  region: string;
  accountId: string;
  architecture: string;
  status: string;
  billedDurationMs: string;
  memorySizeMB: string;
  maxMemoryUsedMB: string;
  durationMs: string;
  coldStart: string;
  coldStartBilledMs: string;
  initDurationMs: string;
  restoreDurationMs: string;
  billedRestoreDurationMs: string;
  /** Which figures were written but unreadable, and how they read (es-unreadable.ts). */
  unreadableFigures: string;
  initializationType: string;
  runtimeVersion: string;
  traceId: string;
  /** Where a damaged document came from, for the report to name it as it names a damaged line. */
  requestId: string;
  logGroup: string;
  logStream: string;
  end: string;
}

export const INVOCATION_DOC_FIELDS: InvocationDocFields = {
  timestamp: INVOCATION_DOC.timestamp.path,
  functionName: INVOCATION_DOC.functionName.path,
  region: INVOCATION_DOC.region.path,
  accountId: INVOCATION_DOC.accountId.path,
  architecture: INVOCATION_DOC.architecture.path,
  status: INVOCATION_DOC.status.path,
  billedDurationMs: INVOCATION_DOC.billedDurationMs.path,
  memorySizeMB: INVOCATION_DOC.memorySizeMB.path,
  maxMemoryUsedMB: INVOCATION_DOC.maxMemoryUsedMB.path,
  durationMs: INVOCATION_DOC.durationMs.path,
  coldStart: INVOCATION_DOC.coldStart.path,
  coldStartBilledMs: INVOCATION_DOC.coldStartBilledMs.path,
  initDurationMs: INVOCATION_DOC.initDurationMs.path,
  restoreDurationMs: INVOCATION_DOC.restoreDurationMs.path,
  billedRestoreDurationMs: INVOCATION_DOC.billedRestoreDurationMs.path,
  unreadableFigures: INVOCATION_DOC.unreadableFigures.path,
  initializationType: INVOCATION_DOC.initializationType.path,
  runtimeVersion: INVOCATION_DOC.runtimeVersion.path,
  traceId: INVOCATION_DOC.traceId.path,
  requestId: INVOCATION_DOC.requestId.path,
  logGroup: INVOCATION_DOC.logGroup.path,
  logStream: INVOCATION_DOC.logStream.path,
  end: INVOCATION_DOC.end.path,
};
