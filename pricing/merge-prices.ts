/**
 * Puts the prices of several offer files over the built-in table, Region by Region. Offer
 * files come per Region as often as global (the Price List API serves both), so a file
 * replaces the prices of the Regions it holds and nothing else; a later file wins for a
 * Region two files hold; a Region no file holds keeps the built-in price. The source a
 * report prints names each file with the Regions it priced, and the built-in table when it
 * priced the rest, so no figure's origin is hidden.
 */
import type { PriceTable, ServiceTable } from './price-table.ts';

/** One offer file as read: what it holds, and the Regions it left without a complete price. */
export interface LoadedOffer {
  path: string;
  table: PriceTable;
  incomplete: readonly string[];
}

/** One origin of prices: the base table (`path` null) or an offer file. */
interface Origin<T> {
  path: string | null;
  source: string;
  asOf: string;
  regions: ReadonlyMap<string, T>;
}

interface Merged<T> {
  regions: Map<string, T>;
  /** Who priced each Region in the end: the path of a file, or null for the base table. */
  owner: Map<string, string | null>;
  source: string;
  asOf: string;
  warnings: string[];
}

/**
 * Merges the Regions of each origin over the base, later over earlier, and says where the
 * prices came from: one origin reads as it always did; several read as
 * `<file> for <Regions> (as of <date>); …; other Regions: <base source>`, the last one's
 * date left for the report to print after the whole (`…, as of <asOf>`).
 */
function mergeRegions<T>(base: Origin<T>, files: readonly Origin<T>[], what: string): Merged<T> {
  const regions = new Map(base.regions);
  const owner = new Map<string, string | null>([...base.regions.keys()].map((r) => [r, null]));
  for (const file of files) {
    for (const [region, prices] of file.regions) {
      regions.set(region, prices);
      owner.set(region, file.path);
    }
  }
  const warnings: string[] = [];
  const used: Array<{ source: string; asOf: string; regions: string[] }> = [];
  for (const [i, file] of files.entries()) {
    // A path given twice counts where it was given last.
    if (files.slice(i + 1).some((f) => f.path === file.path)) continue;
    const mine = [...owner].filter(([, p]) => p === file.path).map(([r]) => r);
    if (mine.length === 0) {
      const later = [...new Set([...file.regions.keys()].map((r) => owner.get(r)))].join(', ');
      warnings.push(
        `${file.path}: every Region it has ${what} prices for is also in ${later}, read after it: its ${what} prices are not used`,
      );
      continue;
    }
    used.push({ source: file.source, asOf: file.asOf, regions: mine.sort() });
  }
  const baseLeft = [...owner.values()].some((p) => p === null);
  const only = used.length === 1 && !baseLeft ? used[0] : undefined;
  if (used.length === 0) return { regions, owner, source: base.source, asOf: base.asOf, warnings };
  if (only) return { regions, owner, source: only.source, asOf: only.asOf, warnings };
  const parts = used.map((u) => ({ text: `${u.source} for ${u.regions.join(', ')}`, asOf: u.asOf }));
  if (baseLeft) parts.push({ text: `other Regions: ${base.source}`, asOf: base.asOf });
  const last = parts.pop() as { text: string; asOf: string };
  const source = [...parts.map((p) => `${p.text} (as of ${p.asOf})`), last.text].join('; ');
  return { regions, owner, source, asOf: last.asOf, warnings };
}

/** Where a Region an offer file left incomplete gets its prices from instead, in words. */
function fallbackOf(owner: ReadonlyMap<string, string | null>, region: string): string {
  const from = owner.get(region);
  if (from === undefined) return `${region} not priced`;
  return from === null ? `${region} priced from the built-in table` : `${region} priced from ${from}`;
}

/** The base table with each file's Lambda and CloudWatch Logs prices over it, and what to warn of. */
export function mergePrices(
  base: PriceTable,
  files: readonly LoadedOffer[],
): { table: PriceTable; warnings: string[] } {
  const lambdaFiles = files.filter((f) => f.table.regions.size > 0);
  const lambda = mergeRegions(
    { path: null, source: base.source, asOf: base.asOf, regions: base.regions },
    lambdaFiles.map((f) => ({ path: f.path, ...f.table })),
    'Lambda',
  );
  const logsFiles = files.flatMap((f) => (f.table.logs ? [{ path: f.path, ...f.table.logs }] : []));
  const logs = mergeLogs(base.logs, logsFiles);
  const warnings = [...lambda.warnings, ...logs.warnings];
  for (const [i, f] of files.entries()) {
    if (f.incomplete.length === 0 || files.slice(i + 1).some((later) => later.path === f.path)) continue;
    const instead = f.incomplete.map((r) => fallbackOf(lambda.owner, r)).join('; ');
    warnings.push(
      `${f.path} lacks duration/request/storage prices for: ${f.incomplete.join(', ')} (${instead})`,
    );
  }
  if (lambdaFiles.length === 0 && logsFiles.length === 0) return { table: base, warnings };
  return {
    table: {
      ...base,
      ...(lambdaFiles.length > 0
        ? { regions: lambda.regions, source: lambda.source, asOf: lambda.asOf }
        : {}),
      logs: logs.table,
    },
    warnings,
  };
}

function mergeLogs(
  base: ServiceTable | undefined,
  files: ReadonlyArray<ServiceTable & { path: string }>,
): { table: ServiceTable | undefined; warnings: string[] } {
  // Without built-in logs prices, the files' are all there is.
  const first = base ?? files[0];
  if (!first || files.length === 0) return { table: base, warnings: [] };
  const merged = mergeRegions(
    { path: null, source: base?.source ?? '', asOf: base?.asOf ?? '', regions: base?.regions ?? new Map() },
    files,
    'CloudWatch Logs',
  );
  return {
    table: { ...first, regions: merged.regions, source: merged.source, asOf: merged.asOf },
    warnings: merged.warnings,
  };
}
