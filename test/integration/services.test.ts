import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Client } from '@elastic/elasticsearch';
import type { Client as OpenSearchClient } from '@opensearch-project/opensearch';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  awsClientConfig,
  createEsClient,
  createOpenSearchClient,
  esUrl,
  openSearchUrl,
  uniqueName,
} from '../services/clients.ts';

/** Proves the harness hands tests real servers over HTTP, not stand-ins. */
describe('test services', () => {
  it('publishes the same URLs through process.env and inject', () => {
    expect(process.env.ES_URL).toBe(inject('esUrl'));
    expect(process.env.OPENSEARCH_URL).toBe(inject('openSearchUrl'));
    expect(process.env.OPENSEARCH_URL).toMatch(/^https?:\/\//);
    expect(process.env.OPENSEARCH_URL).not.toBe(process.env.ES_URL);
    expect(process.env.AWS_ENDPOINT_URL).toBe(inject('awsEndpointUrl'));
    expect(process.env.ES_URL).toMatch(/^https?:\/\//);
    expect(process.env.AWS_ENDPOINT_URL).toMatch(/^https?:\/\//);
    expect(process.env.AWS_REGION).toBe('us-east-1');
    expect(process.env.AWS_ACCESS_KEY_ID).toBe('testing');
  });

  describe('Elasticsearch', () => {
    let es: Client;
    const index = uniqueName('services-test');

    beforeAll(() => {
      es = createEsClient();
    });
    afterAll(async () => {
      await es.indices.delete({ index, ignore_unavailable: true });
      await es.close();
    });

    it('is a 9.x server', async () => {
      const response = await fetch(`${esUrl()}/_nodes/_local?filter_path=nodes.*.version`);
      const body = (await response.json()) as { nodes: Record<string, { version: string }> };
      const versions = Object.values(body.nodes).map((node) => node.version);
      expect(versions).toHaveLength(1);
      expect(versions[0]).toMatch(/^9\.\d+\.\d+$/);
    });

    it('indexes a bulk of 3 documents and searches them back', async () => {
      await es.indices.create({
        index,
        mappings: { properties: { requestId: { type: 'keyword' }, durationMs: { type: 'double' } } },
      });
      const docs = [
        { requestId: 'r-1', durationMs: 12.5 },
        { requestId: 'r-2', durationMs: 100 },
        { requestId: 'r-3', durationMs: 7.25 },
      ];
      const bulk = await es.bulk({
        refresh: 'wait_for',
        operations: docs.flatMap((doc) => [{ create: { _index: index, _id: doc.requestId } }, doc]),
      });
      expect(bulk.errors).toBe(false);
      expect(bulk.items.map((item) => item.create?.status)).toEqual([201, 201, 201]);

      const all = await es.search<{ requestId: string; durationMs: number }>({
        index,
        sort: [{ requestId: 'asc' }],
        track_total_hits: true,
      });
      expect(all.hits.total).toEqual({ value: 3, relation: 'eq' });
      expect(all.hits.hits.map((hit) => hit._source)).toEqual(docs);

      const slow = await es.search({ index, query: { range: { durationMs: { gte: 10 } } } });
      expect(slow.hits.hits.map((hit) => hit._id).sort()).toEqual(['r-1', 'r-2']);

      const count = await es.count({ index });
      expect(count.count).toBe(3);
    });

    it('answers a duplicate create with 409', async () => {
      const again = await es.bulk({
        refresh: 'wait_for',
        operations: [{ create: { _index: index, _id: 'r-1' } }, { requestId: 'r-1', durationMs: 1 }],
      });
      expect(again.errors).toBe(true);
      expect(again.items[0]?.create?.status).toBe(409);
      expect((await es.count({ index })).count).toBe(3);
    });
  });

  describe('OpenSearch', () => {
    let os: OpenSearchClient;
    const index = uniqueName('services-test');

    beforeAll(() => {
      os = createOpenSearchClient();
    });
    afterAll(async () => {
      await os.indices.delete({ index, ignore_unavailable: true });
      await os.close();
    });

    it('is a 2.x or 3.x OpenSearch with no security plugin', async () => {
      const root = (await (await fetch(openSearchUrl())).json()) as {
        version: { distribution?: string; number: string };
      };
      expect(root.version.distribution).toBe('opensearch');
      expect(root.version.number).toMatch(/^[23]\.\d+\.\d+$/);
      const plugins = (await (
        await fetch(`${openSearchUrl()}/_cat/plugins?format=json`)
      ).json()) as unknown[];
      expect(plugins).toEqual([]);
    });

    it('stores a bulk of 2 with create, and answers the same _id again with 409', async () => {
      const operations = [
        { create: { _index: index, _id: 'r-1' } },
        { requestId: 'r-1' },
        { create: { _index: index, _id: 'r-2' } },
        { requestId: 'r-2' },
      ];
      const first = await os.bulk({ refresh: 'wait_for', body: operations });
      expect(first.body.items.map((item) => item.create?.status)).toEqual([201, 201]);
      const again = await os.bulk({ refresh: 'wait_for', body: operations.slice(0, 2) });
      expect(again.body.errors).toBe(true);
      expect(again.body.items[0]?.create?.status).toBe(409);
      expect((await os.count({ index })).body.count).toBe(2);
    });
  });

  describe('moto CloudWatch Logs', () => {
    const logs = new CloudWatchLogsClient(awsClientConfig());
    const logGroupName = `/aws/lambda/${uniqueName('services-test')}`;
    const logStreamName = '2026/01/15/[$LATEST]0123456789abcdef';

    afterAll(async () => {
      await logs.send(new DeleteLogGroupCommand({ logGroupName })).catch(() => undefined);
      logs.destroy();
    });

    it('stores 3 events and filters exactly those 3 back', async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName }));
      await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName }));
      // Recent timestamps: CloudWatch (and moto) reject events older than 14 days.
      const base = Date.now() - 60_000;
      const events = [
        {
          timestamp: base,
          message: 'START RequestId: 8f5e1a2b-0000-4000-8000-000000000001 Version: $LATEST',
        },
        { timestamp: base + 5, message: 'hello from the handler' },
        {
          timestamp: base + 10,
          message: 'END RequestId: 8f5e1a2b-0000-4000-8000-000000000001',
        },
      ];
      const put = await logs.send(
        new PutLogEventsCommand({ logGroupName, logStreamName, logEvents: events }),
      );
      expect(put.rejectedLogEventsInfo).toBeUndefined();

      const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName }));
      expect(filtered.events).toHaveLength(3);
      expect(filtered.events?.map((e) => ({ timestamp: e.timestamp, message: e.message }))).toEqual(events);
      expect(new Set(filtered.events?.map((e) => e.logStreamName))).toEqual(new Set([logStreamName]));
      expect(new Set(filtered.events?.map((e) => e.eventId)).size).toBe(3);

      const hello = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: 'hello' }));
      expect(hello.events?.map((e) => e.message)).toEqual(['hello from the handler']);
    });
  });
});
