/**
 * Shipping throughput into the local Elasticsearch through the whole path (decode the
 * subscription payloads, parse, correlate, build documents, bulk) beside the client's own
 * `helpers.bulk` sending the same prepared documents in the same run. Also the Lambda
 * bundle's size and cold `node` start. Needs ES_URL (or the dev Elasticsearch).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Client } from '@elastic/elasticsearch';
import { decodeAwslogsData, payloadEvents } from '../collectors/files/subscription-payload.ts';
import { buildBatchDocuments, type StreamCarry } from '../shippers/assemble.ts';
import { targetIndex } from '../shippers/elasticsearch/naming.ts';
import { setupElasticsearch } from '../shippers/elasticsearch/setup.ts';
import { createElasticsearchShipper } from '../shippers/elasticsearch/shipper.ts';
import type { ShipDocument } from '../shippers/types.ts';
import { fixtureStreams } from '../test/support/shipper-fixtures.ts';

const url = process.env.ES_URL ?? 'http://127.0.0.1:9200';
const COPIES = Number(process.env.SHIP_BENCH_COPIES ?? 2000);
const client = new Client({ node: url, requestTimeout: 60_000 });
const stamp = Date.now().toString(36);
const ours = `ll-bench-ours-${stamp}`;
const theirs = `ll-bench-helper-${stamp}`;
await setupElasticsearch(client, { prefix: ours, mode: 'daily' });
await setupElasticsearch(client, { prefix: theirs, mode: 'daily' });

// Real subscription payloads: one per stream, as CloudWatch would deliver them.
const payloads = fixtureStreams(COPIES).map((events) => {
  const first = events[0]!;
  const body = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: first.logGroup,
    logStream: first.logStream,
    subscriptionFilters: ['bench'],
    logEvents: events.map((e) => ({ id: e.eventId, timestamp: e.timestamp, message: e.message })),
  };
  return gzipSync(JSON.stringify(body)).toString('base64');
});
const events = payloads.reduce((n, p) => n + decodeAwslogsData(p).logEvents.length, 0);

function* pipeline(collect?: ShipDocument[], from = payloads): Generator<ShipDocument> {
  const carry: StreamCarry = new Map();
  for (const data of from) {
    const out = buildBatchDocuments(payloadEvents(decodeAwslogsData(data)), carry);
    out.commitCarry();
    for (const d of out.documents) {
      collect?.push(d);
      yield d;
    }
  }
}

const names = { prefix: theirs, mode: 'daily' as const };
const bulkWithHelper = (datasource: ShipDocument[], prefix: typeof names) =>
  client.helpers.bulk<ShipDocument>({
    datasource,
    onDocument: (d) => [
      { create: { _index: targetIndex(prefix, d.kind, d.timestamp), _id: d.id } },
      d.source,
    ],
    flushBytes: 5_000_000,
    concurrency: 4,
  });

// Both paths run once on a slice first, into throwaway indices, so that neither is timed
// while the JIT and the cluster's new indices warm up.
const warmOurs = `ll-bench-warm-ours-${stamp}`;
const warmTheirs = `ll-bench-warm-helper-${stamp}`;
await setupElasticsearch(client, { prefix: warmOurs, mode: 'daily' });
await setupElasticsearch(client, { prefix: warmTheirs, mode: 'daily' });
const warmDocs: ShipDocument[] = [];
await createElasticsearchShipper({ client, indexPrefix: warmOurs }).ship(
  pipeline(warmDocs, payloads.slice(0, 1000)),
);
await bulkWithHelper(warmDocs, { prefix: warmTheirs, mode: 'daily' });

const shipper = createElasticsearchShipper({ client, indexPrefix: ours, concurrency: 4 });
global.gc?.();
const collected: ShipDocument[] = [];
let t0 = performance.now();
const result = await shipper.ship(pipeline(collected));
const oursMs = performance.now() - t0;
const bytes = collected.reduce((n, d) => n + Buffer.byteLength(JSON.stringify(d.source)), 0);
if (result.kind !== 'complete' || result.counters.indexed !== collected.length) {
  throw new Error(`bench run incomplete: ${JSON.stringify(result.counters)}`);
}

global.gc?.();
t0 = performance.now();
const stats = await bulkWithHelper(collected, names);
const helperMs = performance.now() - t0;

const docsPerSec = (n: number, ms: number) => Math.round((n / ms) * 1000);
const mbPerSec = (ms: number) => ((bytes / 1_048_576 / ms) * 1000).toFixed(2);
const row = (name: string, ms: number, n: number) =>
  `${name.padEnd(46)} ${String(n).padStart(7)} docs ${(ms / 1000).toFixed(2).padStart(6)} s ${String(docsPerSec(n, ms)).padStart(7)} docs/s ${mbPerSec(ms).padStart(6)} MB/s`;
console.log(
  `events ${events} in ${payloads.length} payloads -> ${collected.length} documents, ${(bytes / 1_048_576).toFixed(1)} MB of JSON`,
);
console.log(row('lambdalens (decode+parse+correlate+bulk)', oursMs, collected.length));
console.log(row('helpers.bulk (same prepared documents)', helperMs, stats.successful));
console.log(`ratio lambdalens / helpers.bulk: ${(helperMs / oursMs).toFixed(2)} (goal >= 0.8)`);

if (!existsSync('dist/shipper/index.mjs'))
  execFileSync('npm', ['run', '-s', 'build:shipper'], { stdio: 'inherit' });
console.log(
  `bundle dist/shipper/index.mjs: ${(statSync('dist/shipper/index.mjs').size / 1024).toFixed(1)} KiB`,
);
const starts: number[] = [];
for (let i = 0; i < 5; i++) {
  const s = performance.now();
  spawnSync(process.execPath, ['-e', "import('./dist/shipper/index.mjs')"], { stdio: 'inherit' });
  starts.push(performance.now() - s);
}
starts.sort((a, b) => a - b);
console.log(
  `cold node start + bundle import: median ${starts[2]!.toFixed(0)} ms (min ${starts[0]!.toFixed(0)} ms, 5 runs)`,
);

// The cluster refuses wildcard deletes: resolve the names first.
const prefixes = [ours, theirs, warmOurs, warmTheirs];
const made = Object.keys(await client.indices.get({ index: prefixes.map((p) => `${p}-*`).join(',') }));
if (made.length > 0) await client.indices.delete({ index: made });
for (const p of prefixes)
  for (const n of ['logs', 'invocations', 'dead-letter'])
    await client.indices.deleteIndexTemplate({ name: `${p}-${n}` }).catch(() => {});
await client.close();
