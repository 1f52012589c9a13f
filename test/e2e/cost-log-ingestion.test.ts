/**
 * What CloudWatch Logs charged to ingest, priced from the cluster as from the files, on a
 * real Elasticsearch and a real OpenSearch: `ship` stores each line's bytes as CloudWatch
 * counted them (`lambdalens.message_bytes`, the final newline a JSON export or a
 * subscription payload keeps included, none for a text copy that lost it), and
 * `cost --source elasticsearch` sums them per log group and day into the same figures
 * `cost` gives over the same files, to the byte and the last decimal. Lines stored before
 * documents carried their size are counted and said, never priced as nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import type { SearchEngine } from '../../shippers/dev-cluster/distributions.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { ELASTICSEARCH_FLAVOUR, lineMappings } from '../../shippers/elasticsearch/templates.ts';
import { uniqueName } from '../services/clients.ts';
import { runCli } from '../support/cli.ts';
import { connectEngine, dropIndices, engineUrl, refresh } from '../support/shipper-es.ts';

const rid = (n: number) => `0b0b0b0b-0000-4000-8000-${String(n).padStart(12, '0')}`;
const report = (n: number) =>
  `REPORT RequestId: ${rid(n)}\tDuration: 10.00 ms\tBilled Duration: 11 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`;
/** START, the app lines, END and REPORT of one invocation, as Lambda writes their messages. */
const invocation = (n: number, app: string[]) => [
  `START RequestId: ${rid(n)} Version: $LATEST`,
  ...app,
  `END RequestId: ${rid(n)}`,
  report(n),
];

// bytes-fn, a `filter-log-events` export (messages end in CloudWatch's newline): one
// invocation on the last day of September, outside the month, and one in October.
const SEPTEMBER = invocation(0, ['2026-09-30T23:59:59.001Z\t-\tINFO\tlast of the month']).map(
  (m) => `${m}\n`,
);
const OCTOBER = invocation(1, [
  `2026-10-05T10:00:00.001Z\t${rid(1)}\tINFO\tprix 12 € — naïve ✓`,
  `2026-10-05T10:00:00.002Z\t${rid(1)}\tINFO\tplain ascii`,
]).map((m) => `${m}\n`);
// group-fn, a subscription payload of its log group, with characters of 3 and 4 bytes.
const PAYLOAD = invocation(2, [`2026-10-06T09:00:00.001Z\t${rid(2)}\tINFO\t日本語 😀`]).map((m) => `${m}\n`);
// text-fn, a text copy (`<stream> <time> <message>`): the newlines are lost, and so not counted.
const TEXT = invocation(3, [`2026-10-07T08:00:00.001Z\t${rid(3)}\tINFO\tGrüße`]);

// bare-fn, the runtime's lines as a program prints them: no copy's prefix, so no event time.
// A runtime line carries its own time; START, END and REPORT none: each is placed at the timed
// line before it in its stream, and the first START, with none before it, at its invocation's.
const BARE_OCTOBER = invocation(7, [`2026-10-06T10:00:00.010Z\t${rid(7)}\tINFO\tfirst of the day`]);
const BARE = [
  ...BARE_OCTOBER,
  // The next invocation's START follows October's REPORT, and is placed on its day.
  `START RequestId: ${rid(8)} Version: $LATEST`,
  `2026-11-01T00:00:00.100Z\t${rid(8)}\tINFO\tnext month`,
  `END RequestId: ${rid(8)}`,
  report(8),
];

const bytes = (messages: string[]) => messages.reduce((n, m) => n + Buffer.byteLength(m, 'utf8'), 0);
/** What CloudWatch Logs ingested in October, by function. */
const OCTOBER_BYTES = {
  'bare-fn': bytes(BARE.slice(0, 5)),
  'bytes-fn': bytes(OCTOBER),
  'group-fn': bytes(PAYLOAD),
  'text-fn': bytes(TEXT),
};

/** A subscription payload of a log group's stream, its events a millisecond apart from `at`. */
function payload(logGroup: string, logStream: string, at: string, messages: string[]): string {
  const ms = Date.parse(at);
  return JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream,
    subscriptionFilters: ['lambdalens-shipper'],
    logEvents: messages.map((message, i) => ({ id: `${ms + i}${i}`, timestamp: ms + i, message })),
  });
}

// two-fn logs to its own group, then to a custom one (Lambda's advanced logging controls):
// a group whose name does not say the function, which --function-name names.
const OWN_GROUP = invocation(4, []).map((m) => `${m}\n`);
const CUSTOM_GROUP = [...invocation(5, []), ...invocation(6, [])].map((m) => `${m}\n`);

function writeTwoGroups(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambdalens-log-ingestion-groups-'));
  const stream = (c: string) => `2026/10/08/[$LATEST]${c.repeat(32)}`;
  writeFileSync(
    join(dir, 'own.json'),
    payload('/aws/lambda/two-fn', stream('e'), '2026-10-08T09:00:00Z', OWN_GROUP),
  );
  writeFileSync(
    join(dir, 'custom.json'),
    payload('/custom/two-fn-logs', stream('f'), '2026-10-09T09:00:00Z', CUSTOM_GROUP),
  );
  return dir;
}

function writeLogs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambdalens-log-ingestion-'));
  const exportEvents = (stream: string, start: number, messages: string[]) =>
    messages.map((message, i) => ({
      logStreamName: stream,
      timestamp: start + i,
      message,
      ingestionTime: start + i + 500,
      eventId: `${start + i}00000000000000000000000000000000000000000${i}`,
    }));
  const events = [
    ...exportEvents(
      '2026/09/30/[$LATEST]a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1',
      Date.parse('2026-09-30T23:59:59Z'),
      SEPTEMBER,
    ),
    ...exportEvents(
      '2026/10/05/[$LATEST]b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2',
      Date.parse('2026-10-05T10:00:00Z'),
      OCTOBER,
    ),
  ];
  writeFileSync(join(dir, 'bytes-fn.json'), JSON.stringify({ events, searchedLogStreams: [] }));
  writeFileSync(
    join(dir, 'subscription.json'),
    payload(
      '/aws/lambda/group-fn',
      '2026/10/06/[$LATEST]c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3',
      '2026-10-06T09:00:00Z',
      PAYLOAD,
    ),
  );
  const stream = '2026/10/07/[$LATEST]d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4';
  writeFileSync(
    join(dir, 'text-fn.log'),
    `${TEXT.map((m, i) => `${stream} 2026-10-07T08:00:00.00${i}000 ${m}`).join('\n')}\n`,
  );
  writeFileSync(join(dir, 'bare-fn.log'), `${BARE.join('\n')}\n`);
  return dir;
}

const PRICING = ['--month', '2026-10', '--region', 'us-east-1', '--arch', 'x86_64'];
const UNSIZED_NOTE =
  'function "bytes-fn": 2 stored log line(s) have no byte size the cluster can sum (lambdalens.message_bytes: shipped by an older lambdalens, or into an index made before `lambdalens es setup` mapped it), so what CloudWatch Logs charged to ingest them is not priced; ship those logs again under a new --index-prefix to price it';

function costJson(args: string[]): { report: CostReport; stderr: string } {
  const run = runCli(['cost', ...args, ...PRICING, '--output', 'json'], {}, { timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(0);
  return { report: JSON.parse(run.stdout) as CostReport, stderr: run.stderr };
}

/** Each row's logs, by function: one row a function, as the files give it. */
const logsOf = (r: CostReport) =>
  r.functions
    .map((f) => ({ function: f.functionName, bytes: f.logs.bytes, usd: f.logs.costUsd, exact: f.exact.logs }))
    .sort((a, b) => a.function.localeCompare(b.function));

describe.each<SearchEngine>(['elasticsearch', 'opensearch'])(
  'log ingestion priced from a real %s',
  (engine) => {
    const dir = writeLogs();
    const prefix = uniqueName(`ll-bytes-${engine.slice(0, 2)}`);
    const olderPrefix = uniqueName(`ll-bytes-old-${engine.slice(0, 2)}`);
    const groupsDir = writeTwoGroups();
    const groupsPrefix = uniqueName(`ll-bytes-groups-${engine.slice(0, 2)}`);
    let client: SearchClient;
    let url: string;
    let files: CostReport;

    /** `es setup` and `ship` of the logs under a prefix, as a user runs them. */
    const ship = async (into: string, args: string[], documents: number) => {
      const setup = runCli(['es', 'setup', '--es-url', url, '--index-prefix', into], {});
      expect(setup.code, setup.stderr).toBe(0);
      const run = runCli(['ship', ...args, '--to', url, '--index-prefix', into], {}, { timeoutMs: 120_000 });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(
        `lambdalens: ${documents} documents: ${documents} written, 0 already present, 0 dead-lettered`,
      );
      await refresh(client, `${into}-*`);
    };
    const fromCluster = (into: string) => [
      '--source',
      'elasticsearch',
      '--es-url',
      url,
      '--index-prefix',
      into,
    ];

    beforeAll(async () => {
      client = await connectEngine(engine);
      url = engineUrl(engine);
      await ship(prefix, [dir], 31);
      await ship(olderPrefix, [dir], 31);
      await ship(groupsPrefix, [groupsDir, '--function-name', 'two-fn'], 12);
      files = costJson([dir]).report;
    }, 300_000);
    afterAll(async () => {
      await dropIndices(client, prefix);
      await dropIndices(client, olderPrefix);
      await dropIndices(client, groupsPrefix);
      await client.close();
    });

    it('maps message_bytes as a long on every line index es setup templates', async () => {
      const res = await client.request<
        Record<string, { mappings: { properties: { lambdalens: { properties: Record<string, unknown> } } } }>
      >({
        method: 'GET',
        path: `/${prefix}-logs-*/_mapping`,
      });
      // The days shipped, and the day `es setup` made an index for.
      const indices = Object.keys(res.body).sort();
      for (const day of ['2026.09.30', '2026.10.05', '2026.10.06', '2026.10.07'])
        expect(indices).toContain(`${prefix}-logs-${day}`);
      for (const index of indices) {
        expect(res.body[index]?.mappings.properties.lambdalens.properties.message_bytes).toEqual({
          type: 'long',
        });
      }
    });

    it("gives each function's ingested bytes and their price exactly as cost over the files does", () => {
      const { report: es, stderr } = costJson(fromCluster(prefix));
      expect(stderr).toBe('');
      // The files count what CloudWatch counted: September's invocation is not October's.
      expect(OCTOBER_BYTES).toEqual({ 'bare-fn': 414, 'bytes-fn': 437, 'group-fn': 346, 'text-fn': 335 });
      expect(Object.fromEntries(files.functions.map((f) => [f.functionName, f.logs.bytes]))).toEqual(
        OCTOBER_BYTES,
      );
      expect(logsOf(es)).toEqual(logsOf(files));
      expect(es.totals.logsBytes).toBe(414 + 437 + 346 + 335);
      expect(es.totals.logsCostUsd).toBe(files.totals.logsCostUsd);
      expect(es.totals.logsCostUsd).toBeGreaterThan(0);
      expect(es.unpriced).toEqual([]);
      // The whole report is priced alike: Lambda, logs, days.
      expect(es.exact).toEqual(files.exact);
      expect(es.daily).toEqual(files.daily);
    });

    it('counts the lines of a copy without prefixes on the days ship stores them, from files as from the cluster', () => {
      const logsBytes = (source: string[], period: string[]) => {
        const args = [
          'cost',
          ...source,
          ...period,
          '--region',
          'us-east-1',
          '--arch',
          'x86_64',
          '-o',
          'json',
        ];
        const run = runCli(args, {}, { timeoutMs: 120_000 });
        expect(run.code, run.stderr).toBe(0);
        return (JSON.parse(run.stdout) as CostReport).totals.logsBytes;
      };
      for (const source of [[join(dir, 'bare-fn.log')], [...fromCluster(prefix), '--function', 'bare-fn']]) {
        // October 6: the first START (its invocation's time), the runtime line, END, REPORT and
        // the next START (after that REPORT); November: the rest, from the runtime line on.
        expect(logsBytes(source, ['--from', '2026-10-06', '--to', '2026-10-06'])).toBe(414);
        expect(logsBytes(source, ['--month', '2026-11'])).toBe(268);
      }
    });

    it('reads no lines with --es-index alone, and says so; --es-logs-index names them', () => {
      const invocations = [
        '--source',
        'elasticsearch',
        '--es-url',
        url,
        '--es-index',
        `${prefix}-invocations*`,
      ];
      const alone = costJson(invocations);
      expect(alone.report.totals.logsBytes).toBe(0);
      expect(alone.stderr).toBe(
        "lambdalens: note: --es-index names the invocation documents only: pass --es-logs-index <index> (their line documents) to price the logs' ingestion\n",
      );
      const named = costJson([...invocations, '--es-logs-index', `${prefix}-logs*`]);
      expect(named.stderr).toBe('');
      expect(logsOf(named.report)).toEqual(logsOf(files));
    });

    it('counts stored lines without a size and says how many, pricing the rest', async () => {
      // Lines shipped before documents carried their size: bytes-fn's three app lines, two of
      // them in October, written again without the field (no scripting needed).
      const res = await client.request<{
        hits: { hits: { _index: string; _id: string; _source: { lambdalens: Record<string, unknown> } }[] };
      }>({
        method: 'POST',
        path: `/${olderPrefix}-logs*/_search`,
        body: {
          size: 10,
          query: {
            bool: {
              filter: [{ term: { 'faas.name': 'bytes-fn' } }, { term: { 'lambdalens.line_kind': 'app' } }],
            },
          },
        },
      });
      const hits = res.body.hits.hits;
      expect(hits).toHaveLength(3);
      for (const hit of hits) {
        delete hit._source.lambdalens.message_bytes;
        await client.request({
          method: 'PUT',
          path: `/${hit._index}/_doc/${encodeURIComponent(hit._id)}`,
          body: hit._source,
        });
      }
      await refresh(client, `${olderPrefix}-logs*`);

      const { report: es } = costJson(fromCluster(olderPrefix));
      expect(es.unpriced).toEqual([
        { functionName: 'bytes-fn', charge: 'logs-ingestion', count: 2, message: UNSIZED_NOTE },
      ]);
      // The sized lines are still priced; only the two October app lines are missing.
      const unsized = bytes(OCTOBER.slice(1, 3));
      expect(unsized).toBe(173);
      const isBytesFn = (row: { function: string }) => row.function === 'bytes-fn';
      expect(logsOf(es).find(isBytesFn)?.bytes).toBe(OCTOBER_BYTES['bytes-fn'] - unsized);
      expect(logsOf(es).filter((row) => !isBytesFn(row))).toEqual(
        logsOf(files).filter((row) => !isBytesFn(row)),
      );

      // The table, read away from the run's stderr, says it too.
      const table = runCli(['cost', ...fromCluster(olderPrefix), ...PRICING], {}, { timeoutMs: 120_000 });
      expect(table.code, table.stderr).toBe(0);
      // The table wraps its notes at 120 columns.
      expect(table.stdout.replace(/\n +/g, ' ')).toContain(`left out of the total: ${UNSIZED_NOTE}\n`);
    });

    it("puts the logs of every group a function logs to in the function's row, its durations once", () => {
      const files = costJson([groupsDir, '--function-name', 'two-fn']).report;
      const { report: es, stderr } = costJson([...fromCluster(groupsPrefix), '--function', 'two-fn']);
      expect(stderr).toBe('');
      const rows = (r: CostReport) =>
        r.functions.map((f) => [f.functionName, f.invocations, f.logs.bytes, f.durationMs, f.exact]);
      expect(rows(es)).toEqual(rows(files));
      expect(rows(es)).toHaveLength(1);
      expect(es.functions[0]?.logs.bytes).toBe(bytes(OWN_GROUP) + bytes(CUSTOM_GROUP));
      // Three invocations, each counted once in the durations though two groups hold them.
      const counted = (r: CostReport) => r.durationHistogram.reduce((n, b) => n + b.count, 0);
      expect([counted(es), counted(files)]).toEqual([3, 3]);
    });

    it('has es setup map message_bytes on a line index an older setup made', async () => {
      const legacy = uniqueName(`ll-bytes-legacy-${engine.slice(0, 2)}`);
      const index = `${legacy}-logs-2026.10.01`;
      const older = lineMappings(
        engine === 'opensearch' ? { appJson: 'flat_object', indexSettings: true } : ELASTICSEARCH_FLAVOUR,
      );
      delete (older.properties.lambdalens.properties as Record<string, unknown>).message_bytes;
      try {
        await client.request({ method: 'PUT', path: `/${index}`, body: { mappings: older } });
        const setup = runCli(['es', 'setup', '--es-url', url, '--index-prefix', legacy], {});
        expect(setup.code, setup.stderr).toBe(0);
        const res = await client.request<
          Record<
            string,
            { mappings: { properties: { lambdalens: { properties: Record<string, unknown> } } } }
          >
        >({ method: 'GET', path: `/${index}/_mapping` });
        const lambdalens = res.body[index]?.mappings.properties.lambdalens.properties;
        expect(lambdalens?.message_bytes).toEqual({ type: 'long' });
        // What was mapped before is as it was.
        expect(lambdalens?.line_kind).toEqual({ type: 'keyword', ignore_above: 1024 });
      } finally {
        await dropIndices(client, legacy);
      }
    });
  },
);
