/**
 * A cluster given as `user:password@host:port`, without a scheme, as `host:port` is given: the
 * URL it stands for (http on this machine), its credentials said nowhere. Read as a URL of the
 * scheme `elastic:`, it was refused by es setup and cost naming the user (`must be http or
 * https, got "elastic:"`), and ship --to took it for a file and wrote its documents there.
 * Against the real Elasticsearch and OpenSearch, which take the basic auth they do not check.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { uniqueName } from '../services/clients.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import { connectEngine, count, dropIndices, engineUrl } from '../support/shipper-es.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-url-no-scheme-'));
const RID = 'cccccccc-1111-2222-3333-888888888888';
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

describe.each(['elasticsearch', 'opensearch'] as const)('user:password@host:port to %s', (engine) => {
  let client: SearchClient;
  const prefix = uniqueName('ll-test-no-scheme');
  const port = new URL(engineUrl(engine)).port;
  const target = `lluser:pw-s3cr3t@127.0.0.1:${port}`;
  const display = `http://127.0.0.1:${port}`;
  beforeAll(async () => {
    client = await connectEngine(engine);
  });
  afterAll(async () => {
    await dropIndices(client, prefix);
    await client.close();
    // Where the target was once taken for a file (the run's folder).
    rmSync(target, { force: true });
  });

  it('es setup, ship and cost reach the cluster, the credentials said nowhere', async () => {
    const setup = await runCli(['es', 'setup', '--es-url', target, '--index-prefix', prefix], {});
    expect(setup.code).toBe(0);
    expect(setup.stdout.split('\n')[0]).toMatch(
      new RegExp(
        `^(Elasticsearch|OpenSearch) [\\d.]+ ${display.replace(/\./g, '\\.')}: templates ${prefix}-logs,`,
      ),
    );
    const ship = await runCli(['ship', FILE, '--to', target, '--index-prefix', prefix], {});
    expect(ship.code).toBe(0);
    expect(ship.stderr).toMatch(/^lambdalens: 5 documents: 5 written, 0 already present,/m);
    expect(existsSync(target)).toBe(false);
    expect(await count(client, `${prefix}-invocations-*`)).toBe(1);
    const cost = await runCli(
      [
        'cost',
        '--source',
        'elasticsearch',
        '--es-url',
        target,
        '--index-prefix',
        prefix,
        '--region',
        'us-east-1',
        '--arch',
        'x86_64',
        '--output',
        'json',
      ],
      {},
    );
    expect(cost.code).toBe(0);
    expect((JSON.parse(cost.stdout) as { coverage: { priced: number } }).coverage.priced).toBe(1);
    for (const run of [setup, ship, cost]) {
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/pw-s3cr3t|lluser/);
    }
  });
});
