/**
 * Live latency: from the moment an invocation's REPORT line is handed over to the moment
 * lambdalens has printed the invocation, watched from outside the process.
 *
 * - `logs -` on a pipe that stays open, beside a process that only copies stdin to stdout
 *   (the floor a pipe and a process hop cost). Goal: p95 under 1 s.
 * - `logs --log-group G --follow -o ndjson` against moto (AWS_ENDPOINT_URL, default the local
 *   dev port), from PutLogEvents returning, beside a bare FilterLogEvents poller that asks
 *   every second from the newest timestamp it saw (what the usual tailers do, minus their
 *   losses). Goal: p95 under one poll interval plus 1 s; the interval is 1 s while a group is
 *   busy and grows to at most 5 s while it is idle, so the gaps between invocations here
 *   range over both.
 *
 * Each process is warmed up (start-up is not latency) and then fed the same schedule.
 *
 *   node --import tsx bench/live.bench.ts [--count 24]     (or: npm run bench live)
 */

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  invocationEvents,
  type LiveCli,
  requestIdOf,
  startCli,
  watchChild,
} from '../test/support/live-cli.ts';

const endpoint = process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:5000';
const FAKE = { AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1' };
const countAt = process.argv.indexOf('--count');
const COUNT = countAt >= 0 ? Number(process.argv[countAt + 1]) : 24;
/** Gaps between invocations, cycled: busy, then quiet long enough for the idle interval to grow. */
const GAPS_MS = [200, 700, 1500, 3000, 6000];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentiles(values: number[]): { p50: number; p95: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number;
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1] as number };
}

/** A row of p50/p95/max; beside a floor, how much the p95 adds to it (and the ratio when the floor is not ~0). */
function row(name: string, v: number[], floor?: number[]): string {
  const p = percentiles(v);
  const fmt = (ms: number) => `${Math.round(ms)} ms`.padStart(9);
  let out = `${name.padEnd(44)}${fmt(p.p50)}${fmt(p.p95)}${fmt(p.max)}   n=${v.length}`;
  if (floor) {
    const f = percentiles(floor).p95;
    out += `   p95 ${Math.round(p.p95 - f) >= 0 ? '+' : ''}${Math.round(p.p95 - f)} ms over the floor`;
    if (f >= 100) out += ` (${(p.p95 / f).toFixed(1)}×)`;
  }
  return out;
}

const text = (events: { message: string }[]) => events.map((e) => e.message).join('');

/** Feeds invocations into a process's stdin and times each from its REPORT to its line out. */
async function pipeLatencies(
  run: LiveCli,
  marker: (id: string) => (line: string) => boolean,
): Promise<number[]> {
  const first = requestIdOf(0, 9);
  run.child.stdin.write(text(invocationEvents(first, Date.now())));
  await run.waitForLine(marker(first), 60_000);
  const out: number[] = [];
  for (let k = 1; k <= COUNT; k++) {
    const id = requestIdOf(k, 9);
    const events = invocationEvents(id, Date.now());
    run.child.stdin.write(text(events.slice(0, 3)));
    await sleep(20);
    const at = Date.now();
    run.child.stdin.write(text(events.slice(3)));
    const line = await run.waitForLine(marker(id), 30_000);
    out.push(line.at - at);
    await sleep(GAPS_MS[k % GAPS_MS.length]! / 4);
  }
  run.child.kill('SIGTERM');
  await run.exited;
  return out;
}

/** A process that only copies stdin to stdout: the floor of a pipe and a process hop. */
function startCopier(): LiveCli {
  return watchChild(spawn(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)'], { stdio: 'pipe' }));
}

/** A bare poller: FilterLogEvents every second from the newest timestamp seen, REPORT lines out. */
function startBarePoller(group: string): LiveCli {
  const script = `
    import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
    const c = new CloudWatchLogsClient({ endpoint: ${JSON.stringify(endpoint)}, region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
    let since = Date.now() - 60_000; const seen = new Set();
    for (;;) {
      let token;
      do {
        const out = await c.send(new FilterLogEventsCommand({ logGroupName: ${JSON.stringify(group)}, startTime: since, nextToken: token }));
        for (const e of out.events ?? []) {
          if (seen.has(e.eventId)) continue;
          seen.add(e.eventId);
          if (e.timestamp > since) since = e.timestamp;
          if (e.message.startsWith('REPORT')) process.stdout.write(e.message.split('\\t')[0] + '\\n');
        }
        token = out.nextToken;
      } while (token);
      await new Promise((r) => setTimeout(r, 1000));
    }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: 'pipe',
    cwd: new URL('..', import.meta.url).pathname,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return watchChild(child);
}

/** Puts invocations into the group on the schedule and times each from PutLogEvents to its line out. */
async function followLatencies(
  run: LiveCli,
  client: CloudWatchLogsClient,
  group: string,
  tag: number,
): Promise<number[]> {
  const put = (events: { timestamp: number; message: string }[]) =>
    client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 's', logEvents: events }));
  const first = requestIdOf(0, tag);
  await put(invocationEvents(first, Date.now()));
  await run.waitForLine((l) => l.includes(first), 60_000);
  const out: number[] = [];
  for (let k = 1; k <= COUNT; k++) {
    await sleep(GAPS_MS[k % GAPS_MS.length]!);
    const id = requestIdOf(k, tag);
    await put(invocationEvents(id, Date.now()));
    const at = Date.now();
    const line = await run.waitForLine((l) => l.includes(id), 60_000);
    out.push(line.at - at);
  }
  run.child.kill('SIGTERM');
  await run.exited;
  return out;
}

async function main(): Promise<void> {
  console.log(
    `REPORT → printed, ${COUNT} invocations each (after a warm-up one); gaps cycle ${GAPS_MS.join(', ')} ms`,
  );
  console.log(`${''.padEnd(44)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'max'.padStart(9)}`);

  const copier = await pipeLatencies(startCopier(), (id) => (l) => l.startsWith(`REPORT RequestId: ${id}`));
  const pipe = await pipeLatencies(
    startCli(['logs', '-', '--function-name', 'bench', '-o', 'ndjson']),
    (id) => (l) => l.includes(id),
  );
  console.log(row('floor: stdin copied to stdout (node)', copier));
  console.log(row('lambdalens logs - (pipe)', pipe, copier));

  const client = new CloudWatchLogsClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  const group = (name: string) => `/aws/lambda/bench-live-${name}-${randomUUID().slice(0, 8)}`;
  const make = async (g: string) => {
    await client.send(new CreateLogGroupCommand({ logGroupName: g }));
    await client.send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: 's' }));
    return g;
  };
  const bareGroup = await make(group('bare'));
  const bare = await followLatencies(startBarePoller(bareGroup), client, bareGroup, 7);
  const followGroup = await make(group('follow'));
  const follow = await followLatencies(
    startCli(['logs', '--log-group', followGroup, '--follow', '--since', '1m', '-o', 'ndjson'], {
      ...FAKE,
      AWS_ENDPOINT_URL: endpoint,
    }),
    client,
    followGroup,
    8,
  );
  console.log(row('floor: bare FilterLogEvents poller, 1 s', bare));
  console.log(row('lambdalens logs --follow (moto)', follow, bare));
  const goals = [
    ['logs - p95 under 1 s', percentiles(pipe).p95 < 1000],
    ['logs --follow p95 under one poll interval (≤ 5 s) plus 1 s', percentiles(follow).p95 < 6000],
  ] as const;
  for (const [goal, met] of goals) console.log(`${met ? 'met    ' : 'MISSED '} ${goal}`);
}

await main();
