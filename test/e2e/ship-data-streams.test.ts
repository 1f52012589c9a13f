/**
 * `ship --data-streams` writes log lines where `es setup --data-streams` made a place for
 * them, on a real OpenSearch (the run's 2.x node: data streams are in its core; the test
 * Elasticsearch lacks them), and an NDJSON file names that stream the same way. On a cluster
 * without data streams, `es setup --data-streams` is a setting to change (exit 2), said with
 * what to do, before anything is made.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSearch } from '../../shippers/elasticsearch/connect.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { supportsDataStreams } from '../../shippers/elasticsearch/setup.ts';
import { openSearchUrl, uniqueName } from '../services/clients.ts';
import { runCli } from '../support/cli.ts';
import {
  connectEngine,
  count,
  dropIndices,
  engineUrl,
  indicesOf,
  templatesOf,
} from '../support/shipper-es.ts';

const input = join(import.meta.dirname, '..', '..', 'examples', 'data', 'logs', 'etl-nightly.log');

describe('ship --data-streams', () => {
  const prefix = uniqueName('ll-ds');
  let client: SearchClient;
  beforeAll(async () => {
    client = await connectSearch({ node: openSearchUrl(), engine: 'opensearch', requestTimeoutMs: 30_000 });
  });
  afterAll(async () => {
    await dropIndices(client, prefix);
    await client.close();
  });

  it('writes every log line to the data stream es setup made, and invocations to their indices', async () => {
    // What the run holds, by kind, from the same input written as NDJSON.
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-ds-'));
    const file = join(dir, 'out.ndjson');
    const ndjson = runCli(['ship', input, '--to', file, '--index-prefix', prefix, '--data-streams'], {});
    expect(ndjson.code).toBe(0);
    const docs = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { _index: string });
    const lines = docs.filter((d) => !d._index.startsWith(`${prefix}-invocations-`));
    expect(lines.length).toBeGreaterThan(1000);
    expect(new Set(lines.map((d) => d._index))).toEqual(new Set([`${prefix}-logs-stream`]));

    const setup = runCli(
      ['es', 'setup', '--es-url', openSearchUrl(), '--index-prefix', prefix, '--data-streams'],
      {},
    );
    expect(setup.code).toBe(0);
    const ship = runCli(
      ['ship', input, '--to', openSearchUrl(), '--index-prefix', prefix, '--data-streams'],
      {},
    );
    expect(ship.stderr).toContain(`lambdalens: ${docs.length} documents: ${docs.length} written`);
    expect(ship.code).toBe(0);
    expect(await count(client, `${prefix}-logs-stream`)).toBe(lines.length);
    expect(await count(client, `${prefix}-invocations`)).toBe(docs.length - lines.length);
  });
});

describe('es setup --data-streams on a cluster without data streams', () => {
  let client: SearchClient;
  beforeAll(async () => {
    client = await connectEngine('elasticsearch');
  });
  afterAll(() => client.close());

  // The run's Elasticsearch is the integ-test build, which has no data streams module; a full
  // distribution has them, and this case cannot be met on it.
  it('is a setting to change: exit 2, saying what to do, nothing made', async (context) => {
    if (await supportsDataStreams(client)) context.skip();
    const prefix = uniqueName('ll-test-no-ds');
    const url = engineUrl('elasticsearch');
    const r = runCli(['es', 'setup', '--es-url', url, '--index-prefix', prefix, '--data-streams'], {});
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(
      new RegExp(
        `^lambdalens: --data-streams: ${url.replace(/[.]/g, '\\.')} \\(Elasticsearch [\\d.]+\\) has no data streams to write log lines to; nothing was changed\n` +
          'hint: run es setup without --data-streams, and ship without it, to write log lines to daily indices; or use a cluster that has data streams\n$',
      ),
    );
    expect(await indicesOf(client, prefix)).toEqual([]);
    expect(await templatesOf(client, prefix)).toEqual([]);
  });
});
