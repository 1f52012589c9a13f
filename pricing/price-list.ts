/**
 * Loads the official AWS Price List offer file for Lambda (service code `AWSLambda`,
 * index.json or CSV, global or per region) into a PriceTable, so reports can use today's
 * list instead of the built-in table. Usage types carry the region billing-code prefix
 * (`EUC1-Lambda-GB-Second`); us-east-1 rows carry none.
 */

import { readFile } from 'node:fs/promises';
import { decodeText } from '../collectors/files/byte-order.ts';
import { ConfigError, fileReadProblem } from '../collectors/kernel/index.ts';
import { type LoadedOffer, mergePrices } from './merge-prices.ts';
import { parsePrice } from './money.ts';
import type {
  ArchPrices,
  DurationTier,
  PriceTable,
  RegionPrices,
  ServiceRegionPrices,
  VolumeTier,
} from './price-table.ts';

export class PriceListError extends ConfigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PriceListError';
  }
}

/** Region billing codes (AWS "Region billing codes" page); us-east-1 has no prefix for Lambda. */
export const BILLING_CODE_REGIONS: Readonly<Record<string, string>> = {
  USE1: 'us-east-1',
  USE2: 'us-east-2',
  USW1: 'us-west-1',
  USW2: 'us-west-2',
  CAN1: 'ca-central-1',
  CAN2: 'ca-west-1',
  MXC1: 'mx-central-1',
  AFS1: 'af-south-1',
  APE1: 'ap-east-1',
  APE2: 'ap-east-2',
  APN1: 'ap-northeast-1',
  APN2: 'ap-northeast-2',
  APN3: 'ap-northeast-3',
  APS1: 'ap-southeast-1',
  APS2: 'ap-southeast-2',
  APS3: 'ap-south-1',
  APS4: 'ap-southeast-3',
  APS5: 'ap-south-2',
  APS6: 'ap-southeast-4',
  APS7: 'ap-southeast-5',
  EU: 'eu-west-1',
  EUW2: 'eu-west-2',
  EUW3: 'eu-west-3',
  EUC1: 'eu-central-1',
  EUC2: 'eu-central-2',
  EUN1: 'eu-north-1',
  EUS1: 'eu-south-1',
  EUS2: 'eu-south-2',
  ILC1: 'il-central-1',
  MEC1: 'me-central-1',
  MES1: 'me-south-1',
  SAE1: 'sa-east-1',
  UGW1: 'us-gov-west-1',
  UGE1: 'us-gov-east-1',
};

/** One priced row, whatever the file format. */
export interface OfferRow {
  usageType: string;
  regionCode: string | undefined;
  beginRange: string;
  pricePerUnit: string;
  where: string;
}

type Slot = 'request' | 'duration' | 'pc' | 'pcDuration' | 'storage' | 'snapCache' | 'snapRestore' | 'logs';

/** `EUC1-Lambda-GB-Second-ARM` → region eu-central-1, slot duration, arm64. */
export function classifyUsageType(
  usageType: string,
  regionCode?: string,
): { region: string; slot: Slot; arm: boolean } | null {
  const match = /^([A-Z]{2,4}\d?)-(.+)$/.exec(usageType);
  const code = match?.[1];
  const prefixRegion = code ? BILLING_CODE_REGIONS[code] : undefined;
  // A billing code this table does not know is still a prefix when the row names its
  // Region (newer Regions get new codes before any table lists them).
  const stripped = match && (prefixRegion || regionCode) ? (match[2] ?? usageType) : usageType;
  const base = stripped;
  const region = regionCode || prefixRegion || 'us-east-1';
  const arm = base.endsWith('-ARM');
  const name = arm ? base.slice(0, -4) : base;
  const slots: Record<string, Slot> = {
    Request: 'request',
    Requests: 'request',
    'Lambda-GB-Second': 'duration',
    'Lambda-Provisioned-Concurrency': 'pc',
    'Lambda-Provisioned-GB-Second': 'pcDuration',
    'Lambda-Storage-GB-Second': 'storage',
  };
  let slot = slots[name];
  // Lambda's own logs in CloudWatch Logs: the plain vended-log meter, not other services' variants.
  if (!slot && base === 'VendedLog-Bytes') slot = 'logs';
  if (!slot && /SnapStart/i.test(name))
    slot = /Restore/i.test(name) ? 'snapRestore' : /Cache/i.test(name) ? 'snapCache' : undefined;
  return slot ? { region, slot, arm } : null;
}

interface Partial {
  x86: { request?: bigint; duration: DurationTier[]; pc?: bigint; pcDuration?: bigint };
  arm: { request?: bigint; duration: DurationTier[]; pc?: bigint; pcDuration?: bigint };
  storage?: bigint;
  snapCache?: bigint;
  snapRestore?: bigint;
  logs: VolumeTier[];
}

/** Builds a table from rows; regions missing a duration, request or storage price are listed, not guessed. */
export function tableFromRows(
  rows: Iterable<OfferRow>,
  source: string,
  asOf: string,
): { table: PriceTable; incomplete: string[] } {
  const partial = new Map<string, Partial>();
  for (const row of rows) {
    const c = classifyUsageType(row.usageType, row.regionCode);
    if (!c) continue;
    const p = partial.get(c.region) ?? { x86: { duration: [] }, arm: { duration: [] }, logs: [] };
    partial.set(c.region, p);
    const price = parsePrice(row.pricePerUnit, row.where);
    const arch = c.arm ? p.arm : p.x86;
    if (c.slot === 'duration') {
      const begin = BigInt(Math.round(Number(row.beginRange || '0')));
      if (!arch.duration.some((t) => t.fromGbSeconds === begin))
        arch.duration.push({ fromGbSeconds: begin, price });
    } else if (c.slot === 'request') arch.request = price;
    else if (c.slot === 'pc') arch.pc = price;
    else if (c.slot === 'pcDuration') arch.pcDuration = price;
    else if (c.slot === 'storage') p.storage ??= price;
    else if (c.slot === 'snapCache') p.snapCache = price;
    else if (c.slot === 'logs') {
      const from = BigInt(Math.round(Number(row.beginRange || '0')));
      if (!p.logs.some((t) => t.from === from)) p.logs.push({ from, price });
    } else p.snapRestore = price;
  }
  const logs = new Map<string, ServiceRegionPrices>();
  for (const [region, p] of partial) {
    if (p.logs.length > 0) {
      logs.set(region, { region, tiers: [...p.logs].sort((a, b) => (a.from < b.from ? -1 : 1)) });
    }
  }
  const regions = new Map<string, RegionPrices>();
  const incomplete: string[] = [];
  for (const [region, p] of partial) {
    if (p.x86.duration.length === 0 && p.arm.duration.length === 0 && p.x86.request === undefined) continue;
    const x86Request = p.x86.request ?? p.arm.request;
    if (
      p.x86.duration.length === 0 ||
      p.arm.duration.length === 0 ||
      x86Request === undefined ||
      p.storage === undefined
    ) {
      incomplete.push(region);
      continue;
    }
    const arch = (a: Partial['x86']): ArchPrices => ({
      request: a.request ?? x86Request,
      duration: [...a.duration].sort((l, r) => (l.fromGbSeconds < r.fromGbSeconds ? -1 : 1)),
      provisionedConcurrency: a.pc,
      provisionedDuration: a.pcDuration,
    });
    regions.set(region, {
      region,
      x86_64: arch(p.x86),
      arm64: arch(p.arm),
      ephemeralStorage: p.storage,
      snapStartCache: p.snapCache,
      snapStartRestore: p.snapRestore,
    });
  }
  return {
    table: {
      asOf,
      source,
      currency: 'USD',
      regions,
      freeTier: { requests: 1_000_000n, gbSeconds: 400_000n },
      logs:
        logs.size > 0
          ? {
              service: 'CloudWatch Logs ingestion (vended logs)',
              unit: 'GB',
              asOf,
              source,
              regions: logs,
              freePerMonth: 5n,
            }
          : undefined,
    },
    incomplete: incomplete.sort(),
  };
}

/** Reads index.json or the CSV form of the AWSLambda offer file. */
export async function loadPriceList(path: string): Promise<{ table: PriceTable; incomplete: string[] }> {
  let text: string;
  try {
    text = decodeText(await readFile(path));
  } catch (cause) {
    throw new PriceListError(`cannot read price list ${path}: ${fileReadProblem(cause)}`, { cause });
  }
  const result = text.trimStart().startsWith('{') ? fromJson(text, path) : fromCsv(text, path);
  if (result.table.regions.size === 0 && !result.table.logs) {
    throw new PriceListError(
      `${path}: no Lambda duration/request prices and no CloudWatch vended-log prices found (is it the AWSLambda or AmazonCloudWatch offer file?)`,
    );
  }
  return result;
}

function fromJson(text: string, path: string) {
  let offer: {
    offerCode?: string;
    publicationDate?: string;
    products?: Record<string, { attributes?: Record<string, string> }>;
    terms?: { OnDemand?: Record<string, Record<string, { priceDimensions?: Record<string, Dimension> }>> };
  };
  try {
    offer = JSON.parse(text);
  } catch (cause) {
    throw new PriceListError(`${path}: not valid JSON: ${(cause as Error).message}`, { cause });
  }
  if (
    offer.offerCode !== undefined &&
    offer.offerCode !== 'AWSLambda' &&
    offer.offerCode !== 'AmazonCloudWatch'
  ) {
    throw new PriceListError(
      `${path}: offer code is "${offer.offerCode}", expected "AWSLambda" or "AmazonCloudWatch"`,
    );
  }
  const rows: OfferRow[] = [];
  for (const [sku, terms] of Object.entries(offer.terms?.OnDemand ?? {})) {
    const attrs = offer.products?.[sku]?.attributes ?? {};
    if (!attrs.usagetype) continue;
    for (const term of Object.values(terms)) {
      for (const [rateCode, d] of Object.entries(term.priceDimensions ?? {})) {
        const usd = d.pricePerUnit?.USD;
        if (usd === undefined) continue;
        rows.push({
          usageType: attrs.usagetype,
          regionCode: attrs.regionCode,
          beginRange: d.beginRange ?? '0',
          pricePerUnit: usd,
          where: `${path} rate ${rateCode}`,
        });
      }
    }
  }
  const asOf = (offer.publicationDate ?? 'unknown').slice(0, 10);
  return tableFromRows(rows, `AWS Price List offer file ${path}`, asOf);
}

interface Dimension {
  beginRange?: string;
  pricePerUnit?: { USD?: string };
}

function fromCsv(text: string, path: string) {
  const lines = text.split(/\r?\n/);
  let asOf = 'unknown';
  let headerIndex = -1;
  for (let i = 0; i < Math.min(lines.length, 20); i++) {
    const cells = splitCsv(lines[i] ?? '');
    if (cells[0] === 'Publication Date') asOf = (cells[1] ?? '').slice(0, 10);
    if (cells.includes('SKU') && cells.includes('PricePerUnit')) {
      headerIndex = i;
      break;
    }
  }
  if (headerIndex < 0) throw new PriceListError(`${path}: no CSV header row with SKU and PricePerUnit`);
  const header = splitCsv(lines[headerIndex] ?? '');
  const col = (name: string) => header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  const usage = col('usageType');
  const price = col('PricePerUnit');
  const begin = col('StartingRange');
  const term = col('TermType');
  const region = col('Region Code');
  if (usage < 0 || price < 0)
    throw new PriceListError(`${path}: CSV lacks a usageType or PricePerUnit column`);
  const rows: OfferRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const cells = splitCsv(line);
    if (term >= 0 && cells[term] !== 'OnDemand') continue;
    rows.push({
      usageType: cells[usage] ?? '',
      regionCode: region >= 0 ? cells[region] || undefined : undefined,
      beginRange: begin >= 0 ? cells[begin] || '0' : '0',
      pricePerUnit: cells[price] ?? '',
      where: `${path} line ${i + 1}`,
    });
  }
  return tableFromRows(rows, `AWS Price List offer file ${path}`, asOf);
}

/** Splits one CSV line with double-quoted cells. */
export function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  out.push(cell);
  return out;
}

/**
 * The prices a report uses: the built-in tables, with what each offer file holds put in
 * their place Region by Region (an AWSLambda file's Regions for Lambda, an AmazonCloudWatch
 * file's for logs; a later file wins). Returns warnings about what a file left out.
 */
export async function loadPrices(
  paths: readonly string[],
  base: PriceTable,
): Promise<{ table: PriceTable; warnings: string[] }> {
  const files: LoadedOffer[] = [];
  for (const path of paths) files.push({ path, ...(await loadPriceList(path)) });
  return mergePrices(base, files);
}
