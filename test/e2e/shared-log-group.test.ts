/**
 * Functions that write to one custom log group (`LoggingConfig.LogGroup`): each event is
 * the function's its stream names (`YYYY/MM/DD/<function>[<version>]<GUID>`), and only the
 * functions asked for are shown, shipped and priced; the rest is counted and told. The CLI
 * against moto, history, --follow and --live.
 *
 * moto ignores LoggingConfig (GetFunctionConfiguration and ListFunctions answer without it),
 * so a small proxy in front of moto adds it to those two answers, as Lambda gives it.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFunction,
  createGroup,
  endpoint,
  logsClient,
  putEvents,
  uniqueName,
} from '../integration/aws/helpers.ts';
import { FAKE_AWS, runCliAsync } from '../support/cli.ts';
import { invocationEvents, type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';

/** Lambda's configuration answers, with `LoggingConfig` added for the functions in `groups`. */
async function startLoggingConfigProxy(
  upstream: string,
  groups: ReadonlyMap<string, string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const up = new URL(upstream);
  const withLogging = (fn: Record<string, unknown>) => {
    const group = groups.get(String(fn.FunctionName));
    return group ? { ...fn, LoggingConfig: { LogFormat: 'Text', LogGroup: group } } : fn;
  };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    // GET /2015-03-31/functions/{name}/configuration and GET /2015-03-31/functions (ListFunctions).
    const lambda =
      req.method === 'GET' && /^\/2015-03-31\/functions(\/[^/?]+\/configuration)?\/?(\?|$)/.test(path);
    const headers = { ...req.headers, host: up.host };
    if (lambda) delete headers['accept-encoding'];
    const fwd = request({ host: up.hostname, port: up.port, method: req.method, path, headers }, (answer) => {
      if (!lambda || answer.statusCode !== 200) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        const out = Array.isArray(body.Functions)
          ? { ...body, Functions: (body.Functions as Record<string, unknown>[]).map(withLogging) }
          : withLogging(body);
        const text = JSON.stringify(out);
        const h = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) };
        delete h['transfer-encoding'];
        res.writeHead(200, h);
        res.end(text);
      });
    });
    fwd.on('error', () => res.destroy());
    req.pipe(fwd);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Row {
  requestId: string;
  functionName: string | null;
  logStream: string | null;
  billedDurationMs: number | null;
}

const rowsOf = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Row)
    .map((r) => [r.requestId, r.functionName, r.logStream])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

const prefix = uniqueName('shared');
const fnA = `${prefix}-a`;
const fnB = `${prefix}-b`;
/** A function not asked for in any run (it need not exist): its streams share the group. */
const fnC = uniqueName('other');
const group = `/custom/${prefix}`;
const streamA = `2026/12/01/${fnA}[$LATEST]aaaa0000000000000000000000000000`;
// Called through an alias: the stream names the version the alias points to.
const streamB = `2026/12/01/${fnB}[3]bbbb0000000000000000000000000000`;
const streamC = `2026/12/01/${fnC}[$LATEST]cccc0000000000000000000000000000`;
/** A stream something else writes to the group, naming no function. */
const streamApp = 'audit-export';
const [a1, a2, b1, c1] = [requestIdOf(1, 1), requestIdOf(2, 1), requestIdOf(3, 1), requestIdOf(4, 1)];

let proxy: { url: string; close(): Promise<void> };
let env: NodeJS.ProcessEnv;
/** When the events were written: the days `cost` is asked for are theirs, whatever the clock reads by then. */
let writtenAt = 0;

beforeAll(async () => {
  await createFunction(fnA);
  await createFunction(fnB);
  proxy = await startLoggingConfigProxy(
    endpoint(),
    new Map([
      [fnA, group],
      [fnB, group],
    ]),
  );
  env = { ...FAKE_AWS, AWS_ENDPOINT_URL: proxy.url };
  const logs = logsClient();
  await createGroup(logs, group, [streamA, streamB, streamC, streamApp]);
  const t = Date.now() - 120_000;
  writtenAt = t;
  await putEvents(logs, group, streamA, [...invocationEvents(a1, t), ...invocationEvents(a2, t + 10)]);
  await putEvents(logs, group, streamB, invocationEvents(b1, t + 20));
  await putEvents(logs, group, streamC, invocationEvents(c1, t + 30));
  await putEvents(logs, group, streamApp, [{ timestamp: t + 40, message: 'exported 3 rows\n' }]);
}, 60_000);

afterAll(async () => {
  await proxy?.close();
});

let cli: LiveCli | null = null;
afterEach(() => {
  cli?.kill();
  cli = null;
});

describe('functions sharing a custom log group (CLI against moto)', () => {
  it('logs -f A shows A’s invocations alone, named, and counts what it left out', async () => {
    const r = await runCliAsync(['logs', '-f', fnA, '--since', '30m', '-o', 'ndjson'], env);
    expect(r.code).toBe(0);
    expect(rowsOf(r.stdout)).toEqual([
      [a1, fnA, streamA],
      [a2, fnA, streamA],
    ]);
    // B's four events, C's four and the audit line.
    expect(r.stderr).toContain(`lambdalens: 9 events of other functions' streams in ${group} left out\n`);
    expect(r.stderr).not.toContain('--function-name');
  }, 60_000);

  it('logs -f A,B and -f prefix* name each invocation by its stream', async () => {
    for (const selection of [`${fnA},${fnB}`, `${prefix}-*`]) {
      const r = await runCliAsync(['logs', '-f', selection, '--since', '30m', '-o', 'ndjson'], env);
      expect(r.stderr).toMatch(
        new RegExp(
          `^lambdalens: 5 events of other functions' streams in ${group} left out\\n` +
            'lambdalens: 3 invocations \\(3 success\\) from 2 functions, 0 cold starts, \\S+ → \\S+\\n$',
        ),
      );
      expect(r.code).toBe(0);
      expect(rowsOf(r.stdout)).toEqual([
        [a1, fnA, streamA],
        [a2, fnA, streamA],
        [b1, fnB, streamB],
      ]);
    }
  }, 60_000);

  it('ship -f A --to - ships A’s documents alone, each with faas.name', async () => {
    const r = await runCliAsync(['ship', '-f', fnA, '--since', '30m', '--to', '-'], env);
    expect(r.code).toBe(0);
    const docs = r.stdout
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { _index: string; _source: { faas?: { name?: string; execution?: string } } },
      );
    // Four line documents and one invocation document per invocation.
    expect(docs).toHaveLength(10);
    expect(docs.map((d) => d._source.faas?.name)).toEqual(Array(10).fill(fnA));
    expect(new Set(docs.map((d) => d._source.faas?.execution))).toEqual(new Set([a1, a2]));
    expect(r.stderr).toContain(`lambdalens: 9 events of other functions' streams in ${group} left out\n`);
  }, 60_000);

  it('cost --source filter-log-events prices each function from its own streams', async () => {
    // The events' own day (run just after midnight UTC, "today" held none of them).
    const today = new Date(writtenAt).toISOString().slice(0, 10);
    const tomorrow = new Date(writtenAt + 86_400_000).toISOString().slice(0, 10);
    const r = await runCliAsync(
      [
        'cost',
        '-f',
        `${fnA},${fnB}`,
        '--source',
        'filter-log-events',
        '--from',
        today,
        '--to',
        tomorrow,
        '--output',
        'json',
      ],
      env,
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      functions: { functionName: string; invocations: number; billedMs?: number }[];
    };
    expect(report.functions.map((f) => [f.functionName, f.invocations]).sort()).toEqual([
      [fnA, 2],
      [fnB, 1],
    ]);
    // C's four events and the audit line: CloudWatch would send C's REPORT line alone, but
    // moto ignores the `?"REPORT RequestId" ?"platform.report"` pattern and sends every line.
    expect(r.stderr).toContain(`note: 5 events of other functions' streams in ${group} left out\n`);
  }, 60_000);

  it('logs --log-group G alone reads the whole group and names nothing new', async () => {
    const r = await runCliAsync(['logs', '--log-group', group, '--since', '30m', '-o', 'ndjson'], env);
    expect(r.code).toBe(0);
    expect(rowsOf(r.stdout)).toEqual([
      [a1, null, streamA],
      [a2, null, streamA],
      [b1, null, streamB],
      [c1, null, streamC],
    ]);
    expect(r.stderr).not.toContain('left out');
  }, 60_000);

  // These run last and one after the other: each writes to the group while it runs.
  const shownA = [a1, a2];
  let others = 9;
  for (const [k, mode] of ['--follow', '--live'].entries()) {
    it(`logs -f A ${mode}: A’s invocations, those written before and while it runs, named; the others left out`, async () => {
      cli = startCli(['logs', '-f', fnA, mode, '--since', '30m', '-o', 'ndjson'], env);
      const run = cli;
      await run.waitForLine((l) => l.includes(shownA.at(-1) ?? ''), 20_000);
      // Written while it runs, A's with B's beside it: read by the poll, or by the Live Tail session.
      const [a3, b2] = [requestIdOf(k, 2), requestIdOf(k + 10, 2)];
      const logs = logsClient();
      const t = Date.now();
      await putEvents(logs, group, streamB, invocationEvents(b2, t));
      await putEvents(logs, group, streamA, invocationEvents(a3, t + 5));
      shownA.push(a3);
      others += 4;
      await run.waitForLine((l) => l.includes(a3), 20_000);
      run.child.kill('SIGINT');
      const end = await run.exited;
      expect(end.code).toBe(0);
      const rows = rowsOf(run.stdout.map((l) => l.text).join('\n'));
      const expected = shownA.map((id) => [id, fnA, streamA]).sort((x, y) => x[0]!.localeCompare(y[0]!));
      const notes = run.stderr.map((l) => l.text).filter((l) => l.includes('left out'));
      if (mode === '--follow') {
        expect(rows).toEqual(expected);
        expect(notes).toEqual([
          `lambdalens: ${others} events of other functions' streams in ${group} left out`,
        ]);
      } else {
        // moto's StartLiveTail answers every session with the whole group so far (CloudWatch
        // sends only new events), and those copies carry no event ID to match the backfill's:
        // an invocation may be printed again, and each copy of B's and C's events is counted.
        expect([...new Map(rows.map((r) => [r.join(' '), r])).values()]).toEqual(expected);
        const left = Number(
          /^lambdalens: (\d+) events of other functions' streams in /.exec(notes[0] ?? '')?.[1],
        );
        expect(notes).toHaveLength(1);
        expect(left).toBeGreaterThanOrEqual(others);
      }
    }, 60_000);
  }
});
