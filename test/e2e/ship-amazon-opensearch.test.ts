/**
 * `es setup` and `ship` to Amazon OpenSearch Service (`es`) and Serverless (`aoss`), checked
 * at the request level: a local endpoint verifies every request's SigV4 signature with the
 * AWS algorithm (test/services/sigv4-verifier.ts) and forwards the good ones to the run's
 * real OpenSearch. No AWS account is reachable from here; this is as close as it gets, and
 * it is what AWS checks first. As a Serverless time-series collection, the endpoint refuses
 * document IDs, as AWS does.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { openSearchUrl, uniqueName } from '../services/clients.ts';
import { type SigV4Endpoint, startSigV4Endpoint } from '../services/sigv4-verifier.ts';
import { runCli, runCliAsync } from '../support/cli.ts';
import { connectEngine, count, dropIndices } from '../support/shipper-es.ts';

const input = join(import.meta.dirname, '..', '..', 'examples', 'data', 'logs', 'etl-nightly.log');
const KEY = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const ROLE = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'c2Vzc2lvbi1zZWNyZXQtZXhhbXBsZQ',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE',
};
const REGION = 'eu-west-1';

/** Credentials as the standard chain finds them in a Lambda (a role's temporary keys) or a shell. */
const envOf = (c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => ({
  AWS_ACCESS_KEY_ID: c.accessKeyId,
  AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
  ...(c.sessionToken ? { AWS_SESSION_TOKEN: c.sessionToken } : {}),
  AWS_REGION: REGION,
});

/** The documents `ship` makes of the input, counted from its NDJSON output. */
function expectedDocuments(): { lines: number; invocations: number } {
  const run = runCli(['ship', input, '--to', '-'], {});
  const indices = run.stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { _index: string })._index);
  const invocations = indices.filter((i) => i.startsWith('lambdalens-invocations-')).length;
  return { lines: indices.length - invocations, invocations };
}

describe('shipping to Amazon OpenSearch with SigV4 (verified at the request level)', () => {
  let client: SearchClient;
  const endpoints: SigV4Endpoint[] = [];
  const prefixes: string[] = [];
  let expected: { lines: number; invocations: number };
  beforeAll(async () => {
    client = await connectEngine('opensearch');
    expected = expectedDocuments();
  });
  afterAll(async () => {
    for (const e of endpoints) await e.close();
    for (const p of prefixes) await dropIndices(client, p);
    await client.close();
  });
  async function endpoint(service: 'es' | 'aoss', timeSeries = false) {
    const e = await startSigV4Endpoint({
      upstream: openSearchUrl(),
      region: REGION,
      service,
      secrets: [KEY, ROLE],
      timeSeries,
    });
    endpoints.push(e);
    return e;
  }
  const fresh = (name: string) => {
    const p = uniqueName(`ll-sigv4-${name}`);
    prefixes.push(p);
    return p;
  };

  it('es: a domain takes setup and two ships, every request signed and verified; nothing is stored twice', async () => {
    expect(expected.lines).toBeGreaterThan(0);
    const e = await endpoint('es');
    const prefix = fresh('es');
    const flags = ['--es-url', e.url, '--aws-sigv4', 'es', '--region', REGION, '--index-prefix', prefix];
    const setup = await runCliAsync(['es', 'setup', ...flags], envOf(KEY));
    expect(setup.stderr).toBe('');
    expect(setup.stdout).toMatch(/^OpenSearch 2\.\d+\.\d+ /);
    const ship = ['ship', input, '--to', e.url, '--aws-sigv4', 'es', '--index-prefix', prefix];
    const first = await runCliAsync(ship, envOf(ROLE), { timeoutMs: 120_000 });
    expect(first.code, first.stderr).toBe(0);
    const total = expected.lines + expected.invocations;
    expect(first.stderr).toContain(
      `${total} documents: ${total} written, 0 already present, 0 dead-lettered`,
    );
    const second = await runCliAsync(ship, envOf(ROLE), { timeoutMs: 120_000 });
    expect(second.stderr).toContain(
      `${total} documents: 0 written, ${total} already present, 0 dead-lettered`,
    );
    expect(e.refused).toEqual([]);
    expect(e.accepted).toBeGreaterThanOrEqual(8);
    expect(await count(client, `${prefix}-logs`)).toBe(expected.lines);
    expect(await count(client, `${prefix}-invocations`)).toBe(expected.invocations);
  }, 300_000);

  it('aoss, search collection: document IDs kept, so a second ship stores nothing twice', async () => {
    const e = await endpoint('aoss');
    const prefix = fresh('aoss-search');
    const flags = ['--aws-sigv4', 'aoss', '--region', REGION, '--index-prefix', prefix];
    const setup = await runCliAsync(['es', 'setup', '--es-url', e.url, ...flags], envOf(KEY));
    expect(setup.code, setup.stderr).toBe(0);
    // Serverless has no GET / and takes no shard settings: nothing of the kind was asked.
    expect(setup.stdout).toMatch(/^OpenSearch Serverless /);
    const ship = ['ship', input, '--to', e.url, ...flags];
    expect((await runCliAsync(ship, envOf(ROLE), { timeoutMs: 120_000 })).code).toBe(0);
    const second = await runCliAsync(ship, envOf(ROLE), { timeoutMs: 120_000 });
    expect(second.stderr).toContain('0 written');
    expect(e.refused).toEqual([]);
    expect(e.bulkActions.length).toBe(2 * (expected.lines + expected.invocations));
    expect(e.bulkActions.every((a) => Object.values(a)[0]?._id !== undefined)).toBe(true);
    expect(await count(client, `${prefix}-logs`)).toBe(expected.lines);
  }, 300_000);

  it('aoss, time-series collection: no document IDs are sent, so delivery is at least once', async () => {
    const e = await endpoint('aoss', true);
    const prefix = fresh('aoss-ts');
    const flags = ['--aws-sigv4', 'aoss', '--region', REGION, '--index-prefix', prefix];
    expect((await runCliAsync(['es', 'setup', '--es-url', e.url, ...flags], envOf(KEY))).code).toBe(0);
    const ship = ['ship', input, '--to', e.url, ...flags, '--collection-type', 'timeseries'];
    const first = await runCliAsync(ship, envOf(ROLE), { timeoutMs: 120_000 });
    expect(first.code, first.stderr).toBe(0);
    const total = expected.lines + expected.invocations;
    expect(first.stderr).toContain(`${total} documents: ${total} written`);
    expect(e.bulkActions.length).toBe(total);
    expect(e.bulkActions.every((a) => Object.values(a)[0]?._id === undefined)).toBe(true);
    // The documented trade: a replay into a time-series collection stores a second copy.
    expect((await runCliAsync(ship, envOf(ROLE), { timeoutMs: 120_000 })).code).toBe(0);
    expect(await count(client, `${prefix}-logs`)).toBe(2 * expected.lines);
    expect(e.refused).toEqual([]);
  }, 300_000);

  it('aoss: sending document IDs to a time-series collection is refused per item and never reported as stored', async () => {
    const e = await endpoint('aoss', true);
    const prefix = fresh('aoss-ids');
    const run = await runCliAsync(
      ['ship', input, '--to', e.url, '--aws-sigv4', 'aoss', '--region', REGION, '--index-prefix', prefix],
      envOf(KEY),
      { timeoutMs: 120_000 },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(' 0 written');
    expect(run.stderr).toContain('not delivered');
    expect(await count(client, `${prefix}-logs`)).toBe(0);
  }, 300_000);

  it('es setup on a Serverless collection (no engine question first): a wrong key exits 2 with what to check', async () => {
    const e = await endpoint('aoss');
    const wrong = { ...KEY, secretAccessKey: 'not-the-secret-0000000000000000000000000' };
    const run = await runCliAsync(
      [
        'es',
        'setup',
        '--es-url',
        e.url,
        '--aws-sigv4',
        'aoss',
        '--region',
        REGION,
        '--index-prefix',
        fresh('aosskey'),
      ],
      envOf(wrong),
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('HTTP 403: The request signature we calculated does not match');
    expect(run.stderr).toContain('hint: check the AWS credentials the requests are signed with');
    expect(run.stderr).not.toContain(wrong.secretAccessKey);
    expect(e.accepted).toBe(0);
  }, 120_000);

  // A wrong secret is a setting to change, as for the AWS log APIs (exit 2), whether the
  // domain refuses it when asked which engine it runs or, with the engine given, at the
  // first bulk write.
  for (const engine of [[], ['--engine', 'opensearch']]) {
    const when = engine.length === 0 ? 'when asked its engine' : 'at the first bulk write';
    it(`a wrong key is refused by the endpoint ${when}: ship exits 2, naming the refusal, never the key`, async () => {
      const e = await endpoint('es');
      const prefix = fresh('badkey');
      const wrong = { ...KEY, secretAccessKey: 'not-the-secret-0000000000000000000000000' };
      const run = await runCliAsync(
        [
          'ship',
          input,
          '--to',
          e.url,
          '--aws-sigv4',
          'es',
          '--region',
          REGION,
          '--index-prefix',
          prefix,
          ...engine,
        ],
        envOf(wrong),
        { timeoutMs: 120_000 },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('refused the AWS keys the requests');
      expect(run.stderr).toContain('InvalidSignatureException');
      expect(run.stderr).toContain('HTTP 403');
      expect(run.stderr).toContain('hint: check the AWS credentials the requests are signed with');
      expect(run.stderr).not.toContain(wrong.secretAccessKey);
      expect(e.refused.length).toBeGreaterThan(0);
      expect(e.refused.every((r) => r.reason === 'signature does not match')).toBe(true);
      expect(e.accepted).toBe(0);
    }, 300_000);
  }
});
