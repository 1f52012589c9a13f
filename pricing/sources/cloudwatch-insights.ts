/**
 * Cost from CloudWatch Logs Insights, for accounts too big to read line by line: one
 * `stats` query per UTC day (and per 50 log groups) sums the REPORT fields server-side,
 * grouped by log group, memory size, day and REPORT status; the rows feed the same
 * aggregator as local files. Money stays exact because only integer sums (billed ms,
 * counts) are priced, multiplied by the memory size of the row's group.
 */

import type { CloudWatchLogsClient, QueryStatistics } from '@aws-sdk/client-cloudwatch-logs';
import type { CallContext } from '../../collectors/aws/call.ts';
import { type InsightsRow, runInsightsQuery } from '../../collectors/cloudwatch-logs/insights.ts';
import { type GroupReading, planGroupReading } from '../../collectors/cloudwatch-logs/stream-function.ts';
import { decideOutcome, emptyFacts } from '../../collectors/correlator/outcome.ts';
import { LambdalensError } from '../../collectors/kernel/index.ts';
import type { DiscoveredFunction } from '../../collectors/lambda/discovery.ts';
import type { CostAggregator } from '../report/aggregator.ts';
import { addPercentileStandIns } from '../report/percentile-rule.ts';
import { utcDay } from '../report/period.ts';
import type { QuantileSketch } from '../report/quantile-sketch.ts';
import { chunk, dayWindows, functionsByLogGroup, type TimeWindow } from './aws-functions.ts';

/** Insights returns at most this many rows; a window that reaches it may be cut. */
export const INSIGHTS_MAX_ROWS = 10_000;

/**
 * The per-window query. `bin(1d)` names each row's day: StartQuery takes whole seconds and
 * an inclusive end, so neighbouring windows share their boundary second, and a row whose
 * day is not its window's is dropped (the next window counts it). Cold starts are REPORTs
 * with an Init or Restore Duration; billed ms beyond the rounded handler duration on those
 * is what INIT cost. `@memorySize` and `@maxMemoryUsed` are in bytes.
 */
const REPORT_PARSES = [
  'parse @message /Status: (?<reportStatus>\\w+)/',
  'parse @message /Error Type: (?<reportErrorType>[\\w.]+)/',
];
const REPORT_FIELDS = [
  'greatest(strcontains(@message, "Init Duration"), strcontains(@message, "Restore Duration")) as cold',
  'strcontains(@message, "Restore Duration") as restored',
  'strcontains(@message, "XRAY TraceId") as traced',
  'coalesce(reportStatus, "-") as status',
  'coalesce(reportErrorType, "-") as errorType',
];

/** The REPORT's parses and its `fields` command, with any fields a query adds. */
function reportFields(extra: readonly string[] = []): string[] {
  return [...REPORT_PARSES, `fields ${[...REPORT_FIELDS, ...extra].join(', ')}`];
}

const REPORT_STATS =
  'stats count(*) as invocations, sum(@billedDuration) as billedMs, ' +
  'sum(@billedDuration * @memorySize) as billedByteMs, sum(cold) as coldStarts, ' +
  'sum(restored) as restores, sum(traced) as traced, sum(@initDuration) as initMs, ' +
  'sum(greatest(@billedDuration - ceil(@duration), 0) * cold) as coldStartBilledMs, ' +
  'max(@maxMemoryUsed) as maxMemoryUsed, ' +
  'pct(@duration, 50) as p50, pct(@duration, 95) as p95, pct(@duration, 99) as p99 ';

export const REPORT_STATS_QUERY = [
  'filter @type = "REPORT"',
  ...reportFields(),
  `${REPORT_STATS}by @log, @memorySize, bin(1d), status, errorType`,
].join('\n| ');

/**
 * The query for one log group several functions write to (or a custom group, which others
 * may share): REPORT lines do not say whose they are, the stream name does
 * (`YYYY/MM/DD/<function>[<version>]<GUID>`, see collectors/cloudwatch-logs/stream-function.ts),
 * so only the streams of the functions asked for are read and the rows are split by the
 * function their stream names (`writer`; `-` for a stream that names none: the streams of
 * the function whose default group it is, when `streamless`).
 */
export function reportStatsByStreamQuery(functionNames: readonly string[], streamless: boolean): string {
  // Function names hold only letters, digits, `-` and `_`: nothing to escape in a regex.
  const names = `(${[...functionNames].sort().join('|')})${streamless ? '?' : ''}`;
  return [
    'filter @type = "REPORT"',
    `filter @logStream like /^\\d{4}\\/\\d{2}\\/\\d{2}\\/${names}\\[/`,
    'parse @logStream /^\\d{4}\\/\\d{2}\\/\\d{2}\\/(?<streamFunction>[\\w-]+)\\[/',
    ...reportFields(['coalesce(streamFunction, "-") as writer']),
    `${REPORT_STATS}by @log, writer, @memorySize, bin(1d), status, errorType`,
  ].join('\n| ');
}

export interface InsightsProgress {
  windowsDone: number;
  windowsTotal: number;
  /** Log records Insights scanned so far, over finished and running queries. */
  recordsScanned: number;
  /** REPORT records matched so far. */
  recordsMatched: number;
}

export interface InsightsSourceOptions {
  client: CloudWatchLogsClient;
  ctx: CallContext;
  /** Discovered functions; their log groups are queried. Text log format only (see the CLI). */
  functions: readonly DiscoveredFunction[];
  startMs: number;
  endMs: number;
  /** Queries running at once, default 4 (the account's Insights concurrency is shared). */
  concurrency?: number | undefined;
  pollIntervalMs?: number | undefined;
  onProgress?: ((p: InsightsProgress) => void) | undefined;
  /** Rows that could not be read, with the reason (counted, never fatal). */
  onWarning?: ((message: string) => void) | undefined;
}

export class InsightsCostError extends LambdalensError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InsightsCostError';
  }
}

interface Job {
  window: TimeWindow;
  logGroups: string[];
  queryString: string;
}

/** Feeds the aggregator from Logs Insights over [startMs, endMs), one query per day and group chunk. */
export async function aggregateFromInsights(
  agg: CostAggregator,
  options: InsightsSourceOptions,
): Promise<void> {
  const byGroup = functionsByLogGroup(options.functions);
  const plan = planGroupReading(options.functions);
  if (plan.size === 0) return;
  const whole = [...plan].filter(([, r]) => r.kind === 'whole').map(([g]) => g);
  const jobs: Job[] = [];
  for (const window of dayWindows(options.startMs, options.endMs)) {
    for (const logGroups of chunk(whole, 50))
      jobs.push({ window, logGroups, queryString: REPORT_STATS_QUERY });
    // A group read by stream is queried alone: its query names the functions asked for in it.
    for (const [group, r] of plan) {
      if (r.kind === 'by-stream')
        jobs.push({
          window,
          logGroups: [group],
          queryString: reportStatsByStreamQuery([...r.functions], r.streamless !== null),
        });
    }
  }
  const progress: InsightsProgress = {
    windowsDone: 0,
    windowsTotal: jobs.length,
    recordsScanned: 0,
    recordsMatched: 0,
  };
  const running = new Map<Job, QueryStatistics | undefined>();
  let finishedScanned = 0;
  let finishedMatched = 0;
  const report = () => {
    let scanned = finishedScanned;
    let matched = finishedMatched;
    for (const s of running.values()) {
      scanned += s?.recordsScanned ?? 0;
      matched += s?.recordsMatched ?? 0;
    }
    progress.recordsScanned = scanned;
    progress.recordsMatched = matched;
    options.onProgress?.({ ...progress });
  };
  report();
  const uncounted = new UncountedRows();
  const run = async (job: Job) => {
    running.set(job, undefined);
    const rows = await runInsightsQuery(options.client, options.ctx, {
      logGroups: job.logGroups,
      queryString: job.queryString,
      startTime: job.window.startMs,
      endTime: job.window.endMs,
      limit: INSIGHTS_MAX_ROWS,
      pollIntervalMs: options.pollIntervalMs,
      onProgress: (p) => {
        running.set(job, p.statistics);
        report();
      },
    });
    if (rows.length >= INSIGHTS_MAX_ROWS) {
      throw new InsightsCostError(
        `Logs Insights returned ${INSIGHTS_MAX_ROWS} rows for ${utcDay(job.window.startMs)}, its maximum: ` +
          'the result may be cut; select fewer functions or use --source filter-log-events',
      );
    }
    const day = utcDay(job.window.startMs);
    for (const row of rows) addRow(agg, row, day, job.logGroups, byGroup, plan, options.onWarning, uncounted);
    const stats = running.get(job);
    finishedScanned += stats?.recordsScanned ?? 0;
    finishedMatched += stats?.recordsMatched ?? 0;
    running.delete(job);
    progress.windowsDone++;
    report();
  };
  try {
    await runPool(jobs, Math.max(1, options.concurrency ?? 4), run);
  } finally {
    // Said at the end, once, also when a later query failed: those rows were read all the same.
    for (const message of uncounted.messages()) options.onWarning?.(message);
  }
}

/**
 * Rows without an invocation count, said once per log group with how many there were: an
 * endpoint that does not run `stats` (moto answers every matching event as a row of its
 * own) would otherwise repeat the same warning for each of thousands of rows.
 */
class UncountedRows {
  private readonly byGroup = new Map<string, { rows: number; days: Set<string>; bare: boolean }>();

  /** `bare`: the row holds none of the query's sums, not only a bad count. */
  add(group: string, day: string, bare: boolean): void {
    const seen = this.byGroup.get(group) ?? { rows: 0, days: new Set<string>(), bare: true };
    seen.rows++;
    seen.days.add(day);
    seen.bare &&= bare;
    this.byGroup.set(group, seen);
  }

  messages(): string[] {
    return [...this.byGroup].map(([group, { rows, days, bare }]) => {
      const sorted = [...days].sort();
      const when =
        sorted.length === 1 ? `on ${sorted[0]}` : `on ${sorted.length} days, ${sorted[0]}..${sorted.at(-1)}`;
      const why = bare
        ? " (they hold none of the query's sums: the endpoint did not run its stats command)"
        : '';
      return `Logs Insights returned ${rows.toLocaleString('en')} row(s) for ${group} ${when} with no invocation count${why}: skipped`;
    });
  }
}

/**
 * The log group a row is of: its `@log`, or, when a query over one group returns rows
 * without it, that group; otherwise said as what is known.
 */
function groupOfRow(row: InsightsRow, queried: readonly string[]): string | null {
  const log = row['@log'];
  if (log) return logGroupOfRow(log);
  return queried.length === 1 ? (queried[0] as string) : null;
}

/** Runs `work` over `items`, at most `limit` at a time; the first failure stops new work. */
async function runPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Megabytes from an Insights byte count. Whether Insights counts a MB as 10^6 or 2^20
 * bytes, a configured size is a whole number of MB (≤ 10,240), and only one reading of
 * the bytes is whole: pick that one.
 */
export function bytesToMB(bytes: number): number | null {
  if (!Number.isFinite(bytes) || bytes < 0) return null;
  const mib = bytes / 1_048_576;
  if (Number.isInteger(mib)) return mib;
  const mb = bytes / 1_000_000;
  if (Number.isInteger(mb)) return mb;
  return Math.round(mb);
}

/** `123456789012:/aws/lambda/orders-api` → `/aws/lambda/orders-api` (log group names hold no colon). */
export function logGroupOfRow(log: string): string {
  const i = log.indexOf(':');
  return i < 0 ? log : log.slice(i + 1);
}

/** Insights prints `bin(1d)` as `2026-10-01 00:00:00.000` (UTC). */
function rowDay(value: string | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value ?? '');
  return m?.[1] ?? null;
}

function int(row: InsightsRow, field: string): number | null {
  const raw = row[field];
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

/** The function a row is of: the group's own, or, in a group read by stream, the one its stream names. */
function rowFunction(
  row: InsightsRow,
  owners: readonly DiscoveredFunction[],
  reading: GroupReading | undefined,
): DiscoveredFunction | { other: string } | null {
  if (reading?.kind !== 'by-stream') return owners[0] ?? null;
  const writer = row.writer ?? '-';
  const name = writer === '-' ? reading.streamless : writer;
  return owners.find((o) => o.functionName === name) ?? { other: writer === '-' ? 'no function' : writer };
}

function addRow(
  agg: CostAggregator,
  row: InsightsRow,
  windowDay: string,
  queried: readonly string[],
  byGroup: ReadonlyMap<string, DiscoveredFunction[]>,
  plan: ReadonlyMap<string, GroupReading>,
  warn: ((message: string) => void) | undefined,
  uncounted: UncountedRows,
): void {
  const day = rowDay(row['bin(1d)']) ?? windowDay;
  if (day !== windowDay) return;
  const known = groupOfRow(row, queried);
  const logGroup = known ?? `one of ${queried.join(', ')} (the row has no @log)`;
  const count = int(row, 'invocations');
  if (count === null || count <= 0) {
    uncounted.add(logGroup, day, row.invocations === undefined && row.billedMs === undefined);
    return;
  }
  const fn = known === null ? null : rowFunction(row, byGroup.get(known) ?? [], plan.get(known));
  if (fn === null) {
    const target = agg.classify(Date.parse(`${day}T00:00:00Z`));
    if (target === 'skip') return;
    agg.countRecords(target, count);
    if (target === 'current')
      agg.skip(
        logGroup,
        'no-billed-duration',
        known === null
          ? `a row of ${logGroup} cannot be given to a function`
          : `log group ${logGroup} answered a query but belongs to no selected function`,
        count,
      );
    return;
  }
  if ('other' in fn) {
    // The query reads the streams of the functions asked for; a row of another is told, not priced.
    warn?.(
      `Logs Insights row of ${count} REPORT line(s) in ${logGroup} on ${day} is of a stream naming ${fn.other}, not a function asked for: left out`,
    );
    return;
  }
  const target = agg.classify(Date.parse(`${day}T00:00:00Z`));
  if (target === 'skip') return;
  agg.countRecords(target, count);
  const memoryBytes = int(row, '@memorySize');
  const billedMs = int(row, 'billedMs');
  const memorySizeMB = memoryBytes === null ? null : bytesToMB(memoryBytes);
  if (memorySizeMB === null || billedMs === null || !Number.isInteger(billedMs)) {
    if (target === 'current')
      agg.skip(
        fn.functionName,
        'no-billed-duration',
        `function "${fn.functionName}": REPORT without a Billed Duration/Memory Size figure (Lambda Managed Instances, or a damaged line): not priceable from logs`,
        count,
      );
    return;
  }
  checkByteMs(row, billedMs, memoryBytes ?? 0, fn.functionName, day, warn);
  const facts = emptyFacts();
  facts.reported = true;
  facts.reportStatus = row.status && row.status !== '-' ? row.status.toLowerCase() : null;
  facts.reportErrorType = row.errorType && row.errorType !== '-' ? row.errorType : null;
  const maxUsedBytes = int(row, 'maxMemoryUsed');
  // Where the function runs comes from discovery; the report resolves the rest (config, flags) when built.
  const f = agg.addUsage(target, {
    functionName: fn.functionName,
    groupKey: logGroup,
    region: fn.region ?? null,
    accountId: fn.accountId ?? null,
    runtime: fn.runtime ?? null,
    dayMs: Date.parse(`${day}T00:00:00Z`),
    status: decideOutcome(facts).status,
    count,
    memorySizeMB,
    billedMs,
    coldStarts: int(row, 'coldStarts') ?? 0,
    coldStartBilledMs: Math.round(int(row, 'coldStartBilledMs') ?? 0),
    restores: int(row, 'restores') ?? 0,
    traced: int(row, 'traced') ?? 0,
    // Which environments were provisioned is in the lines around REPORT, which this query does not read.
    provisioned: false,
    maxMemoryUsedMB: maxUsedBytes === null ? null : bytesToMB(maxUsedBytes),
  });
  if (target === 'current') addQuantiles(f.byMemory.get(memorySizeMB)?.durations, count, row);
}

/** The float byte-ms sum is only a cross-check; pricing uses the exact integer billed ms. */
function checkByteMs(
  row: InsightsRow,
  billedMs: number,
  memoryBytes: number,
  functionName: string,
  day: string,
  warn: ((message: string) => void) | undefined,
): void {
  const byteMs = int(row, 'billedByteMs');
  if (byteMs === null) return;
  const expected = billedMs * memoryBytes;
  if (Math.abs(byteMs - expected) > Math.max(1, expected) * 1e-9) {
    warn?.(
      `function "${functionName}" on ${day}: Insights' GB-ms sum (${byteMs} byte-ms) disagrees with billed ms × memory (${expected}); priced from billed ms`,
    );
  }
}

/**
 * Percentiles do not add up across rows, so each row's p50/p95/p99 stand for its share of
 * the distribution in the function's sketch (`addPercentileStandIns`): the report's quantiles
 * are then estimates merged from per-day, per-memory percentiles, not exact over all
 * invocations, and Logs Insights' `pct` is not documented to follow nearest rank.
 */
function addQuantiles(sketch: QuantileSketch | undefined, n: number, row: InsightsRow): void {
  const p50 = int(row, 'p50');
  const p95 = int(row, 'p95');
  const p99 = int(row, 'p99');
  if (!sketch || p50 === null || p95 === null || p99 === null) return;
  addPercentileStandIns(sketch, n, { p50, p95, p99 });
}
