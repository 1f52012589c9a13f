/**
 * es setup under the other index period than the one a prefix's invocations are stored
 * under, against the real Elasticsearch and OpenSearch: refused (exit 2) before anything is
 * made, as ship refuses it, so the prefix stays usable. It made this period's indices beside
 * the other's, and ship then refused the prefix under either period ("holds the invocations
 * of prefix … in monthly indices") until the empty indices were deleted by hand.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { uniqueName } from '../services/clients.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import { connectEngine, dropIndices, engineUrl, indicesOf } from '../support/shipper-es.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-setup-period-'));
const RID = 'cccccccc-1111-2222-3333-999999999999';
const FILE = join(dir, 'orders.log');
writeFileSync(
  FILE,
  `${[
    `2026-03-02T12:00:00.100Z\tSTART RequestId: ${RID} Version: $LATEST`,
    `2026-03-02T12:00:00.151Z\tREPORT RequestId: ${RID}\tDuration: 48.10 ms\tBilled Duration: 49 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
  ].join('\n')}\n`,
);

describe.each(['elasticsearch', 'opensearch'] as const)('es setup on %s under the other period', (engine) => {
  let client: SearchClient;
  const url = engineUrl(engine);
  const made: string[] = [];
  beforeAll(async () => {
    client = await connectEngine(engine);
  });
  afterAll(async () => {
    for (const prefix of made) await dropIndices(client, prefix);
    await client.close();
  });

  it.each([
    ['daily', 'monthly', /-invocations-\d{4}\.\d\d\.\d\d$/],
    ['monthly', 'daily', /-invocations-\d{4}\.\d\d$/],
  ] as const)(
    'a prefix shipped %s, set up %s: refused, nothing made, shipping goes on',
    async (period, other, stored) => {
      const prefix = uniqueName('ll-test-setup-period');
      made.push(prefix);
      const flags = ['--index-prefix', prefix, '--index-period', period];
      expect((await runCli(['es', 'setup', '--es-url', url, ...flags], {})).code).toBe(0);
      expect((await runCli(['ship', FILE, '--to', url, ...flags], {})).code).toBe(0);
      const before = (await indicesOf(client, prefix)).sort();
      const invocations = before.filter((name) => stored.test(name));
      expect(invocations.length).toBeGreaterThan(0);

      const r = await runCli(
        ['es', 'setup', '--es-url', url, '--index-prefix', prefix, '--index-period', other],
        {},
      );
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        `lambdalens: ${url} holds the invocations of prefix "${prefix}" in ${period} indices (${invocations.join(', ')}): setting it up with --index-period ${other} would make ${other} indices beside them, and ship would then refuse both periods`,
        `hint: run es setup with --index-period ${period}, as before, or for another --index-prefix`,
      ]);
      expect((await indicesOf(client, prefix)).sort()).toEqual(before);
      const again = await runCli(['ship', FILE, '--to', url, ...flags], {});
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/^lambdalens: \d+ documents: 0 written, \d+ already present,/m);
    },
  );
});
