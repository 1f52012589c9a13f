/**
 * The index prefix's length limit, at its edge, against the real engines: a prefix of 101
 * characters (the most the rule takes) is set up and shipped into, its indices really made
 * (on OpenSearch its data stream's backing index too), and one of 102 is refused before any
 * connection, saying the limit, with nothing made.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchEngine } from '../../shippers/dev-cluster/distributions.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { uniqueName } from '../services/clients.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import {
  connectEngine,
  count,
  dropIndices,
  engineUrl,
  indicesOf,
  templatesOf,
} from '../support/shipper-es.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-prefix-limit-'));
const RID = 'cccccccc-1111-2222-3333-666666666666';
const FILE = join(dir, 'orders.log');
writeFileSync(
  FILE,
  `${[
    `2026-03-02T12:00:00.100Z\tSTART RequestId: ${RID} Version: $LATEST`,
    `2026-03-02T12:00:00.105Z\t${RID}\tINFO\thello`,
    `2026-03-02T12:00:00.150Z\tEND RequestId: ${RID}`,
    `2026-03-02T12:00:00.151Z\tREPORT RequestId: ${RID}\tDuration: 48.10 ms\tBilled Duration: 49 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
  ].join('\n')}\n`,
);

/** A unique prefix exactly `length` characters long. */
function prefixOf(length: number): string {
  const base = uniqueName('ll-test-limit');
  return `${base}-${'p'.repeat(length - base.length - 1)}`;
}

const RULE = "1 to 101 lowercase letters, digits, '-', '_' or '.', not starting with a symbol";

describe.each(['elasticsearch', 'opensearch'] as const)(
  'an index prefix at the limit, on %s',
  (engine: SearchEngine) => {
    let client: SearchClient;
    const made: string[] = [];
    beforeAll(async () => {
      client = await connectEngine(engine);
    });
    afterAll(async () => {
      for (const prefix of made) await dropIndices(client, prefix);
      await client.close();
    });

    it('of 101 characters: es setup makes its indices and ship writes into them', async () => {
      const prefix = prefixOf(101);
      made.push(prefix);
      expect(prefix).toHaveLength(101);
      const url = engineUrl(engine);
      const setup = await runCli(['es', 'setup', '--es-url', url, '--index-prefix', prefix], {});
      expect(setup.code).toBe(0);
      expect(setup.stderr).toBe('');
      expect((await templatesOf(client, prefix)).sort()).toEqual(
        [`${prefix}-dead-letter`, `${prefix}-invocations`, `${prefix}-logs`].sort(),
      );
      const ship = await runCli(['ship', FILE, '--to', url, '--index-prefix', prefix], {});
      expect(ship.code).toBe(0);
      expect(ship.stderr).toMatch(/^lambdalens: 5 documents: 5 written, 0 already present,/m);
      expect(await indicesOf(client, prefix)).toEqual(
        expect.arrayContaining([
          `${prefix}-logs-2026.03.02`,
          `${prefix}-invocations-2026.03.02`,
          `${prefix}-dead-letter`,
        ]),
      );
      expect(await count(client, `${prefix}-logs-2026.03.02`)).toBe(4);
      expect(await count(client, `${prefix}-invocations-2026.03.02`)).toBe(1);
    });

    it('of 102 characters: refused before any connection, saying the limit, nothing made', async () => {
      const prefix = prefixOf(102);
      made.push(prefix);
      const url = engineUrl(engine);
      for (const args of [
        ['es', 'setup', '--es-url', url],
        ['ship', FILE, '--to', url],
      ]) {
        const r = await runCli([...args, '--index-prefix', prefix], {});
        expect(r.code).toBe(2);
        expect(r.stderr.split('\n')[0]).toBe(
          `lambdalens: option '--index-prefix <prefix>' argument '${prefix}' is invalid. an index prefix must be ${RULE}: it has 102 characters`,
        );
      }
      expect(await indicesOf(client, prefix)).toEqual([]);
      expect(await templatesOf(client, prefix)).toEqual([]);
    });
  },
);

describe('an index prefix at the limit, into an OpenSearch data stream', () => {
  let client: SearchClient;
  const prefix = prefixOf(101);
  beforeAll(async () => {
    client = await connectEngine('opensearch');
  });
  afterAll(async () => {
    await dropIndices(client, prefix);
    await client.close();
  });

  it('of 101 characters: the data stream and its backing index are made and written', async () => {
    const url = engineUrl('opensearch');
    const flags = ['--index-prefix', prefix, '--data-streams'];
    const setup = await runCli(['es', 'setup', '--es-url', url, ...flags], {});
    expect(setup.code).toBe(0);
    const ship = await runCli(['ship', FILE, '--to', url, ...flags], {});
    expect(ship.code).toBe(0);
    expect(await indicesOf(client, prefix)).toEqual(
      expect.arrayContaining([`${prefix}-invocations-2026.03.02`, `${prefix}-dead-letter`]),
    );
    expect(await count(client, `${prefix}-logs-stream`)).toBe(4);
  });
});
