/**
 * Shipping throughput into the local Elasticsearch through the whole path (decode the
 * subscription payloads, parse, correlate, build documents, bulk) beside the client's own
 * `helpers.bulk` sending the same prepared documents in the same run, and, after each
 * round, lambdalens' shipper sending those prepared documents too (see runOursPrepared
 * for what that leaves out). Also the Lambda
 * bundle's size and cold `node` start. Needs ES_URL (or the dev Elasticsearch); with
 * SHIP_BENCH_ENGINE=opensearch it runs against OPENSEARCH_URL beside the OpenSearch
 * client's own `helpers.bulk`.
 *
 * Both share the machine with Elasticsearch, so one run of each is at the mercy of what
 * else the cluster is doing (merges, refreshes): they run in rounds, in alternating order,
 * each round into fresh indices, and the median ratio is the figure. Each run starts once
 * the cluster is idle (`settle`): the run after the last one's writes and deletes otherwise
 * met the cluster still working them off, and took 10-20% longer whichever side it was.
 * Rounds come in pairs, so that each side goes first as often (an odd count is rounded up),
 * after a whole round that is not counted, so that neither is timed while the JIT and
 * the cluster warm up. Each row also shows
 * the CPU time this process spent (decoding and building the documents is lambdalens'
 * share; sending them, both sides'). On a machine of few cores the cluster shares, every
 * CPU second the client spends is taken from the cluster; to see the two apart, as when
 * the cluster runs on machines of its own, give each its own core:
 *
 *   taskset -a -p 0x1 "$(pgrep -f org.elasticsearch.bootstrap)"
 *   ES_URL=http://127.0.0.1:9200 taskset -c 1 node --import tsx bench/ship.bench.ts
 *
 *   ES_URL=http://127.0.0.1:9200 npm run bench ship     (SHIP_BENCH_ROUNDS, default 6)
 *   SHIP_BENCH_ENGINE=opensearch OPENSEARCH_URL=http://127.0.0.1:9201 npm run bench ship
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { Client } from '@elastic/elasticsearch';
import { decodeAwslogsData, payloadEvents } from '../collectors/cloudwatch-logs/subscription-payload.ts';
import { buildBatchDocuments, type StreamCarry } from '../shippers/assemble.ts';
import { connectSearch } from '../shippers/elasticsearch/connect.ts';
import { createRawOpenSearchClient } from '../shippers/elasticsearch/opensearch-client.ts';
import { setupElasticsearch } from '../shippers/elasticsearch/setup.ts';
import { createElasticsearchShipper } from '../shippers/elasticsearch/shipper.ts';
import { type IndexNames, targetIndex } from '../shippers/index-names.ts';
import type { ShipDocument } from '../shippers/types.ts';
import { fixtureStreams, subscriptionEvent } from '../test/support/shipper-fixtures.ts';
import { median } from './measure.ts';

const engine = process.env.SHIP_BENCH_ENGINE === 'opensearch' ? 'opensearch' : 'elasticsearch';
const url =
  engine === 'opensearch'
    ? (process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9201')
    : (process.env.ES_URL ?? 'http://127.0.0.1:9200');
const COPIES = Number(process.env.SHIP_BENCH_COPIES ?? 2000);
/** Rounded up to pairs: each side goes first in half of them. */
const ROUNDS = 2 * Math.ceil(Number(process.env.SHIP_BENCH_ROUNDS ?? 6) / 2);
const client = new Client({ node: url, requestTimeout: 60_000 });
// Setup and clean-up through lambdalens' own engine-neutral client; the baseline through
// the engine's official client and its helpers.bulk.
const admin = await connectSearch({ node: url, engine, requestTimeoutMs: 60_000 });
const openSearch =
  engine === 'opensearch'
    ? (
        await createRawOpenSearchClient({
          node: url,
          rejectUnauthorized: true,
          requestTimeoutMs: 60_000,
          compression: false,
        })
      ).client
    : null;
console.log(`engine ${engine} ${admin.identity.version ?? ''} at ${url}`);
const stamp = Date.now().toString(36);

// Real subscription payloads: one per stream, as CloudWatch would deliver them.
const payloads = fixtureStreams(COPIES).map((events) => subscriptionEvent(events).awslogs.data);
const events = payloads.reduce((n, p) => n + decodeAwslogsData(p).logEvents.length, 0);

function* pipeline(): Generator<ShipDocument> {
  const carry: StreamCarry = new Map();
  for (const data of payloads) {
    const out = buildBatchDocuments(payloadEvents(decodeAwslogsData(data)), carry);
    out.commitCarry();
    yield* out.documents;
  }
}

const helperOptions = (datasource: ShipDocument[], prefix: IndexNames) => ({
  datasource,
  // The same actions lambdalens sends: `create` for lines, externally versioned `index` for invocations.
  onDocument: (d: ShipDocument) =>
    d.version === null
      ? [{ create: { _index: targetIndex(prefix, d.kind, d.placement), _id: d.id } }, d.source]
      : [
          {
            index: {
              _index: targetIndex(prefix, d.kind, d.placement),
              _id: d.id,
              version: d.version,
              version_type: 'external',
            },
          },
          d.source,
        ],
  flushBytes: 5_000_000,
  concurrency: 4,
});

async function bulkWithHelper(
  datasource: ShipDocument[],
  prefix: IndexNames,
): Promise<{ successful: number }> {
  if (openSearch) return openSearch.helpers.bulk(helperOptions(datasource, prefix) as never);
  return client.helpers.bulk<ShipDocument>(helperOptions(datasource, prefix) as never);
}

const shipperFor = (indexPrefix: string) =>
  engine === 'opensearch'
    ? createElasticsearchShipper({ connection: { node: url, engine }, indexPrefix, concurrency: 4 })
    : createElasticsearchShipper({ client, indexPrefix, concurrency: 4 });

interface NodeStats {
  nodes?: Record<
    string,
    {
      indices?: { merges?: { current?: number } };
      thread_pool?: Record<string, { active?: number; queue?: number }>;
    }
  >;
}

/** Whether the cluster is working on nothing: no merge, no task in a thread pool but the one asking. */
async function idle(): Promise<boolean> {
  const { body } = await admin.request<NodeStats>({
    method: 'GET',
    path: '/_nodes/stats/indices,thread_pool',
    querystring: { filter_path: 'nodes.*.indices.merges.current,nodes.*.thread_pool' },
  });
  for (const node of Object.values(body.nodes ?? {})) {
    if ((node.indices?.merges?.current ?? 0) > 0) return false;
    for (const [pool, stats] of Object.entries(node.thread_pool ?? {})) {
      // This request is served by the management pool.
      if (pool !== 'management' && ((stats.active ?? 0) > 0 || (stats.queue ?? 0) > 0)) return false;
    }
  }
  return true;
}

/** Waits until the cluster has been idle for three looks 100 ms apart (at most 10 s). */
async function settle(): Promise<void> {
  const until = Date.now() + 10_000;
  for (let quiet = 0; quiet < 3 && Date.now() < until; ) {
    quiet = (await idle()) ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every index and template made under these prefixes (the cluster refuses wildcard deletes). */
async function dropIndices(prefixes: string[]): Promise<void> {
  const found = await admin.request<Record<string, unknown>>({
    method: 'GET',
    path: `/${prefixes.map((p) => `${p}-*`).join(',')}`,
  });
  const made = Object.keys(found.body);
  if (made.length > 0) await admin.request({ method: 'DELETE', path: `/${made.join(',')}` });
  for (const p of prefixes)
    for (const n of ['logs', 'invocations', 'dead-letter'])
      await admin.request({ method: 'DELETE', path: `/_index_template/${p}-${n}` }).catch(() => {});
}

interface Timed {
  ms: number;
  /** CPU time of this process (user + system) during the run. */
  cpuMs: number;
}

async function timed(run: () => Promise<void>): Promise<Timed> {
  global.gc?.();
  await settle();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await run();
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function runOurs(prefix: string): Promise<Timed> {
  await setupElasticsearch(admin, { prefix, mode: 'daily' });
  const shipper = shipperFor(prefix);
  return timed(async () => {
    const result = await shipper.ship(pipeline());
    if (result.kind !== 'complete' || result.counters.indexed !== documents) {
      throw new Error(`bench run incomplete: ${JSON.stringify(result.counters)}`);
    }
  });
}

/**
 * The documents helpers.bulk sends: prepared by our own pipeline, outside the timing, and
 * dropped after each run, so that no run carries another's heap.
 */
function preparedDocuments(): ShipDocument[] {
  const docs = [...pipeline()];
  // Line documents write their JSON as they are built and make the source object only when
  // asked: the object helpers.bulk serializes is made here, outside the timing, too.
  for (const d of docs) void d.source;
  return docs;
}

/**
 * lambdalens' shipper alone, sending the documents helpers.bulk sends, prepared the same
 * way: what sending costs apart from decoding and building. Line documents carry the JSON
 * they were built with, so serializing them (which helpers.bulk does, in its run) is left
 * out here too: this is the transport and its answers, not a like-for-like race.
 */
async function runOursPrepared(prefix: string): Promise<Timed> {
  await setupElasticsearch(admin, { prefix, mode: 'daily' });
  const shipper = shipperFor(prefix);
  const docs = preparedDocuments();
  return timed(async () => {
    const result = await shipper.ship(docs);
    if (result.kind !== 'complete' || result.counters.indexed !== documents) {
      throw new Error(`bench run incomplete: ${JSON.stringify(result.counters)}`);
    }
  });
}

async function runHelper(prefix: string): Promise<Timed> {
  await setupElasticsearch(admin, { prefix, mode: 'daily' });
  const docs = preparedDocuments();
  return timed(async () => {
    const stats = await bulkWithHelper(docs, { prefix, mode: 'daily' });
    if (stats.successful !== docs.length)
      throw new Error(`helpers.bulk indexed ${stats.successful} of ${docs.length}`);
  });
}

const docsPerSec = (n: number, ms: number) => Math.round((n / ms) * 1000);
let documents = 0;
let bytes = 0;
for (const d of pipeline()) {
  documents++;
  bytes += Buffer.byteLength(JSON.stringify(d.source));
}
const mbPerSec = (ms: number) => ((bytes / 1_048_576 / ms) * 1000).toFixed(2);
console.log(
  `events ${events} in ${payloads.length} payloads -> ${documents} documents, ${(bytes / 1_048_576).toFixed(1)} MB of JSON; ${ROUNDS} rounds, order alternating`,
);
console.log(
  'round  lambdalens (decode+parse+correlate+bulk)          helpers.bulk (same prepared documents)          ratio',
);
const ratios: number[] = [];
const ours: Timed[] = [];
const theirs: Timed[] = [];
const prepared: Timed[] = [];
for (let round = 0; round <= ROUNDS; round++) {
  const oursPrefix = `ll-bench-ours-${stamp}-${round}`;
  const theirsPrefix = `ll-bench-helper-${stamp}-${round}`;
  let o: Timed;
  let h: Timed;
  if (round % 2 === 1) {
    o = await runOurs(oursPrefix);
    h = await runHelper(theirsPrefix);
  } else {
    h = await runHelper(theirsPrefix);
    o = await runOurs(oursPrefix);
  }
  const p = await runOursPrepared(`ll-bench-prepared-${stamp}-${round}`);
  await dropIndices([oursPrefix, theirsPrefix, `ll-bench-prepared-${stamp}-${round}`]);
  if (round === 0) {
    console.log('    0  (a whole round first, not counted: the JIT and the cluster warm up)');
    continue;
  }
  prepared.push(p);
  ratios.push(h.ms / o.ms);
  ours.push(o);
  theirs.push(h);
  const cell = (t: Timed) =>
    `${(t.ms / 1000).toFixed(2)} s ${String(docsPerSec(documents, t.ms)).padStart(6)} docs/s ${mbPerSec(t.ms).padStart(6)} MB/s cpu ${(t.cpuMs / 1000).toFixed(2)} s`;
  console.log(
    `${String(round).padStart(5)}  ${cell(o).padEnd(48)}  ${cell(h).padEnd(46)}  ${(h.ms / o.ms).toFixed(2)}${round % 2 === 1 ? '' : '  (helper first)'}`,
  );
}
const ms = (ts: Timed[]) => median(ts.map((t) => t.ms));
const cpu = (ts: Timed[]) => (median(ts.map((t) => t.cpuMs)) / 1000).toFixed(2);
console.log(
  `median: lambdalens ${docsPerSec(documents, ms(ours))} docs/s (cpu ${cpu(ours)} s), helpers.bulk ${docsPerSec(documents, ms(theirs))} docs/s (cpu ${cpu(theirs)} s); ratio lambdalens / helpers.bulk: median ${median(ratios).toFixed(2)} (range ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}; goal >= 0.95)`,
);
const sendRatios = prepared.map((p, i) => (theirs[i] as Timed).ms / p.ms);
console.log(
  `lambdalens' shipper on the prepared documents (after each round): ${docsPerSec(documents, ms(prepared))} docs/s (cpu ${cpu(prepared)} s); ratio to helpers.bulk: median ${median(sendRatios).toFixed(2)} (range ${Math.min(...sendRatios).toFixed(2)}-${Math.max(...sendRatios).toFixed(2)})`,
);

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

await client.close();
await admin.close();
await openSearch?.close();
