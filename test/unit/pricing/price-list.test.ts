import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../../pricing/estimate.ts';
import { parsePrice } from '../../../pricing/money.ts';
import { classifyUsageType, loadPriceList, loadPrices, PriceListError } from '../../../pricing/price-list.ts';
import { AWS_LIST_PRICES } from '../../../pricing/tables/aws-list-prices.ts';

// A small offer file in the AWSLambda index.json shape (products + terms.OnDemand, tiers as
// separate price dimensions of one SKU), with prices changed from the built-in table so
// the test proves they were read from the file.
function offer() {
  const products: Record<string, unknown> = {};
  const onDemand: Record<string, unknown> = {};
  let n = 0;
  const add = (usagetype: string, dims: Array<[string, string]>, regionCode?: string) => {
    const sku = `SKU${n++}`;
    products[sku] = {
      sku,
      productFamily: 'Serverless',
      attributes: { usagetype, ...(regionCode ? { regionCode } : {}) },
    };
    const priceDimensions: Record<string, unknown> = {};
    dims.forEach(([begin, usd], i) => {
      priceDimensions[`${sku}.JRTCKXETXF.R${i}`] = {
        beginRange: begin,
        endRange: 'Inf',
        unit: 'Lambda-GB-Second',
        pricePerUnit: { USD: usd },
      };
    });
    onDemand[sku] = { [`${sku}.JRTCKXETXF`]: { priceDimensions } };
  };
  add('Lambda-GB-Second', [
    ['0', '0.0000170000000'],
    ['6000000000', '0.0000150000000'],
    ['15000000000', '0.0000130000000'],
  ]);
  add('Lambda-GB-Second-ARM', [['0', '0.0000140000000']]);
  add('Request', [['0', '0.0000002100000']]);
  add('Request-ARM', [['0', '0.0000002100000']]);
  add('Lambda-Storage-GB-Second', [['0', '0.0000000300000']]);
  add('EUC1-Lambda-GB-Second', [['0', '0.0000180000000']]);
  add('EUC1-Lambda-GB-Second-ARM', [['0', '0.0000145000000']]);
  add('EUC1-Request', [['0', '0.0000002200000']]);
  add('EUC1-Lambda-Storage-GB-Second', [['0', '0.0000000400000']]);
  add('APS3-Lambda-GB-Second', [['0', '0.0000190000000']]);
  add('Global-Lambda-GB-Second', [['0', '0.0000000000']]);
  add('Lambda-Edge-GB-Second', [['0', '0.0000500100000']]);
  return {
    formatVersion: 'v1.0',
    offerCode: 'AWSLambda',
    publicationDate: '2026-11-01T00:00:00Z',
    products,
    terms: { OnDemand: onDemand },
  };
}

async function write(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lambdalens-prices-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('AWS Price List loader', () => {
  it('maps billing-code prefixes to regions; us-east-1 has none', () => {
    expect(classifyUsageType('Lambda-GB-Second')).toEqual({
      region: 'us-east-1',
      slot: 'duration',
      arm: false,
    });
    expect(classifyUsageType('EUC1-Lambda-GB-Second-ARM')).toEqual({
      region: 'eu-central-1',
      slot: 'duration',
      arm: true,
    });
    expect(classifyUsageType('APS3-Request')).toEqual({ region: 'ap-south-1', slot: 'request', arm: false });
    expect(classifyUsageType('EU-Lambda-Provisioned-Concurrency')).toEqual({
      region: 'eu-west-1',
      slot: 'pc',
      arm: false,
    });
    expect(classifyUsageType('Lambda-Edge-GB-Second')).toBeNull();
    expect(classifyUsageType('Global-Request')).toBeNull();
  });

  it('loads index.json with tiers and prices from the file', async () => {
    const { table, incomplete } = await loadPriceList(await write('index.json', JSON.stringify(offer())));
    expect(table.asOf).toBe('2026-11-01');
    expect([...table.regions.keys()].sort()).toEqual(['eu-central-1', 'us-east-1']);
    // ap-south-1 has only a duration price: listed, not guessed.
    expect(incomplete).toEqual(['ap-south-1']);
    const use1 = table.regions.get('us-east-1')!;
    expect(use1.x86_64.duration.map((t) => [t.fromGbSeconds, t.price])).toEqual([
      [0n, parsePrice('0.000017')],
      [6_000_000_000n, parsePrice('0.000015')],
      [15_000_000_000n, parsePrice('0.000013')],
    ]);
    const e = estimate(
      {
        billedDurationMs: 1000,
        memorySizeMB: 1024,
        durationMs: 999.1,
        coldStart: false,
        restoreDurationMs: null,
      },
      { region: 'eu-central-1', architecture: 'arm64' },
      table,
    );
    // 1 GB-s × 0.0000145 + 0.00000022 (arm falls back to the x86 request price the file gave)
    expect(e.priceable && e.totalUsd).toBeCloseTo(0.00001472, 12);
  });

  it('places a row by its Region when its billing-code prefix is newer than the table', () => {
    expect(classifyUsageType('APS9-Lambda-GB-Second-ARM', 'ap-southeast-7')).toEqual({
      region: 'ap-southeast-7',
      slot: 'duration',
      arm: true,
    });
    expect(classifyUsageType('MXC2-Request', 'mx-central-2')).toEqual({
      region: 'mx-central-2',
      slot: 'request',
      arm: false,
    });
  });

  it('takes CloudWatch vended-log tiers from the AmazonCloudWatch offer, beside the built-in Lambda prices', async () => {
    const products: Record<string, unknown> = {};
    const onDemand: Record<string, unknown> = {};
    const add = (sku: string, usagetype: string, regionCode: string, dims: Array<[string, string]>) => {
      products[sku] = { sku, attributes: { usagetype, regionCode } };
      onDemand[sku] = {
        [`${sku}.JRTCKXETXF`]: {
          priceDimensions: Object.fromEntries(
            dims.map(([begin, usd], i) => [
              `${sku}.R${i}`,
              { beginRange: begin, pricePerUnit: { USD: usd } },
            ]),
          ),
        },
      };
    };
    add('V', 'EU-VendedLog-Bytes', 'eu-west-1', [
      ['0', '0.5700000000'],
      ['10240', '0.2850000000'],
      ['30720', '0.1140000000'],
      ['51200', '0.0570000000'],
    ]);
    // Other services' vended logs (CloudFront, WAF) are other meters.
    add('W', 'EU-VendedLog-Bytes-CFLogs', 'eu-west-1', [['0', '9.99']]);
    const cw = await write(
      'cloudwatch.json',
      JSON.stringify({
        offerCode: 'AmazonCloudWatch',
        publicationDate: '2026-11-02T00:00:00Z',
        products,
        terms: { OnDemand: onDemand },
      }),
    );
    const { table } = await loadPrices([cw], AWS_LIST_PRICES);
    expect(table.regions).toBe(AWS_LIST_PRICES.regions);
    // The file prices eu-west-1 only: every other Region keeps the built-in rate, whose date the source ends with.
    expect(table.logs?.source).toBe(
      `AWS Price List offer file ${cw} for eu-west-1 (as of 2026-11-02); other Regions: ${AWS_LIST_PRICES.logs?.source}`,
    );
    expect(table.logs?.asOf).toBe(AWS_LIST_PRICES.logs?.asOf);
    expect(table.logs?.regions.get('us-east-1')).toBe(AWS_LIST_PRICES.logs?.regions.get('us-east-1'));
    expect(table.logs?.regions.get('eu-west-1')?.tiers).toEqual([
      { from: 0n, price: parsePrice('0.57') },
      { from: 10_240n, price: parsePrice('0.285') },
      { from: 30_720n, price: parsePrice('0.114') },
      { from: 51_200n, price: parsePrice('0.057') },
    ]);
  });

  it('keeps the built-in prices of a Region a file leaves incomplete, and says whose prices it gets', async () => {
    // offer() prices us-east-1 and eu-central-1 and leaves ap-south-1 with a duration price only.
    const path = await write('index.json', JSON.stringify(offer()));
    const { table, warnings } = await loadPrices([path], AWS_LIST_PRICES);
    expect(warnings).toEqual([
      `${path} lacks duration/request/storage prices for: ap-south-1 (ap-south-1 priced from the built-in table)`,
    ]);
    expect(table.regions.get('ap-south-1')).toBe(AWS_LIST_PRICES.regions.get('ap-south-1'));
    expect(table.regions.get('eu-west-2')).toBe(AWS_LIST_PRICES.regions.get('eu-west-2'));
    expect(table.regions.get('us-east-1')?.x86_64.request).toBe(parsePrice('0.00000021'));
    expect(table.regions.size).toBe(AWS_LIST_PRICES.regions.size);
    expect(table.source).toBe(
      `AWS Price List offer file ${path} for eu-central-1, us-east-1 (as of 2026-11-01); other Regions: ${AWS_LIST_PRICES.source}`,
    );
    expect(table.asOf).toBe(AWS_LIST_PRICES.asOf);
  });

  it('names a file alone, with its date, when it prices every Region of the report', async () => {
    const path = await write('index.json', JSON.stringify(offer()));
    const base = { ...AWS_LIST_PRICES, regions: new Map([...AWS_LIST_PRICES.regions].slice(0, 1)) };
    expect([...base.regions.keys()]).toEqual(['us-east-1']);
    const { table } = await loadPrices([path], base);
    expect([table.source, table.asOf]).toEqual([`AWS Price List offer file ${path}`, '2026-11-01']);
    // The same file twice is one source, not a file that a later one made unused.
    const twice = await loadPrices([path, path], base);
    expect([twice.table.source, twice.warnings]).toEqual([
      `AWS Price List offer file ${path}`,
      [`${path} lacks duration/request/storage prices for: ap-south-1 (ap-south-1 not priced)`],
    ]);
  });

  it('loads the CSV form', async () => {
    const csv = [
      '"FormatVersion","v1.0"',
      '"Disclaimer","..."',
      '"Publication Date","2026-11-01T00:00:00Z"',
      '"Version","20261101"',
      '"OfferCode","AWSLambda"',
      '"SKU","OfferTermCode","RateCode","TermType","PriceDescription","EffectiveDate","StartingRange","EndingRange","Unit","PricePerUnit","Currency","Location","usageType","Region Code","group"',
      '"A","JRTCKXETXF","A.1","OnDemand","x86, tier 1","2026-11-01","0","6000000000","Lambda-GB-Second","0.0000166667","USD","US East (N. Virginia)","USE2-Lambda-GB-Second","us-east-2","AWS-Lambda-Duration"',
      '"A","JRTCKXETXF","A.2","OnDemand","x86, tier 2","2026-11-01","6000000000","15000000000","Lambda-GB-Second","0.0000150000","USD","US East (Ohio)","USE2-Lambda-GB-Second","us-east-2","AWS-Lambda-Duration"',
      '"B","JRTCKXETXF","B.1","OnDemand","arm","2026-11-01","0","Inf","Lambda-GB-Second","0.0000133334","USD","US East (Ohio)","USE2-Lambda-GB-Second-ARM","us-east-2","AWS-Lambda-Duration-ARM"',
      '"C","JRTCKXETXF","C.1","OnDemand","req","2026-11-01","0","Inf","Requests","0.0000002","USD","US East (Ohio)","USE2-Request","us-east-2","AWS-Lambda-Requests"',
      '"D","JRTCKXETXF","D.1","OnDemand","tmp","2026-11-01","0","Inf","GB-Seconds","0.0000000309","USD","US East (Ohio)","USE2-Lambda-Storage-GB-Second","us-east-2",""',
      '"E","4NA7Y494T4","E.1","Reserved","x","2026-11-01","0","Inf","Lambda-GB-Second","0.0000000001","USD","US East (Ohio)","USE2-Lambda-GB-Second","us-east-2",""',
    ].join('\n');
    const { table } = await loadPriceList(await write('index.csv', csv));
    expect(table.asOf).toBe('2026-11-01');
    const use2 = table.regions.get('us-east-2')!;
    expect(use2.x86_64.duration).toHaveLength(2);
    expect(use2.x86_64.duration[0]?.price).toBe(parsePrice('0.0000166667'));
    expect(use2.arm64.request).toBe(parsePrice('0.0000002'));
  });

  it('reads an offer file saved by Windows tools: UTF-8 with a mark, or UTF-16', async () => {
    const json = JSON.stringify(offer());
    const plain = await loadPriceList(await write('index.json', json));
    const dir = await mkdtemp(join(tmpdir(), 'lambdalens-prices-'));
    const utf8 = join(dir, 'utf8.json');
    await writeFile(utf8, `\ufeff${json}`);
    const utf16 = join(dir, 'utf16.json');
    await writeFile(utf16, Buffer.from(`\ufeff${json}`, 'utf16le'));
    for (const path of [utf8, utf16]) {
      const read = await loadPriceList(path);
      expect(read.table.source).toBe(`AWS Price List offer file ${path}`);
      expect({ ...read, table: { ...read.table, source: '' } }).toEqual({
        ...plain,
        table: { ...plain.table, source: '' },
      });
    }
  });

  it('says what is wrong with a file that is not the Lambda offer', async () => {
    await expect(
      loadPriceList(await write('ec2.json', JSON.stringify({ offerCode: 'AmazonEC2' }))),
    ).rejects.toThrow(/offer code is "AmazonEC2", expected "AWSLambda" or "AmazonCloudWatch"/);
    await expect(loadPriceList(await write('bad.json', '{ nope'))).rejects.toThrow(PriceListError);
    await expect(loadPriceList('/nonexistent/prices.json')).rejects.toThrow(
      /cannot read price list \/nonexistent\/prices.json/,
    );
    const badPrice = offer();
    (
      badPrice.terms.OnDemand.SKU0 as Record<
        string,
        { priceDimensions: Record<string, { pricePerUnit: { USD: string } }> }
      >
    )['SKU0.JRTCKXETXF']!.priceDimensions['SKU0.JRTCKXETXF.R0']!.pricePerUnit.USD = 'twelve';
    await expect(loadPriceList(await write('index.json', JSON.stringify(badPrice)))).rejects.toThrow(
      /rate SKU0.JRTCKXETXF.R0: "twelve" is not a decimal price/,
    );
  });
});
