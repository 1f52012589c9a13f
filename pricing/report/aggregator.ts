/**
 * Streams invocations (or groups a server summed: Elasticsearch, Logs Insights) into usage
 * per function for one period and the period before it, plus the bytes of each log group
 * per day. Nothing is priced here: per invocation this only finds a bucket and adds to
 * it, and the report prices each bucket once when it is built (`build.ts`). Records that
 * cannot be billed are counted with the reason, never priced as zero.
 */
import type { LoneReport } from '../../collectors/correlator/report-run.ts';
import type { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import { parseIso } from '../../collectors/iso-time.ts';
import type { Architecture, Invocation, InvocationStatus } from '../../collectors/model.ts';
import { type ContextDefaults, type FunctionConfigs, invocationFunctionName } from '../context.ts';
import { coldStartBilledMs } from '../estimate.ts';
import { type NotPricedReason, unbillable } from '../price-invocation.ts';
import type { PriceTable } from '../price-table.ts';
import { type Period, previousPeriod } from './period.ts';
import type { NotPriced } from './types.ts';
import {
  addBilledMs,
  addBucketCounts,
  type Bucket,
  bucketKey,
  bucketOf,
  DAY_MS,
  type FunctionUsage,
  type MemoryStats,
  memoryStatsOf,
  newFunctionUsage,
} from './usage.ts';

export interface AggregatorOptions {
  table: PriceTable;
  /** Omit to take every dated and undated record. */
  period?: Period | undefined;
  configs?: FunctionConfigs | undefined;
  defaults?: ContextDefaults | undefined;
  /** Only these functions (all when absent). */
  functions?: readonly string[] | undefined;
  /**
   * What the correlator learned of each log group (Region, account, runtime), read when
   * the report is built: it also places invocations that closed before their group said.
   */
  context?: StreamContextTable | undefined;
}

/** A group of invocations a server summed, sharing every attribute the report keys on. */
export interface UsageInput {
  functionName: string;
  /** Log group; defaults to the function name. */
  groupKey?: string | undefined;
  region: string | null;
  accountId: string | null;
  architecture?: Architecture | null | undefined;
  runtime?: string | null | undefined;
  /** UTC day of the group (epoch ms of any time in it). */
  dayMs: number;
  status: InvocationStatus;
  count: number;
  memorySizeMB: number;
  billedMs: number;
  coldStarts: number;
  coldStartBilledMs: number;
  restores: number;
  traced: number;
  provisioned: boolean;
  maxMemoryUsedMB: number | null;
}

/** Examples kept per not-priced entry: enough to find the lines, bounded however many there are. */
export const MAX_EXAMPLES = 5;

export class CostAggregator {
  readonly table: PriceTable;
  readonly period: Period | undefined;
  readonly previous: { period: Period } | undefined;
  readonly configs: FunctionConfigs;
  readonly defaults: ContextDefaults;
  readonly context: StreamContextTable | undefined;
  /** Usage of the period, by function as the data named it. */
  readonly functions = new Map<string, FunctionUsage>();
  /** Usage of the period before, for the change. */
  readonly previousFunctions = new Map<string, FunctionUsage>();
  readonly notPriced = new Map<string, NotPriced>();
  /** Bytes of log events per group key and UTC day: what CloudWatch Logs ingested. */
  readonly logBytes = new Map<string, Map<number, number>>();
  /**
   * Stored log lines of the period whose size is not known, per group key (line documents
   * shipped before they carried one): their ingestion is left out, and the report says so.
   */
  readonly unsizedLogLines = new Map<string, number>();
  /** Whether the source read every log event (files do; REPORT-only sources cannot measure logs). */
  logsMeasured = false;
  /**
   * Groups whose input held more than REPORT lines. A group seen only through its REPORT
   * lines came from a query (a Logs Insights export, a filtered read): its bytes are not
   * what the group ingested.
   */
  readonly wholeLogGroups = new Set<string>();
  /**
   * Group keys that name no log group: those of events read without one (a file's lines,
   * keyed by the function its name gives), each with the function its records name when
   * they do (a JSON `platform.start` ARN). `bare-groups.ts` folds them into the group they
   * stand for when the report is built.
   */
  readonly bareGroups = new Map<string, string | null>();
  /**
   * Log groups that events dropped as duplicates named (see `learnDroppedCopies`):
   * `bare-groups.ts` folds a bare key into one as into a group whose events were kept.
   * Learned on the run's own aggregator once every part is merged, so never in a snapshot.
   */
  readonly droppedCopyGroups = new Set<string>();
  /** Records outside both periods, and records without a time when a period was asked for. */
  outsidePeriod = 0;
  undated = 0;
  /** Records of the period (and, without a period, all records) seen, priced or not. */
  records = 0;
  /** Every record seen, whatever its time. */
  seen = 0;
  /** Days the data holds, over every dated record (inside the period or not). */
  firstDay: number | null = null;
  lastDay: number | null = null;
  readonly months = new Set<string>();
  /**
   * The days that widened [firstDay, lastDay], in the order they came (at most one per day
   * of the span, however many records there are). `months` holds only their months (a day
   * inside the range is not looked at), so an aggregator taking over another's state
   * replays these to end with the months it would have had from reading.
   */
  readonly widenedDays: number[] = [];
  private readonly only: ReadonlySet<string> | undefined;
  /** The usage the last invocation went to: a run of one function's invocations skips the lookup. */
  private last: FunctionUsage | null = null;
  private lastInPrevious = false;
  /**
   * The bucket and the memory size's statistics the last invocation went to, with what they
   * were found by: a run of one function's invocations of one day, size and status (nearly
   * every run of REPORT lines) skips both lookups. Buckets and statistics, once made, are
   * never replaced (a merge adds into them), so the ones kept here stay the usage's own.
   */
  private lastBucket: Bucket | null = null;
  private lastBucketUsage: FunctionUsage | null = null;
  private lastBucketKey = -1;
  private lastStats: MemoryStats | null = null;
  private lastStatsUsage: FunctionUsage | null = null;
  private lastStatsMemory = -1;

  constructor(options: AggregatorOptions) {
    this.table = options.table;
    this.period = options.period;
    this.configs = options.configs ?? new Map();
    this.defaults = options.defaults ?? {};
    this.context = options.context;
    this.only = options.functions && options.functions.length > 0 ? new Set(options.functions) : undefined;
    if (options.period) this.previous = { period: previousPeriod(options.period) };
  }

  /** Whether the report keeps this function (`--function`). */
  wants(functionName: string): boolean {
    return !this.only || this.only.has(functionName);
  }

  /** Adds one invocation from local files or a per-document source. */
  addInvocation(inv: Invocation): void {
    const functionName = invocationFunctionName(inv);
    if (!this.wants(functionName)) return;
    // Invocations without a time (REPORT lines copied without one) skip the parse of nothing.
    const stamp = inv.end ?? inv.start;
    const time = stamp === null ? Number.NaN : parseIso(stamp);
    const bad = unbillable(inv);
    if (bad === null) {
      this.addBillable(inv, functionName, time);
      return;
    }
    this.seen++;
    if (this.classify(Number.isNaN(time) ? null : time) !== 'current') return;
    this.records++;
    this.skip(functionName, bad.reason, bad.message, 1, [invocationExample(inv)]);
  }

  /**
   * Adds the invocation of a REPORT that closed alone, at its event's `time` (NaN without
   * one), as `addInvocation` adds it; false, with nothing counted, when it cannot be billed
   * (the caller then adds the whole invocation, which names where it is).
   */
  addLoneReport(report: LoneReport, time: number): boolean {
    const functionName = invocationFunctionName(report);
    if (!this.wants(functionName)) return true;
    if (unbillable(report) !== null) return false;
    this.addBillable(report, functionName, time);
    return true;
  }

  /** Counts an invocation of a function the report keeps that can be billed, at `time` (NaN: undated). */
  private addBillable(inv: LoneReport, functionName: string, time: number): void {
    this.seen++;
    const dated = !Number.isNaN(time);
    const target = this.classify(dated ? time : null);
    if (target === 'skip') return;
    if (target === 'current') this.records++;
    const groupKey = inv.logGroup ?? functionName;
    const f = this.usageOf(target, functionName, groupKey, inv.region, inv.accountId, null);
    if (inv.runtimeVersion !== null) f.runtime ??= inv.runtimeVersion;
    f.invocations++;
    const day = dated ? Math.floor(time / DAY_MS) : -1;
    const memory = inv.memorySizeMB as number;
    const provisioned = inv.initializationType === 'provisioned-concurrency';
    const b = this.bucketFor(f, day, memory, inv.status, provisioned);
    b.count++;
    addBilledMs(b, inv.billedDurationMs as number);
    if (inv.coldStart) {
      b.coldStarts++;
      b.coldStartBilledMs += coldStartBilledMs(inv);
    }
    if (inv.traceId !== null) b.traced++;
    if (inv.restoreDurationMs !== null) {
      b.restores++;
      if (dated) noteVersion(f, inv.version ?? '$LATEST', time);
    }
    if (target === 'previous') return;
    const m = this.statsFor(f, memory);
    m.count++;
    if (inv.durationMs !== null) m.durations.add(inv.durationMs);
    if (inv.maxMemoryUsedMB !== null && (m.maxUsedMB === null || inv.maxMemoryUsedMB > m.maxUsedMB)) {
      m.maxUsedMB = inv.maxMemoryUsedMB;
    }
  }

  /** `bucketOf`, the last bucket first. */
  private bucketFor(
    f: FunctionUsage,
    day: number,
    memory: number,
    status: InvocationStatus,
    provisioned: boolean,
  ): Bucket {
    const key = bucketKey(day, memory, status, provisioned);
    if (f === this.lastBucketUsage && key === this.lastBucketKey) return this.lastBucket as Bucket;
    const b = bucketOf(f, day, memory, status, provisioned);
    this.lastBucket = b;
    this.lastBucketUsage = f;
    this.lastBucketKey = key;
    return b;
  }

  /** `memoryStatsOf`, the last statistics first. */
  private statsFor(f: FunctionUsage, memory: number): MemoryStats {
    if (f === this.lastStatsUsage && memory === this.lastStatsMemory) return this.lastStats as MemoryStats;
    const m = memoryStatsOf(f, memory);
    this.lastStats = m;
    this.lastStatsUsage = f;
    this.lastStatsMemory = memory;
    return m;
  }

  /** Adds a group a server summed (Elasticsearch, Logs Insights); the caller has classified and counted it. */
  addUsage(target: 'current' | 'previous', input: UsageInput): FunctionUsage {
    const groupKey = input.groupKey ?? input.functionName;
    const f = this.usageOf(
      target,
      input.functionName,
      groupKey,
      input.region,
      input.accountId,
      input.architecture ?? null,
    );
    if (input.runtime) f.runtime ??= input.runtime;
    f.invocations += input.count;
    const day = Number.isFinite(input.dayMs) ? Math.floor(input.dayMs / DAY_MS) : -1;
    const b = bucketOf(f, day, input.memorySizeMB, input.status, input.provisioned);
    addBucketCounts(b, input);
    if (target === 'current') {
      const m = memoryStatsOf(f, input.memorySizeMB);
      m.count += input.count;
      if (input.maxMemoryUsedMB !== null && (m.maxUsedMB === null || input.maxMemoryUsedMB > m.maxUsedMB)) {
        m.maxUsedMB = input.maxMemoryUsedMB;
      }
    }
    return f;
  }

  /** Counts records a server summed, once they are classified. */
  countRecords(target: 'current' | 'previous', count: number): void {
    this.seen += count;
    if (target === 'current') this.records += count;
  }

  /** Counts the bytes of one log event (what CloudWatch Logs ingests) for its group and day. */
  addLogBytes(groupKey: string, time: number, bytes: number, whole = true): void {
    this.logsMeasured = true;
    if (whole) this.wholeLogGroups.add(groupKey);
    const day = Number.isFinite(time) ? Math.floor(time / DAY_MS) : -1;
    let days = this.logBytes.get(groupKey);
    if (!days) {
      days = new Map();
      this.logBytes.set(groupKey, days);
    }
    days.set(day, (days.get(day) ?? 0) + bytes);
  }

  /** Notes a group key that names no log group, and the function its records name (null: none yet). */
  noteBareGroup(groupKey: string, recordsName: string | null = null): void {
    const named = this.bareGroups.get(groupKey);
    if (named === undefined || (named === null && recordsName !== null))
      this.bareGroups.set(groupKey, recordsName);
  }

  /**
   * Learns what events dropped as duplicates said of their log groups, once every input is
   * read: the kept copy of an Insights row read after the full export names no group nor
   * account, and the report must be what the other order gives. An account the kept events
   * named stays.
   */
  learnDroppedCopies(groups: ReadonlyMap<string, string | null>): void {
    for (const [group, accountId] of groups) {
      this.droppedCopyGroups.add(group);
      if (accountId !== null && !this.context?.group(group)?.accountId)
        this.context?.learnGroup(group, { accountId });
    }
  }

  /**
   * Counts log lines of a group whose bytes cannot be known, at `time` (NaN: undated); only
   * those the report's period holds (all without a period) are said, as only its bytes are priced.
   */
  addUnsizedLogLines(groupKey: string, time: number, count: number): void {
    const period = this.period;
    if (period && !(time >= period.fromMs && time < period.toMs)) return;
    this.unsizedLogLines.set(groupKey, (this.unsizedLogLines.get(groupKey) ?? 0) + count);
  }

  /**
   * Records invocations that cannot be priced (sources that aggregate server-side use this
   * too); `examples` name where damaged ones are, the first few kept.
   */
  skip(
    functionName: string,
    reason: NotPricedReason,
    message: string,
    count = 1,
    examples: readonly string[] = [],
  ): void {
    const key = `${functionName}\u0000${reason}\u0000${reason === 'invalid-report' ? message : ''}`;
    let entry = this.notPriced.get(key);
    if (entry) entry.count += count;
    else {
      entry = { functionName, reason, count, message };
      this.notPriced.set(key, entry);
    }
    if (examples.length > 0 && reason === 'invalid-report') {
      entry.examples ??= [];
      for (const example of examples) {
        if (entry.examples.length >= MAX_EXAMPLES) break;
        entry.examples.push(example);
      }
    }
  }

  /** Which period a record at `time` counts towards; notes the days the data covers. */
  classify(time: number | null): 'current' | 'previous' | 'skip' {
    if (time !== null) this.noteDay(time);
    if (!this.period) return 'current';
    if (time === null) {
      this.undated++;
      return 'skip';
    }
    if (time >= this.period.fromMs && time < this.period.toMs) return 'current';
    if (this.previous && time >= this.previous.period.fromMs && time < this.previous.period.toMs)
      return 'previous';
    this.outsidePeriod++;
    return 'skip';
  }

  /** Notes days another aggregator saw (its `widenedDays`), as if their records came now. */
  noteDays(days: Iterable<number>): void {
    for (const day of days) this.noteDay(day * DAY_MS);
  }

  private noteDay(time: number): void {
    const day = Math.floor(time / DAY_MS);
    if (this.firstDay !== null && this.lastDay !== null && day >= this.firstDay && day <= this.lastDay)
      return;
    if (this.firstDay === null || day < this.firstDay) this.firstDay = day;
    if (this.lastDay === null || day > this.lastDay) this.lastDay = day;
    this.widenedDays.push(day);
    this.months.add(new Date(time).toISOString().slice(0, 7));
  }

  private usageOf(
    target: 'current' | 'previous',
    functionName: string,
    groupKey: string,
    region: string | null,
    accountId: string | null,
    architecture: Architecture | null,
  ): FunctionUsage {
    const previous = target === 'previous';
    const last = this.last;
    if (
      last !== null &&
      this.lastInPrevious === previous &&
      last.functionName === functionName &&
      last.groupKey === groupKey &&
      last.region === region &&
      last.accountId === accountId &&
      last.architecture === architecture
    ) {
      return last;
    }
    const map = previous ? this.previousFunctions : this.functions;
    const key = `${functionName}\u0000${groupKey}\u0000${region ?? ''}\u0000${accountId ?? ''}\u0000${architecture ?? ''}`;
    let f = map.get(key);
    if (!f) {
      f = newFunctionUsage(functionName, groupKey, region, accountId, architecture);
      map.set(key, f);
    }
    this.last = f;
    this.lastInPrevious = previous;
    return f;
  }
}

function noteVersion(f: FunctionUsage, version: string, time: number): void {
  const v = f.snapStartVersions.get(version);
  if (!v) f.snapStartVersions.set(version, { first: time, last: time });
  else {
    if (time < v.first) v.first = time;
    if (time > v.last) v.last = time;
  }
}

/** Where a damaged invocation is, for the user to find the line (or the document). */
export function invocationExample(
  inv: Pick<Invocation, 'requestId' | 'logGroup' | 'logStream' | 'end'>,
): string {
  const where = [inv.logGroup, inv.logStream].filter(Boolean).join(' ');
  return `request ${inv.requestId}${where ? ` in ${where}` : ''}${inv.end ? ` at ${inv.end}` : ''}`;
}
