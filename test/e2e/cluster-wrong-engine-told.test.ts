/**
 * es setup and cost told the wrong engine (--engine, TARGET_ENGINE), against the real
 * Elasticsearch and OpenSearch: the cluster's refusal, in the other engine's words, is
 * explained as the setting it is (exit 2), naming the engine the cluster runs. They failed
 * with exit 1 and "Elasticsearch setup failed: the server is not Elasticsearch", "installing
 * index template … failed: HTTP 400: … template after composition is invalid", or
 * "aggregation over index … failed: HTTP 406: Content-Type header
 * [application/vnd.elasticsearch+json; compatible-with=9] is not supported".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchEngine } from '../../shippers/dev-cluster/distributions.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { uniqueName } from '../services/clients.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import { connectEngine, dropIndices, engineUrl, templatesOf } from '../support/shipper-es.ts';

const NAMES = { elasticsearch: 'Elasticsearch', opensearch: 'OpenSearch' } as const;
const other = (engine: SearchEngine): SearchEngine =>
  engine === 'elasticsearch' ? 'opensearch' : 'elasticsearch';

describe.each(['elasticsearch', 'opensearch'] as const)('%s told it is the other engine', (engine) => {
  let client: SearchClient;
  const prefix = uniqueName('ll-test-wrong-engine');
  const url = engineUrl(engine);
  const told = other(engine);
  const refusal = (givenBy: string) => [
    expect.stringMatching(
      new RegExp(
        `^lambdalens: ${url.replace(/\./g, '\\.')} runs ${NAMES[engine]} [\\d.]+, not ${NAMES[told]} as ${givenBy} says$`,
      ),
    ),
    `hint: leave the engine out to have it asked, or give --engine ${engine}`,
  ];
  beforeAll(async () => {
    client = await connectEngine(engine);
  });
  afterAll(async () => {
    await dropIndices(client, prefix);
    await client.close();
  });

  it('es setup says which engine the cluster runs, exit 2, nothing installed', async () => {
    const r = await runCli(['es', 'setup', '--es-url', url, '--index-prefix', prefix, '--engine', told], {});
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual(refusal(`--engine ${told}`));
    expect(await templatesOf(client, prefix)).toEqual([]);
  });

  it('es setup with the engine from TARGET_ENGINE names the variable', async () => {
    const r = await runCli(['es', 'setup', '--es-url', url, '--index-prefix', prefix], {
      TARGET_ENGINE: told,
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual(refusal('TARGET_ENGINE'));
  });

  it('es setup told the right engine sets up as before', async () => {
    const r = await runCli(
      ['es', 'setup', '--es-url', url, '--index-prefix', prefix, '--engine', engine],
      {},
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${NAMES[engine]} `));
  });
});

describe('cost --source elasticsearch told Elasticsearch of OpenSearch', () => {
  it('says which engine the cluster runs, exit 2, no report', async () => {
    const url = engineUrl('opensearch');
    const prefix = uniqueName('ll-test-wrong-engine');
    const r = await runCli(
      [
        'cost',
        '--source',
        'elasticsearch',
        '--es-url',
        url,
        '--index-prefix',
        prefix,
        '--engine',
        'elasticsearch',
      ],
      {},
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^lambdalens: ${url.replace(/\./g, '\\.')} runs OpenSearch [\\d.]+, not Elasticsearch as --engine elasticsearch says$`,
        ),
      ),
      'hint: leave the engine out to have it asked, or give --engine opensearch',
    ]);
  });
});
