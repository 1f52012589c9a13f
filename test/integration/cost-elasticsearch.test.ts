/**
 * The Elasticsearch cost source against a real Elasticsearch: invocation documents are built
 * by the shipper's own document builder and mapping, indexed, then aggregated server-side;
 * the result must equal the local-file report over the same invocations.
 */
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInvocations } from '../../collectors/files/read-invocations.ts';
import type { Invocation } from '../../collectors/model.ts';
import { loadFunctionConfigs } from '../../pricing/context.ts';
import { CostAggregator } from '../../pricing/report/aggregator.ts';
import { buildReport } from '../../pricing/report/build.ts';
import { monthPeriod } from '../../pricing/report/period.ts';
import type { CostReport } from '../../pricing/report/types.ts';
import { aggregateFromElasticsearch, searchWithClient } from '../../pricing/sources/elasticsearch.ts';
import { AWS_LIST_PRICES } from '../../pricing/tables/aws-list-prices.ts';
import { buildInvocationDocument } from '../../shippers/documents.ts';
import { invocationMappings } from '../../shippers/elasticsearch/templates.ts';
import { createEsClient, uniqueName } from '../services/clients.ts';

const data = join(import.meta.dirname, '..', '..', 'examples', 'data');

describe('cost from Elasticsearch', () => {
  let client: Client;
  const index = uniqueName('cost-invocations');
  let local: CostReport;
  let fromEs: CostReport;
  let shipped = 0;

  beforeAll(async () => {
    client = createEsClient();
    const configs = await loadFunctionConfigs(join(data, 'functions.json'));
    const inputs = [join(data, 'logs')];
    const invocations: Invocation[] = [];
    for await (const inv of readInvocations(inputs, { maxLinesPerInvocation: 0 })) invocations.push(inv);
    await client.indices.create({ index, mappings: invocationMappings() as never });
    const operations: object[] = [];
    for (const inv of invocations) {
      const region = configs.get(inv.functionName ?? '')?.region ?? null;
      const doc = buildInvocationDocument(inv, { region, functionName: inv.functionName }, Date.now(), null);
      operations.push({ create: { _index: index, _id: doc.id } }, doc.source);
    }
    const bulk = await client.bulk({ operations, refresh: 'wait_for' });
    expect(bulk.errors).toBe(false);
    shipped = invocations.length;

    const period = monthPeriod('2026-10');
    const agg = new CostAggregator({ table: AWS_LIST_PRICES, period, configs });
    for (const inv of invocations) agg.addInvocation(inv);
    local = buildReport(agg);
    const esAgg = new CostAggregator({ table: AWS_LIST_PRICES, period, configs });
    await aggregateFromElasticsearch(esAgg, { search: searchWithClient(client), index, pageSize: 50 });
    fromEs = buildReport(esAgg);
  });

  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  it('indexes every example invocation', async () => {
    const count = await client.count({ index });
    expect(count.count).toBe(shipped);
    expect(shipped).toBeGreaterThan(2000);
  });

  it('gives the same per-function cost as the local report, exactly', () => {
    expect(fromEs.functions.map((f) => f.functionName)).toEqual(local.functions.map((f) => f.functionName));
    for (const l of local.functions) {
      const e = fromEs.functions.find((f) => f.functionName === l.functionName)!;
      expect(e.invocations).toBe(l.invocations);
      expect(e.billedGbSeconds).toBe(l.billedGbSeconds);
      expect(e.computeCostUsd).toBeCloseTo(l.computeCostUsd, 12);
      expect(e.requestCostUsd).toBeCloseTo(l.requestCostUsd, 12);
      expect(e.ephemeralStorageCostUsd).toBeCloseTo(l.ephemeralStorageCostUsd, 12);
      expect(e.totalCostUsd).toBeCloseTo(l.totalCostUsd, 12);
      expect([e.timeouts.count, e.errors.count, e.ooms.count, e.crashes.count]).toEqual([
        l.timeouts.count,
        l.errors.count,
        l.ooms.count,
        l.crashes.count,
      ]);
      expect(e.coldStarts).toBe(l.coldStarts);
      expect(e.memory.maxUsedMB).toBe(l.memory.maxUsedMB);
      expect(e.memory.recommendedMB).toBe(l.memory.recommendedMB);
      // Durations are counted into the local sketch's own buckets: the same quantiles, to the bit.
      expect(e.durationMs).toEqual(l.durationMs);
    }
    expect(fromEs.totalCostUsd).toBeCloseTo(local.totalCostUsd, 12);
  });

  it('counts documents without a REPORT as not priced', () => {
    const count = (r: CostReport) => r.notPriced.reduce((n, p) => n + p.count, 0);
    expect(count(fromEs)).toBe(count(local));
    expect(fromEs.notPriced.every((p) => p.reason === 'no-billed-duration')).toBe(true);
  });

  it('names the missing architecture when neither config nor flag gives it', async () => {
    const agg = new CostAggregator({ table: AWS_LIST_PRICES, period: monthPeriod('2026-10') });
    await aggregateFromElasticsearch(agg, {
      search: searchWithClient(client),
      index,
      functions: ['orders-api'],
    });
    const report = buildReport(agg);
    const invocations = local.functions.find((f) => f.functionName === 'orders-api')?.invocations;
    // Listed with what is known of it, its Lambda cost not priced and nothing in any total.
    expect(report.functions).toHaveLength(1);
    expect(report.functions[0]).toMatchObject({
      functionName: 'orders-api',
      architecture: null,
      invocations,
      lambdaCostUsd: 0,
      notPriced: { reason: 'missing-architecture' },
    });
    expect(report.totalCostUsd).toBe(0);
    const missing = report.notPriced.find((p) => p.reason === 'missing-architecture');
    expect(missing?.count).toBe(invocations);
    expect(missing?.message).toContain('pass --arch x86_64|arm64');
  });
});
