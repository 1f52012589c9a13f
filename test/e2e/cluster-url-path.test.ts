/**
 * A cluster URL with a path. Behind a proxy that serves the cluster under `/es`, the path is
 * the cluster's root, and `ship`, `es setup` and `cost --source elasticsearch` work through it
 * end to end. Given straight to the cluster, which serves nothing under `/es`, the path is a
 * setting to change: each command fails at the engine question (exit 2) naming the URL without
 * its credentials and saying its path is not a cluster's root, and nothing is written. Before,
 * Elasticsearch took `/es` for an index name: `ship` "worked" (its bulk requests went to
 * `/es/_bulk`, which stores the documents), `es setup` and `cost` failed (exit 1) in the
 * cluster's raw words (`no handler found for uri [/es/_index_template/…]`), and OpenSearch's
 * 404 was a cluster out of reach (exit 1). Both real engines, the real CLI, a real proxy.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
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

const dir = mkdtempSync(join(tmpdir(), 'll-cluster-url-path-'));
const RID = 'dddddddd-1111-2222-3333-666666666666';
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

/**
 * A proxy serving the cluster at `target` under `under` (`/es`; `''`: at its own root), and
 * nothing elsewhere (404). `seen` holds each request it was sent, `GET /es`.
 */
async function startPathProxy(
  target: string,
  under = '/es',
): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const to = new URL(target);
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push(`${req.method} ${path.split('?')[0]}`);
    if (under !== '' && path !== under && !path.startsWith(`${under}/`) && !path.startsWith(`${under}?`)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const upstream = request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: path.slice(under.length) || '/',
        headers: { ...req.headers, host: to.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}${under}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const commands = (url: string, prefix: string) => ({
  'es setup': ['es', 'setup', '--es-url', url, '--index-prefix', prefix],
  ship: ['ship', FILE, '--to', url, '--index-prefix', prefix],
  'cost --source elasticsearch': [
    'cost',
    '--source',
    'elasticsearch',
    '--es-url',
    url,
    '--index-prefix',
    prefix,
    '--region',
    'us-east-1',
    '--arch',
    'x86_64',
    '--output',
    'json',
  ],
});

describe.each(['elasticsearch', 'opensearch'] as const)('%s', (engine: SearchEngine) => {
  let client: SearchClient;
  const made: string[] = [];
  beforeAll(async () => {
    client = await connectEngine(engine);
  });
  afterAll(async () => {
    for (const prefix of made) await dropIndices(client, prefix);
    await client.close();
  });

  it('a URL whose path the cluster does not serve is refused by every command (exit 2), nothing written', async () => {
    const prefix = uniqueName('ll-test-url-path');
    made.push(prefix);
    const root = new URL(engineUrl(engine));
    const display = `http://${root.host}/es`;
    const url = `http://elastic:pw-s3cr3t@${root.host}/es`;
    for (const [name, args] of Object.entries(commands(url, prefix))) {
      const r = await runCli(args, {});
      expect([name, r.code, r.stdout, r.stderr]).toEqual([
        name,
        2,
        '',
        `lambdalens: ${display}: the path /es is not a cluster's root (GET /es answered HTTP 404: index_not_found_exception: no such index [es])\n` +
          "hint: give the cluster's own URL (https://host:9200), or, behind a proxy that serves the cluster under a path, the URL of that path\n",
      ]);
    }
    expect(await indicesOf(client, prefix)).toEqual([]);
    expect(await templatesOf(client, prefix)).toEqual([]);
  });

  it('told the engine (--engine), every command refuses the path the same (exit 2), nothing written', async () => {
    const prefix = uniqueName('ll-test-url-path-told');
    made.push(prefix);
    const root = new URL(engineUrl(engine));
    const display = `http://${root.host}/es`;
    const url = `http://elastic:pw-s3cr3t@${root.host}/es`;
    for (const [name, args] of Object.entries(commands(url, prefix))) {
      const r = await runCli([...args, '--engine', engine], {});
      expect([name, r.code, r.stdout, r.stderr]).toEqual([
        name,
        2,
        '',
        `lambdalens: ${display}: the path /es is not a cluster's root (GET /es answered HTTP 404: index_not_found_exception: no such index [es])\n` +
          "hint: give the cluster's own URL (https://host:9200), or, behind a proxy that serves the cluster under a path, the URL of that path\n",
      ]);
    }
    expect(await indicesOf(client, prefix)).toEqual([]);
    expect(await templatesOf(client, prefix)).toEqual([]);
  });

  it('told the engine, a path that is a root is asked once and shipped through; a URL without a path is asked nothing', async () => {
    const underPath = await startPathProxy(engineUrl(engine));
    const atRoot = await startPathProxy(engineUrl(engine), '');
    try {
      for (const proxy of [underPath, atRoot]) {
        const prefix = uniqueName('ll-test-url-told-ship');
        made.push(prefix);
        const shipped = await runCli([...commands(proxy.url, prefix).ship, '--engine', engine], {});
        expect(shipped.code, shipped.stderr).toBe(0);
        expect(shipped.stderr).toMatch(/^lambdalens: 5 documents: 5 written, 0 already present,/m);
        expect(await count(client, `${prefix}-invocations-*`)).toBe(1);
      }
      // The question's GET of the URL: once under a path, never at a root.
      expect(underPath.seen.filter((r) => r === 'GET /es' || r === 'GET /es/')).toHaveLength(1);
      expect(underPath.seen[0]).toMatch(/^GET \/es\/?$/);
      expect(atRoot.seen.filter((r) => r === 'GET /')).toEqual([]);
      expect(atRoot.seen.some((r) => r === 'POST /_bulk')).toBe(true);
    } finally {
      await underPath.close();
      await atRoot.close();
    }
  });

  it('behind a proxy that serves the cluster under /es, ship, es setup and cost work through it', async () => {
    const proxy = await startPathProxy(engineUrl(engine));
    try {
      const prefix = uniqueName('ll-test-url-proxied');
      made.push(prefix);
      const run = commands(proxy.url, prefix);
      const setup = await runCli(run['es setup'], {});
      expect([setup.code, setup.stderr]).toEqual([0, '']);
      const name = engine === 'elasticsearch' ? 'Elasticsearch' : 'OpenSearch';
      expect(setup.stdout.split('\n')[0]).toMatch(
        new RegExp(
          `^${name} [\\d.]+ ${proxy.url}: templates ${prefix}-logs, ${prefix}-invocations, ${prefix}-dead-letter; created `,
        ),
      );
      expect((await templatesOf(client, prefix)).sort()).toEqual(
        [`${prefix}-dead-letter`, `${prefix}-invocations`, `${prefix}-logs`].sort(),
      );

      const shipped = await runCli(run.ship, {});
      expect(shipped.code).toBe(0);
      expect(shipped.stderr).toMatch(/^lambdalens: 5 documents: 5 written, 0 already present,/m);
      expect(await count(client, `${prefix}-logs-*`)).toBe(4);
      expect(await count(client, `${prefix}-invocations-*`)).toBe(1);

      const cost = await runCli(run['cost --source elasticsearch'], {});
      expect([cost.code, cost.stderr]).toEqual([0, '']);
      const report = JSON.parse(cost.stdout) as { coverage: Record<string, number> };
      expect(report.coverage).toEqual({ invocations: 1, priced: 1, notPriced: 0, partlyPriced: 0 });
    } finally {
      await proxy.close();
    }
  });
});
