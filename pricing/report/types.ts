/**
 * The cost report as every renderer and `--output json` sees it. Money is USD twice: as
 * numbers rounded to 15 significant digits (`…Usd`) and as exact decimal strings (`exact`),
 * since every sum is exact. The rows add up: the total is the sum of the function rows plus
 * the account lines (volume tiers, free tier) plus the standing charges.
 */
import type { Architecture, FailureStatus } from '../../collectors/model.ts';
import type { NotPricedReason } from '../price-invocation.ts';

export interface FailureCost {
  count: number;
  costUsd: number;
}

/** The usage and its Lambda cost by charge, for one function or for the whole report. */
export interface UsageCost {
  invocations: number;
  billedGbSeconds: number;
  computeCostUsd: number;
  requestCostUsd: number;
  ephemeralStorageCostUsd: number;
  snapStartRestoreCostUsd: number;
}

/** What a sum is, exactly. */
export type ExactUsd = Record<string, string>;

export interface MemoryAdvice {
  configuredMB: number;
  maxUsedMB: number | null;
  headroomPct: number | null;
  /** A size to move to, or null when there is nothing safe to advise. */
  recommendedMB: number | null;
  /** One short phrase: `keep`, `raise to 1152 MB`, `try 768 MB`, `no data`. */
  recommendation: string;
  /** Saving at the recommended size if duration holds; 0 when none is claimed. */
  savingUsd: number;
  /** How the size was found: a fit over several sizes in the data, or one size and a stated assumption. */
  basis: 'fit' | 'assumption' | 'none';
  /** The assumption, the risk and how to confirm, in words. */
  note: string;
  timeoutSeconds: number | null;
}

export interface FunctionReport extends UsageCost {
  functionName: string;
  accountId: string | null;
  /** Null for a function not priced because no Region is known (see `notPriced`). */
  region: string | null;
  /** Null for a row of logs whose function's Lambda usage could not be priced. */
  architecture: Architecture | null;
  /** Lambda at first-tier (and provisioned) rates; account-level lines adjust the total. */
  lambdaCostUsd: number;
  /** Invocations served by provisioned-concurrency environments, and their duration charge (inside compute). */
  provisioned: { invocations: number; computeCostUsd: number };
  restores: number;
  /** Bytes of this function's logs read, and their CloudWatch Logs ingestion at the first-tier rate; null when not priced. */
  logs: { bytes: number; costUsd: number | null };
  /** Traced invocations and their X-Ray recording at list price; null when not priced. */
  xray: { traces: number; costUsd: number | null };
  /** Lambda + logs + X-Ray of this row. */
  totalCostUsd: number;
  durationMs: { p50: number | null; p95: number | null; p99: number | null };
  coldStarts: number;
  coldStartRate: number;
  coldStartCostUsd: number;
  timeouts: FailureCost;
  errors: FailureCost;
  ooms: FailureCost;
  crashes: FailureCost;
  memory: MemoryAdvice;
  /** Saving of moving an x86_64 function to arm64 at the same duration; null for arm64 functions. */
  arm64SavingUsd: number | null;
  arm64Note: string | null;
  previousTotalCostUsd: number | null;
  changePct: number | null;
  exact: ExactUsd;
  /**
   * Set on the row of a function whose Lambda usage could not be priced: why, and what to
   * give. Its usage is shown as far as known; its Lambda amounts are 0 and not in any total.
   */
  notPriced?: { reason: NotPricedReason; message: string };
}

/** One account-level line: what volume tiers and the free tier change for an account (and Region, architecture). */
export interface AdjustmentLine {
  accountId: string | null;
  /** Null for account-wide lines (the free tier spans Regions). */
  region: string | null;
  architecture: Architecture | null;
  charge: 'lambda-tiers' | 'lambda-free-tier' | 'logs-tiers' | 'logs-free-tier' | 'xray-free-tier';
  /** What the line is about, in words. */
  label: string;
  /** Usage the line was computed from (GB-s, GB, requests or traces). */
  usage: string;
  costUsd: number;
  derivedPrices: boolean;
  exactUsd: string;
}

/** A charge for something configured, not for invocations: provisioned concurrency, the SnapStart cache. */
export interface StandingCharge {
  functionName: string;
  accountId: string | null;
  region: string;
  kind: 'provisioned-concurrency' | 'snapstart-cache';
  /** How it was computed, in words (environments × memory × hours, versions × hours…). */
  basis: string;
  /** Null when it could not be priced (the reason is in `note`). */
  costUsd: number | null;
  note: string | null;
  exactUsd: string | null;
}

export interface AccountReport {
  accountId: string | null;
  functions: number;
  invocations: number;
  lambdaCostUsd: number;
  logsCostUsd: number;
  xrayCostUsd: number;
  adjustmentsUsd: number;
  standingUsd: number;
  totalCostUsd: number;
  exact: ExactUsd;
}

/** Invocations left out of the cost, by function and reason, with the message that explains it. */
export interface NotPriced {
  functionName: string;
  reason: NotPricedReason;
  count: number;
  message: string;
  /** The first few invocations concerned (request ID, where and when), for damaged REPORT lines. */
  examples?: string[] | undefined;
}

/** A charge incurred but left out of the total, with why: a rate or a fact the report lacks. */
export interface UnpricedCharge {
  functionName: string;
  charge: string;
  count: number;
  message: string;
}

/**
 * An input file the report lacks, whole or in part: it could not be read, or reading it
 * failed part-way (gzip cut short) and only what came before is in the figures.
 */
export interface InputNotWhole {
  input: string;
  /** What was wrong with it. */
  error: string;
  /** How far it was read, when part of it was: events read, and the last one's time (ISO). */
  readInPart: { events: number; lastTime: string | null } | null;
}

export interface CostReport {
  totalCostUsd: number;
  currency: 'USD';
  period: { label: string; from: string | null; to: string | null };
  prices: {
    source: string;
    asOf: string;
    /** Prices used that were derived rather than read, by Region. */
    derived: Array<{ region: string; what: string[] }>;
    logs: { source: string; asOf: string } | null;
    xray: { source: string; asOf: string } | null;
  };
  freeTierApplied: boolean;
  /** Accounts share tiers and one free tier (consolidated billing) rather than each their own. */
  consolidatedBilling: boolean;
  /** How many invocations of the period the total covers. */
  coverage: { invocations: number; priced: number; notPriced: number; partlyPriced: number };
  totals: UsageCost & {
    tierAdjustmentUsd: number;
    freeTierUsd: number;
    coldStartCostUsd: number;
    lambdaCostUsd: number;
    logsCostUsd: number;
    logsBytes: number;
    xrayCostUsd: number;
    xrayTraces: number;
    standingUsd: number;
  };
  exact: ExactUsd;
  functions: FunctionReport[];
  accounts: AccountReport[];
  adjustments: AdjustmentLine[];
  standing: StandingCharge[];
  /** Every day of the period with the day's first-tier cost (Lambda, logs, X-Ray of that day). */
  daily: Array<{ day: string; costUsd: number }>;
  /** Duration distribution over all functions: bucket upper bound (ms) and count. */
  durationHistogram: Array<{ upperMs: number; count: number }>;
  previous: { label: string; totalCostUsd: number; invocations: number; changePct: number | null } | null;
  notPriced: NotPriced[];
  unpriced: UnpricedCharge[];
  records: { seen: number; outsidePeriod: number; undated: number };
  /** The days and months the data holds, over all records read (also those outside the period). */
  dataCovers: { from: string | null; to: string | null; months: string[] };
  /**
   * Functions whose requests and duration the Lambda free tier leaves out (they have
   * provisioned concurrency), and why; absent without `--free-tier` or when there are none.
   */
  freeTierExcluded?: FreeTierExclusion[];
  /** Local inputs the figures lack, whole or in part; absent when every input was read whole. */
  inputsNotWhole?: InputNotWhole[];
  /** Functions `--config` describes that the report found no invocation of; absent when there are none. */
  unusedConfig?: UnusedConfig;
}

/**
 * Configured functions with no invocation in the report. Not an error (one config may
 * describe more functions than one report reads), but a name mistyped in the config looks
 * exactly like this, and its function is then priced without what the config says.
 */
export interface UnusedConfig {
  /** The `--config` file, as given. */
  config: string;
  functions: string[];
  message: string;
}

export type { FailureStatus };

/** A function whose requests and duration the Lambda free tier leaves out, and why. */
export interface FreeTierExclusion {
  functionName: string;
  accountId: string | null;
  region: string;
  architecture: Architecture;
  message: string;
}
