/**
 * `lambdalens cost --prices` with offer files that each hold some Regions, as the Price List
 * serves them per Region: the files merge Region by Region over the built-in table (a later
 * file wins), and the report's price sources name each file with its Regions and the
 * built-in table for the rest. Priced by the real CLI over the example month.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const data = join(root, 'examples', 'data');
const BUILT_IN = 'AWS Lambda pricing page and AWS Pricing Calculator lambda.json (built-in table)';
const BUILT_IN_LOGS =
  'AWS Price List AmazonCloudWatch VendedLog-Bytes (built-in table; Regions other than us-east-1 as of 2025-04-30)';

/** Region billing-code prefixes of the AWSLambda usage types (us-east-1 has none). */
const PREFIX: Record<string, string> = { 'us-east-1': '', 'eu-west-1': 'EU-', 'eu-south-1': 'EUS1-' };

/** An offer file in the index.json shape, one SKU per usage type and Region. */
function offer(offerCode: string, date: string, byRegion: Record<string, Array<[string, string]>>): string {
  const products: Record<string, unknown> = {};
  const onDemand: Record<string, unknown> = {};
  let n = 0;
  for (const [region, rows] of Object.entries(byRegion)) {
    for (const [usage, usd] of rows) {
      const sku = `SKU${n++}`;
      products[sku] = { sku, attributes: { usagetype: `${PREFIX[region]}${usage}`, regionCode: region } };
      onDemand[sku] = {
        [`${sku}.JRTCKXETXF`]: {
          priceDimensions: { [`${sku}.JRTCKXETXF.R0`]: { beginRange: '0', pricePerUnit: { USD: usd } } },
        },
      };
    }
  }
  return JSON.stringify({ offerCode, publicationDate: date, products, terms: { OnDemand: onDemand } });
}

/** Lambda prices of one Region, different in each file so a figure shows which file priced it. */
function lambda(x86: string, arm: string, request: string): Array<[string, string]> {
  return [
    ['Lambda-GB-Second', x86],
    ['Lambda-GB-Second-ARM', arm],
    ['Request', request],
    ['Lambda-Storage-GB-Second', '0.00000004'],
  ];
}

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambdalens-price-files-'));
  const write = (name: string, text: string) => writeFileSync(file(name), text);
  write(
    'use1.json',
    offer('AWSLambda', '2026-11-01', { 'us-east-1': lambda('0.00002', '0.000016', '3E-7') }),
  );
  write(
    'euw1.json',
    offer('AWSLambda', '2026-11-02', { 'eu-west-1': lambda('0.00003', '0.000024', '4E-7') }),
  );
  write(
    'eus1.json',
    offer('AWSLambda', '2026-11-03', { 'eu-south-1': lambda('0.00004', '0.000032', '5E-7') }),
  );
  write(
    'use1-euw1.json',
    offer('AWSLambda', '2026-10-15', {
      'us-east-1': lambda('0.00009', '0.00009', '9E-7'),
      'eu-west-1': lambda('0.00005', '0.00005', '5E-7'),
    }),
  );
  write(
    'cw-use1.json',
    offer('AmazonCloudWatch', '2026-11-04', { 'us-east-1': [['VendedLog-Bytes', '0.75']] }),
  );
});

function cost(prices: string[]): { code: number | null; report: CostReport; stderr: string } {
  const run = runCli(
    [
      'cost',
      join(data, 'logs'),
      '--config',
      join(data, 'functions.json'),
      '--month',
      '2026-10',
      ...prices.flatMap((p) => ['--prices', file(p)]),
      '-o',
      'json',
    ],
    {},
  );
  return { code: run.code, report: JSON.parse(run.stdout || '{}') as CostReport, stderr: run.stderr };
}

/** Each function's Region and exact compute, request and logs charges. */
function charges(report: CostReport): Record<string, string[]> {
  return Object.fromEntries(
    report.functions.map((f) => [f.functionName, [f.region, f.exact.compute, f.exact.request, f.exact.logs]]),
  ) as Record<string, string[]>;
}

// What the built-in table charges the example month (compute, requests, logs), for the
// Regions a file leaves to it: e.g. etl-nightly 6,932.16509765625 GB-s × $0.0000166667.
const BUILT_IN_CHARGES: Record<string, string[]> = {
  'etl-nightly': ['eu-west-1', '0.115536316033107421875', '0.0000266', '0.000045549385249614715576171875'],
  'report-builder': ['eu-south-1', '0.068680657193025', '0.00001702', '0.000045889802277088165283203125'],
  'image-resizer': ['eu-west-1', '0.0161113338896', '0.000043', '0.0000786544941365718841552734375'],
  'payments-webhook': ['eu-south-1', '0.0061756909756', '0.00008602', '0.000147539936006069183349609375'],
  'orders-api': ['us-east-1', '0.0016627366588', '0.0001486', '0.0002258555032312870025634765625'],
  notifier: ['us-east-1', '0.00036645183225', '0.0001234', '0.0002708262763917446136474609375'],
};

// us-east-1 at use1.json's prices: orders-api 99.764 GB-s × $0.00002 and 743 requests × $0.0000003,
// notifier (arm64) 27.48375 GB-s × $0.000016 and 617 requests.
const USE1_FILE = {
  'orders-api': ['us-east-1', '0.00199528', '0.0002229', BUILT_IN_CHARGES['orders-api']?.[3]],
  notifier: ['us-east-1', '0.00043974', '0.0001851', BUILT_IN_CHARGES.notifier?.[3]],
};

describe('lambdalens cost with offer files of some Regions each', () => {
  it('merges three per-Region files: each Region at its own file, the rest at the built-in table', () => {
    const run = cost(['use1.json', 'euw1.json', 'eus1.json']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('not a Region the price table knows');
    expect(charges(run.report)).toEqual({
      ...USE1_FILE,
      // eu-west-1 at euw1.json: 6,932.16509765625 GB-s × $0.00003, 133 requests × $0.0000004.
      'etl-nightly': ['eu-west-1', '0.2079649529296875', '0.0000532', BUILT_IN_CHARGES['etl-nightly']?.[3]],
      'image-resizer': ['eu-west-1', '0.029000256', '0.000086', BUILT_IN_CHARGES['image-resizer']?.[3]],
      // eu-south-1 at eus1.json: 3,518.9810625 GB-s × $0.00004, 74 requests × $0.0000005.
      'report-builder': ['eu-south-1', '0.1407592425', '0.000037', BUILT_IN_CHARGES['report-builder']?.[3]],
      'payments-webhook': ['eu-south-1', '0.01265692', '0.000187', BUILT_IN_CHARGES['payments-webhook']?.[3]],
    });
    expect(run.report.coverage).toEqual({ invocations: 2163, priced: 2156, notPriced: 7, partlyPriced: 0 });
    expect(run.report.prices.source).toBe(
      `AWS Price List offer file ${file('use1.json')} for us-east-1 (as of 2026-11-01); ` +
        `AWS Price List offer file ${file('euw1.json')} for eu-west-1 (as of 2026-11-02); ` +
        `AWS Price List offer file ${file('eus1.json')} for eu-south-1 (as of 2026-11-03); ` +
        `other Regions: ${BUILT_IN}`,
    );
    expect(run.report.prices.asOf).toBe('2026-09-06');
    // Read from the files, not derived: nothing left to flag in these Regions.
    expect(run.report.prices.derived).toEqual([]);
  });

  it('keeps the built-in prices of every Region one file does not hold', () => {
    const run = cost(['use1.json']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('not a Region the price table knows');
    expect(charges(run.report)).toEqual({ ...BUILT_IN_CHARGES, ...USE1_FILE });
    expect(run.report.prices.source).toBe(
      `AWS Price List offer file ${file('use1.json')} for us-east-1 (as of 2026-11-01); other Regions: ${BUILT_IN}`,
    );
  });

  it('lets a later file win for a Region two files hold, and names each file for the Regions it priced', () => {
    const run = cost(['use1-euw1.json', 'use1.json']);
    expect(run.code).toBe(0);
    expect(charges(run.report)).toEqual({
      ...BUILT_IN_CHARGES,
      ...USE1_FILE,
      // eu-west-1 from use1-euw1.json, which nothing after it prices: 6,932.16509765625 GB-s × $0.00005.
      'etl-nightly': ['eu-west-1', '0.3466082548828125', '0.0000665', BUILT_IN_CHARGES['etl-nightly']?.[3]],
      'image-resizer': ['eu-west-1', '0.0604172', '0.0001075', BUILT_IN_CHARGES['image-resizer']?.[3]],
    });
    expect(run.report.prices.source).toBe(
      `AWS Price List offer file ${file('use1-euw1.json')} for eu-west-1 (as of 2026-10-15); ` +
        `AWS Price List offer file ${file('use1.json')} for us-east-1 (as of 2026-11-01); ` +
        `other Regions: ${BUILT_IN}`,
    );
  });

  it('merges a CloudWatch Logs file of one Region over the built-in logs prices', () => {
    const run = cost(['cw-use1.json']);
    expect(run.code).toBe(0);
    expect(charges(run.report)).toEqual({
      ...BUILT_IN_CHARGES,
      // 485,021 and 581,595 bytes of logs at $0.75 per GB (2^30 bytes); eu-* stay at the built-in rates.
      'orders-api': [
        ...(BUILT_IN_CHARGES['orders-api']?.slice(0, 3) ?? []),
        '0.000338783254846930503845703125',
      ],
      notifier: [...(BUILT_IN_CHARGES.notifier?.slice(0, 3) ?? []), '0.0004062394145876169204716796875'],
    });
    expect(run.report.prices.source).toBe(BUILT_IN);
    expect(run.report.prices.logs).toEqual({
      source: `AWS Price List offer file ${file('cw-use1.json')} for us-east-1 (as of 2026-11-04); other Regions: ${BUILT_IN_LOGS}`,
      asOf: '2025-10-28',
    });
  });

  it('says when a file is not used at all, every Region of it being in a later one', () => {
    const run = cost(['use1.json', 'use1-euw1.json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `warning: ${file('use1.json')}: every Region it has Lambda prices for is also in ${file('use1-euw1.json')}, read after it: its Lambda prices are not used\n`,
    );
    expect(run.report.prices.source).toBe(
      `AWS Price List offer file ${file('use1-euw1.json')} for eu-west-1, us-east-1 (as of 2026-10-15); other Regions: ${BUILT_IN}`,
    );
  });
});
