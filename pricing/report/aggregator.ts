/**
 * Streams invocations (or pre-aggregated groups from Elasticsearch or Logs Insights) into
 * per-function totals for one period, plus the period before it for the month-on-month
 * change. Records that cannot be priced are counted with the reason, never priced as zero.
 */
import { parseIso } from '../../collectors/iso-time.ts';
import { type Invocation, isFailure } from '../../collectors/model.ts';
import {
  type ContextDefaults,
  type FunctionConfigs,
  invocationFunctionName,
  type MissingField,
  resolveContext,
} from '../context.ts';
import { coldStartBilledMs, usageCost } from '../estimate.ts';
import type { Money } from '../money.ts';
import { type PriceTable, unknownRegionMessage } from '../price-table.ts';
import { type FunctionTotals, functionKey, newFunctionTotals, type UsageGroup } from './accumulator.ts';
import { type Period, previousPeriod, utcDay } from './period.ts';

export type NotPricedReason =
  | 'no-billed-duration'
  | 'incomplete'
  | 'missing-region'
  | 'missing-architecture'
  | 'missing-region-and-architecture'
  | 'unknown-region';

/** Invocations left out of the cost, by function and reason, with the message that explains it. */
export interface NotPriced {
  functionName: string;
  reason: NotPricedReason;
  count: number;
  message: string;
}

export interface AggregatorOptions {
  table: PriceTable;
  /** Omit to take every dated and undated record. */
  period?: Period | undefined;
  configs?: FunctionConfigs | undefined;
  defaults?: ContextDefaults | undefined;
  /** Only these functions (all when absent). */
  functions?: readonly string[] | undefined;
}

/** Totals of the previous period, per function key. */
export interface PreviousTotals {
  period: Period;
  invocations: number;
  total: Money;
  byFunction: Map<string, { invocations: number; total: Money }>;
}

export class CostAggregator {
  readonly table: PriceTable;
  readonly period: Period | undefined;
  readonly previous: PreviousTotals | undefined;
  readonly functions = new Map<string, FunctionTotals>();
  readonly notPriced = new Map<string, NotPriced>();
  /** Records outside both periods, and records without a time when a period was asked for. */
  outsidePeriod = 0;
  undated = 0;
  /** Records seen at all (priced or not). */
  records = 0;
  readonly configs: FunctionConfigs;
  readonly defaults: ContextDefaults;
  private readonly only: ReadonlySet<string> | undefined;

  constructor(options: AggregatorOptions) {
    this.table = options.table;
    this.period = options.period;
    this.configs = options.configs ?? new Map();
    this.defaults = options.defaults ?? {};
    this.only = options.functions && options.functions.length > 0 ? new Set(options.functions) : undefined;
    if (options.period) {
      this.previous = {
        period: previousPeriod(options.period),
        invocations: 0,
        total: 0n,
        byFunction: new Map(),
      };
    }
  }

  /** Adds one invocation from local files or a per-document source. */
  addInvocation(invocation: Invocation): void {
    const functionName = invocationFunctionName(invocation);
    if (this.only && !this.only.has(functionName)) return;
    this.records++;
    const time = parseIso(invocation.end ?? invocation.start ?? '');
    const dated = !Number.isNaN(time);
    const target = this.classify(dated ? time : null);
    if (target === 'skip') return;
    if (invocation.billedDurationMs === null || invocation.memorySizeMB === null) {
      if (invocation.status === 'incomplete' && invocation.durationMs === null) {
        this.skip(
          functionName,
          'incomplete',
          `function "${functionName}": invocation without a REPORT line (still running or its log was cut): not priced`,
        );
      } else {
        this.skip(
          functionName,
          'no-billed-duration',
          `function "${functionName}": REPORT without Billed Duration/Memory Size (Lambda Managed Instances): not priceable from logs`,
        );
      }
      return;
    }
    const resolved = resolveContext(functionName, invocation.region, this.configs, this.defaults);
    if (!resolved.ok) {
      this.skip(functionName, missingReason(resolved.missing), resolved.message);
      return;
    }
    const { context } = resolved;
    const group: UsageGroup = {
      functionName,
      region: context.region,
      architecture: context.architecture,
      ephemeralStorageMB: context.ephemeralStorageMB ?? 512,
      day: dated ? utcDay(time) : 'undated',
      status: invocation.status,
      count: 1,
      memorySizeMB: invocation.memorySizeMB,
      billedMs: BigInt(invocation.billedDurationMs),
      coldStarts: invocation.coldStart ? 1 : 0,
      coldStartBilledMs: BigInt(coldStartBilledMs(invocation)),
      chargedRestores: context.chargeSnapStartRestore && invocation.restoreDurationMs !== null ? 1 : 0,
      maxMemoryUsedMB: invocation.maxMemoryUsedMB,
      durationMs: invocation.durationMs,
    };
    if (target === 'previous') this.addPrevious(group);
    else this.addGroup(group);
  }

  /** Records a group that cannot be priced (sources that aggregate server-side use this too). */
  skip(functionName: string, reason: NotPricedReason, message: string, count = 1): void {
    const key = `${functionName}\u0000${reason}`;
    const entry = this.notPriced.get(key);
    if (entry) entry.count += count;
    else this.notPriced.set(key, { functionName, reason, count, message });
  }

  /** Which period a record at `time` counts towards. */
  classify(time: number | null): 'current' | 'previous' | 'skip' {
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

  /** Adds a group to the current period at first-tier prices. */
  addGroup(group: UsageGroup): void {
    const cost = this.groupCost(group);
    if (!cost) return;
    const key = functionKey(group);
    let totals = this.functions.get(key);
    if (!totals) {
      totals = newFunctionTotals(group);
      this.functions.set(key, totals);
    }
    totals.invocations += group.count;
    totals.mbMs += cost.mbMs;
    totals.storageMbMs += cost.storageMbMs;
    totals.compute += cost.compute;
    totals.request += cost.request;
    totals.ephemeralStorage += cost.ephemeralStorage;
    totals.snapStartRestore += cost.snapStartRestore;
    totals.coldStarts += group.coldStarts;
    totals.coldStartCost += cost.coldStart;
    if (isFailure(group.status)) {
      const f = totals.failures[group.status];
      f.count += group.count;
      f.cost += cost.total;
    }
    totals.ephemeralStorageMB = Math.max(totals.ephemeralStorageMB, group.ephemeralStorageMB);
    totals.memorySizeMB = Math.max(totals.memorySizeMB, group.memorySizeMB);
    if (group.maxMemoryUsedMB !== null) {
      totals.maxMemoryUsedMB = Math.max(totals.maxMemoryUsedMB ?? 0, group.maxMemoryUsedMB);
    }
    totals.billedMsByMemory.set(
      group.memorySizeMB,
      (totals.billedMsByMemory.get(group.memorySizeMB) ?? 0n) + group.billedMs,
    );
    if (group.durationMs !== undefined && group.durationMs !== null)
      totals.durations.add(group.durationMs, group.count);
    totals.daily.set(group.day, (totals.daily.get(group.day) ?? 0n) + cost.total);
    if (group.day !== 'undated') {
      if (totals.firstDay === null || group.day < totals.firstDay) totals.firstDay = group.day;
      if (totals.lastDay === null || group.day > totals.lastDay) totals.lastDay = group.day;
    }
  }

  /** Adds a group to the previous period's totals (cost at first-tier prices). */
  addPrevious(group: UsageGroup): void {
    if (!this.previous) return;
    const cost = this.groupCost(group);
    if (!cost) return;
    const key = functionKey(group);
    const entry = this.previous.byFunction.get(key) ?? { invocations: 0, total: 0n };
    entry.invocations += group.count;
    entry.total += cost.total;
    this.previous.byFunction.set(key, entry);
    this.previous.invocations += group.count;
    this.previous.total += cost.total;
  }

  private groupCost(group: UsageGroup) {
    const prices = this.table.regions.get(group.region);
    if (!prices) {
      this.skip(
        group.functionName,
        'unknown-region',
        unknownRegionMessage(group.region, this.table),
        group.count,
      );
      return null;
    }
    return usageCost(prices, group.architecture, group);
  }
}

export function missingReason(missing: MissingField[]): NotPricedReason {
  if (missing.length === 2) return 'missing-region-and-architecture';
  return missing[0] === 'region' ? 'missing-region' : 'missing-architecture';
}
