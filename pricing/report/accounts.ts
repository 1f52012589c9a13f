/**
 * Account lines: volume tiers and free allowances apply to an account's monthly aggregate
 * (Lambda duration per Region and architecture, CloudWatch Logs per Region), not to single
 * functions, so rows carry first-tier prices and these lines adjust. Each account has its
 * own tiers and free tier; with consolidated billing every account shares one of each.
 */
import type { Architecture } from '../../collectors/model.ts';
import { formatBytes, MBMS_PER_GBS, type Money, toGbSeconds, unitCost } from '../money.ts';
import { archPrices, type PriceTable, tierOnePrice } from '../price-table.ts';
import { countCost, tieredBytesCost, tierOne } from './observability.ts';
import { tieredCost } from './tiers.ts';
import type { FreeTierExclusion } from './types.ts';

/** What one report row contributes to its account's aggregates. */
export interface RowCharges {
  functionName: string;
  accountId: string | null;
  region: string;
  /** Null for a logs-only row. */
  architecture: Architecture | null;
  /** On-demand MB-ms and its first-tier compute (provisioned duration has no tiers and no free tier). */
  onDemandMbMs: bigint;
  onDemandCompute: Money;
  requests: bigint;
  /**
   * Why the Lambda free tier leaves this row's requests and duration out (its function has
   * provisioned concurrency), or null when it takes them.
   */
  noLambdaFreeTier: string | null;
  logsBytes: bigint;
  /** First-tier logs cost charged on the row, or null when the Region's logs rate is unknown. */
  logs: Money | null;
  traces: bigint;
  xray: Money | null;
}

export interface AccountLine {
  accountId: string | null;
  region: string | null;
  architecture: Architecture | null;
  charge: 'lambda-tiers' | 'lambda-free-tier' | 'logs-tiers' | 'logs-free-tier' | 'xray-free-tier';
  label: string;
  usage: string;
  cost: Money;
  derivedPrices: boolean;
}

export interface AccountOptions {
  freeTier: boolean;
  consolidated: boolean;
}

function accountLabel(accountId: string | null, consolidated: boolean): string {
  if (consolidated) return 'all accounts (consolidated billing)';
  return accountId === null ? 'account not known' : `account ${accountId}`;
}

function sumOf<T>(items: readonly T[], amount: (t: T) => bigint): bigint {
  return items.reduce((n, t) => n + amount(t), 0n);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Every account line, in account, Region, architecture order. */
export function accountLines(
  rows: readonly RowCharges[],
  table: PriceTable,
  options: AccountOptions,
): AccountLine[] {
  const lines: AccountLine[] = [];
  const byAccount = groupBy(rows, (r) => (options.consolidated ? '' : (r.accountId ?? '\u0000')));
  for (const accountRows of byAccount.values()) {
    const accountId = options.consolidated ? null : (accountRows[0]?.accountId ?? null);
    const label = accountLabel(accountId, options.consolidated);
    lines.push(...lambdaLines(accountRows, accountId, label, table, options.freeTier));
    lines.push(...logsLines(accountRows, accountId, label, table, options.freeTier));
    if (options.freeTier) lines.push(...xrayFreeTier(accountRows, accountId, label, table));
  }
  return lines.filter((l) => l.cost !== 0n || l.charge.endsWith('tiers'));
}

function lambdaLines(
  rows: readonly RowCharges[],
  accountId: string | null,
  label: string,
  table: PriceTable,
  freeTier: boolean,
): AccountLine[] {
  const groups = [
    ...groupBy(
      rows.filter((r) => r.architecture !== null),
      (r) => `${r.region}\u0000${r.architecture}`,
    ).values(),
  ]
    .map((list) => {
      const first = list[0] as RowCharges;
      const prices = table.regions.get(first.region);
      if (!prices) return null;
      const arch = archPrices(prices, first.architecture as Architecture);
      return {
        region: first.region,
        architecture: first.architecture as Architecture,
        arch,
        derived: (prices.derived?.length ?? 0) > 0,
        mbMs: sumOf(list, (r) => r.onDemandMbMs),
        tierOne: sumOf(list, (r) => r.onDemandCompute),
        // Volume tiers count every function's on-demand duration; the free tier only that of
        // functions without provisioned concurrency. AWS Lambda pricing page
        // (https://aws.amazon.com/lambda/pricing/; research/pricing-and-report-lines.md §3.1):
        // "The Lambda free tier does not apply to functions that have Provisioned Concurrency enabled."
        freeMbMs: sumOf(list, (r) => (r.noLambdaFreeTier === null ? r.onDemandMbMs : 0n)),
        freeRequests: sumOf(list, (r) => (r.noLambdaFreeTier === null ? r.requests : 0n)),
      };
    })
    .filter((g) => g !== null)
    // The free tier is one allowance for the account; spend it where it is worth most.
    .sort((a, b) => Number(tierOnePrice(b.arch) - tierOnePrice(a.arch)) || a.region.localeCompare(b.region));
  let freeMbMs = freeTier ? table.freeTier.gbSeconds * MBMS_PER_GBS : 0n;
  let freeRequests = freeTier ? table.freeTier.requests : 0n;
  const lines: AccountLine[] = [];
  for (const g of groups) {
    const tiered = tieredCost(g.arch.duration, 0n, g.mbMs);
    lines.push({
      accountId,
      region: g.region,
      architecture: g.architecture,
      charge: 'lambda-tiers',
      label: `Lambda volume tiers, ${label}, ${g.region} ${g.architecture}`,
      usage: `${toGbSeconds(g.mbMs).toFixed(2)} GB-s`,
      cost: tiered - g.tierOne,
      derivedPrices: g.derived,
    });
    if (!freeTier) continue;
    const usedFree = freeMbMs < g.freeMbMs ? freeMbMs : g.freeMbMs;
    freeMbMs -= usedFree;
    const usedRequests = freeRequests < g.freeRequests ? freeRequests : g.freeRequests;
    freeRequests -= usedRequests;
    const cost =
      tieredCost(g.arch.duration, usedFree, g.mbMs) - tiered - unitCost(usedRequests, g.arch.request);
    lines.push({
      accountId,
      region: g.region,
      architecture: g.architecture,
      charge: 'lambda-free-tier',
      label: `Lambda free tier, ${label}, ${g.region} ${g.architecture}`,
      usage: `${toGbSeconds(usedFree).toFixed(2)} GB-s, ${usedRequests} requests`,
      cost,
      derivedPrices: g.derived,
    });
  }
  return lines;
}

function logsLines(
  rows: readonly RowCharges[],
  accountId: string | null,
  label: string,
  table: PriceTable,
  freeTier: boolean,
): AccountLine[] {
  const groups = [
    ...groupBy(
      rows.filter((r) => r.logs !== null && r.logsBytes > 0n),
      (r) => r.region,
    ).values(),
  ]
    .map((list) => {
      const region = (list[0] as RowCharges).region;
      const tiers = tierOne(table.logs, region);
      if (!tiers) return null;
      return {
        region,
        tiers,
        derived: (table.logs?.regions.get(region)?.derived?.length ?? 0) > 0,
        bytes: list.reduce((n, r) => n + r.logsBytes, 0n),
        charged: list.reduce((n, r) => n + (r.logs ?? 0n), 0n),
      };
    })
    .filter((g) => g !== null)
    .sort(
      (a, b) =>
        Number((b.tiers[0]?.price ?? 0n) - (a.tiers[0]?.price ?? 0n)) || a.region.localeCompare(b.region),
    );
  let free = freeTier ? (table.logs?.freePerMonth ?? 0n) << 30n : 0n;
  const lines: AccountLine[] = [];
  for (const g of groups) {
    const tiered = tieredBytesCost(g.tiers, 0n, g.bytes);
    lines.push({
      accountId,
      region: g.region,
      architecture: null,
      charge: 'logs-tiers',
      label: `CloudWatch Logs volume tiers, ${label}, ${g.region}`,
      usage: formatBytes(g.bytes),
      cost: tiered - g.charged,
      derivedPrices: g.derived,
    });
    if (!freeTier) continue;
    const used = free < g.bytes ? free : g.bytes;
    free -= used;
    lines.push({
      accountId,
      region: g.region,
      architecture: null,
      charge: 'logs-free-tier',
      label: `CloudWatch Logs free tier, ${label}, ${g.region}`,
      usage: formatBytes(used),
      cost: tieredBytesCost(g.tiers, used, g.bytes) - tiered,
      derivedPrices: g.derived,
    });
  }
  return lines;
}

function xrayFreeTier(
  rows: readonly RowCharges[],
  accountId: string | null,
  label: string,
  table: PriceTable,
): AccountLine[] {
  let free = table.xray?.freePerMonth ?? 0n;
  const lines: AccountLine[] = [];
  const byRegion = groupBy(
    rows.filter((r) => r.xray !== null && r.traces > 0n),
    (r) => r.region,
  );
  for (const [region, list] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
    const price = tierOne(table.xray, region)?.[0]?.price;
    if (price === undefined || free === 0n) continue;
    const traces = list.reduce((n, r) => n + r.traces, 0n);
    const used = free < traces ? free : traces;
    free -= used;
    lines.push({
      accountId,
      region,
      architecture: null,
      charge: 'xray-free-tier',
      label: `X-Ray free tier, ${label}, ${region}`,
      usage: `${used} traces`,
      cost: -countCost(used, price),
      derivedPrices: (table.xray?.regions.get(region)?.derived?.length ?? 0) > 0,
    });
  }
  return lines;
}

/** The rows the Lambda free tier leaves out (their function has provisioned concurrency), one each. */
export function freeTierExclusions(rows: readonly RowCharges[]): FreeTierExclusion[] {
  const out: FreeTierExclusion[] = [];
  for (const r of rows) {
    if (r.noLambdaFreeTier === null || r.architecture === null) continue;
    const where = `${accountLabel(r.accountId, false)}, ${r.region} ${r.architecture}`;
    out.push({
      functionName: r.functionName,
      accountId: r.accountId,
      region: r.region,
      architecture: r.architecture,
      message: `function "${r.functionName}" (${where}): its ${r.requests.toLocaleString('en')} request(s) and ${toGbSeconds(r.onDemandMbMs).toFixed(2)} GB-s on demand are left out of the Lambda free tier, which does not apply to functions with provisioned concurrency (${r.noLambdaFreeTier})`,
    });
  }
  return out.sort(
    (a, b) =>
      a.functionName.localeCompare(b.functionName) ||
      (a.accountId ?? '').localeCompare(b.accountId ?? '') ||
      a.region.localeCompare(b.region),
  );
}
