/**
 * Classification of bulk replies, decided once: the bodies are the ones Elasticsearch 9.5
 * returned here (shard limit, write blocks) and the ones documented for indexing pressure
 * in Elasticsearch and OpenSearch. Secrets are redacted in every form they travel in.
 */
import { describe, expect, it } from 'vitest';
import { classifyBulkReply, pressureLimits, retryAfterMs } from '../../shippers/bulk-outcome.ts';
import type { ClusterReply } from '../../shippers/cluster.ts';
import { connectionHint } from '../../shippers/elasticsearch/cluster.ts';
import { redactorFor, redactUrlUserinfo, secretForms } from '../../shippers/secrets.ts';

const answer = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  fromEngine = true,
): ClusterReply => ({
  kind: 'answer',
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body,
  fromEngine,
});
const item = (status: number, error?: { type: string; reason: string }) => ({ create: { status, error } });

const SHARD_LIMIT = {
  type: 'validation_exception',
  reason:
    'Validation Failed: 1: this action would add [2] shards, but this cluster currently has [1000]/[1000] maximum normal shards open; for more information, see https://www.elastic.co/docs/deploy-manage/production-guidance/optimize-performance/size-shards?version=9.5#troubleshooting-max-shards-open;',
};
const READ_ONLY = {
  type: 'cluster_block_exception',
  reason:
    'index [x] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block; for more information, see https://www.elastic.co/docs/troubleshoot/elasticsearch/fix-watermark-errors?version=9.5];',
};
const ES_PRESSURE =
  'rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=54215758, max_coordinating_and_primary_bytes=53687091]';
const OS_PRESSURE =
  'rejected execution of coordinating operation [shard_detail=[idx][0][C], shard_coordinating_and_primary_bytes=0, shard_operation_bytes=1200, shard_max_coordinating_and_primary_bytes=1000] OR [node_coordinating_and_primary_bytes=0, node_replica_bytes=0, node_all_bytes=0, node_operation_bytes=1200, node_max_coordinating_and_primary_bytes=5000]';

describe('bulk reply classification', () => {
  it('sorts items into written, replaced, present, transient, pressure, document and cluster refusals', () => {
    const outcome = classifyBulkReply(
      answer(200, {
        items: [
          item(201),
          item(200),
          item(409, { type: 'version_conflict_engine_exception', reason: 'current version [5] is higher' }),
          item(429, {
            type: 'es_rejected_execution_exception',
            reason: 'rejected execution of TimedRunnable',
          }),
          item(429, { type: 'es_rejected_execution_exception', reason: ES_PRESSURE }),
          item(400, {
            type: 'document_parsing_exception',
            reason: '[1:2] failed to parse field [@timestamp]',
          }),
          item(400, SHARD_LIMIT),
          item(403, READ_ONLY),
          item(503, { type: 'unavailable_shards_exception', reason: 'primary shard is not active' }),
        ],
      }),
      9,
      'Elasticsearch',
    );
    expect(outcome.kind).toBe('items');
    if (outcome.kind !== 'items') return;
    expect(outcome.indexed).toEqual([0]);
    expect(outcome.updated).toEqual([1]);
    expect(outcome.duplicates).toEqual([2]);
    expect(outcome.retry.map((f) => f.index)).toEqual([3, 8]);
    expect(outcome.pressure.map((f) => [f.index, f.limits])).toEqual([
      [4, { operationBytes: 54215758, maxBytes: 53687091 }],
    ]);
    expect(outcome.rejected.map((f) => f.index)).toEqual([5]);
    expect(outcome.refused.map((f) => f.index)).toEqual([6, 7]);
    expect(outcome.refused[0]?.reason).toMatch(/^the cluster is at its shard limit .*--index-period monthly/);
    expect(outcome.refused[1]?.reason).toMatch(/^writes are blocked .*flood-stage/);
  });

  it("reads both engines' indexing-pressure figures", () => {
    expect(pressureLimits(ES_PRESSURE)).toEqual({ operationBytes: 54215758, maxBytes: 53687091 });
    expect(pressureLimits(OS_PRESSURE)).toEqual({ operationBytes: 1200, maxBytes: 1000 });
    expect(pressureLimits('rejected execution of TimedRunnable')).toBeNull();
  });

  it('quotes what came back when it is not the engine: a maintenance page, an empty 502', () => {
    const page = classifyBulkReply(
      answer(
        200,
        '<html>\n<title>Down for maintenance</title></html>',
        { 'content-type': 'text/html' },
        false,
      ),
      3,
      'Elasticsearch',
    );
    expect(page).toEqual({
      kind: 'retry',
      cause:
        'an answer that is not from Elasticsearch (a proxy or maintenance page?): HTTP 200 (text/html) with "<html> <title>Down for maintenance</title></html>"',
      retryAfterMs: null,
    });
    expect(classifyBulkReply(answer(502, '', { 'content-type': 'text/plain' }), 3, 'Elasticsearch')).toEqual({
      kind: 'retry',
      cause: 'HTTP 502 (text/plain) with an empty body',
      retryAfterMs: null,
    });
  });

  it('stops on request-level refusals and names what to check', () => {
    expect(
      classifyBulkReply(
        answer(401, { error: { type: 'security_exception', reason: 'unable to authenticate' } }),
        1,
        'Elasticsearch',
      ).kind,
    ).toBe('refused');
    const notFound = classifyBulkReply(
      answer(404, 'no handler', { 'content-type': 'text/plain' }),
      1,
      'Elasticsearch',
    );
    expect(notFound).toMatchObject({
      kind: 'refused',
      cause: expect.stringMatching(/does not lead to Elasticsearch's bulk API/),
    });
    expect(classifyBulkReply(answer(413, ''), 2, 'Elasticsearch').kind).toBe('too-large');
    expect(
      classifyBulkReply(
        answer(429, { error: { type: 'es_rejected_execution_exception', reason: ES_PRESSURE } }),
        2,
        'Elasticsearch',
      ),
    ).toMatchObject({ kind: 'pressure', limits: { maxBytes: 53687091 } });
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs({ 'retry-after': '3600' })).toBe(3_600_000);
    expect(
      retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:01:00 GMT' }, Date.parse('2026-01-01T00:00:00Z')),
    ).toBe(60_000);
    expect(retryAfterMs({})).toBeNull();
  });

  it('says what a connection failure means', () => {
    expect(connectionHint('self-signed certificate')).toMatch(/--ca-file/);
    expect(connectionHint('connect ECONNREFUSED 127.0.0.1:1')).toMatch(/nothing listens/);
  });
});

describe('secret redaction', () => {
  it('removes basic credentials raw, paired, base64-encoded and percent-encoded', () => {
    const redact = redactorFor(secretForms({ kind: 'basic', username: 'elastic', password: 'p@ss word!' }));
    const echoed = `Authorization: Basic ${Buffer.from('elastic:p@ss word!').toString('base64')} for elastic:p@ss word! (p%40ss%20word!)`;
    expect(redact(echoed)).toBe('Authorization: Basic *** for *** (***)');
  });

  it('removes an API key given encoded, and its decoded id:key form', () => {
    const encoded = Buffer.from('VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw').toString('base64');
    const redact = redactorFor(secretForms({ kind: 'api-key', apiKey: encoded }));
    expect(
      redact(`ApiKey ${encoded} / VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw / ui2lp2axTNmsyakw9tvNnw`),
    ).toBe('ApiKey *** / *** / ***');
  });

  it('removes an API key given as id:key, and the base64 a client sends for it', () => {
    const redact = redactorFor(secretForms({ kind: 'api-key', apiKey: 'abc123:secretkey99' }));
    expect(redact(`ApiKey ${Buffer.from('abc123:secretkey99').toString('base64')} abc123:secretkey99`)).toBe(
      'ApiKey *** ***',
    );
  });

  it('removes userinfo from URLs in any text', () => {
    expect(redactUrlUserinfo('failed: https://elastic:hunter2@es.example.com:9243/_bulk')).toBe(
      'failed: https://***@es.example.com:9243/_bulk',
    );
  });
});
