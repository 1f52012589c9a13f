/**
 * Follow-mode cost: FilterLogEvents calls and events read again to deliver 10,000 events that
 * arrive over a few seconds in 3 log groups, against a moto server (AWS_ENDPOINT_URL, default
 * the local dev port), beside the least possible: one call per 10,000-event page, and each
 * event read once. Then events ingested late: a stream that shows up with events stamped 20 s
 * back, in a group the burst left busy, to show when they come and what finding them costs.
 * Goal (#18): at most 10,000 events re-read per 10,000 new (bytes read within 2x the least).
 * Run: node --import tsx bench/follow.bench.ts   (or: npm run bench follow)
 */
import { randomUUID } from 'node:crypto';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { createRateLimiter } from '../collectors/aws/rate-limiter.ts';
import { followGroups } from '../collectors/cloudwatch-logs/follow.ts';
import { StatusBoard } from '../collectors/cloudwatch-logs/source-status.ts';
import { silentLogger, sleep, systemClock } from '../collectors/kernel/index.ts';

const endpoint = process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:5000';
const TOTAL = 10_000;
const BATCHES = 20;
const client = new CloudWatchLogsClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  maxAttempts: 1,
});
const groups = [0, 1, 2].map((i) => `/aws/lambda/bench-${i}-${randomUUID().slice(0, 8)}`);
for (const g of groups) {
  await client.send(new CreateLogGroupCommand({ logGroupName: g }));
  await client.send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: 's' }));
}

const abort = new AbortController();
const limiter = createRateLimiter({ ratePerSecond: 4 });
const ctx = { limiter, clock: systemClock, sleep, logger: silentLogger, signal: abort.signal };
const status = new StatusBoard('follow', groups, () => limiter.stats().calls);
let received = 0;
const started = Date.now();
const follower = (async () => {
  for await (const _ of followGroups(client, ctx, groups, { startTime: started - 60_000 }, status))
    received++;
})();

const perBatch = TOTAL / BATCHES;
for (let b = 0; b < BATCHES; b++) {
  const group = groups[b % groups.length]!;
  const now = Date.now();
  const logEvents = Array.from({ length: perBatch }, (_, k) => ({ timestamp: now, message: `b${b} e${k}` }));
  await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 's', logEvents }));
  await new Promise((r) => setTimeout(r, 250));
}
let deadline = Date.now() + 60_000;
while (received < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const burstElapsed = Date.now() - started;
const burst = status.snapshot();
const reReadOf = (snap: typeof burst) => snap.groups.reduce((n, g) => n + g.duplicates, 0);
const callsOf = (snap: typeof burst) => snap.calls['logs:FilterLogEvents'] ?? 0;

// Late ingestion: a new stream whose events are stamped 20 s before they are written.
const LATE = 10;
const lateGroup = groups[0]!;
await client.send(new CreateLogStreamCommand({ logGroupName: lateGroup, logStreamName: 'late' }));
const lateWrittenAt = Date.now();
const lateEvents = Array.from({ length: LATE }, (_, k) => ({
  timestamp: lateWrittenAt - 20_000 + k,
  message: `late ${k}`,
}));
await client.send(
  new PutLogEventsCommand({ logGroupName: lateGroup, logStreamName: 'late', logEvents: lateEvents }),
);
deadline = Date.now() + 150_000;
while (received < TOTAL + LATE && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const lateAfterMs = Date.now() - lateWrittenAt;
abort.abort();
await follower;
const end = status.snapshot();

const per10k = (n: number, of: number) => ((n * 10_000) / Math.max(1, of)).toFixed(0);
const burstDelivered = burst.groups.reduce((n, g) => n + g.delivered, 0);
console.log(`burst: ${TOTAL} events in ${BATCHES} batches over 3 groups`);
console.log(`  events delivered            ${burstDelivered} of ${TOTAL}`);
console.log(
  `  FilterLogEvents calls       ${callsOf(burst)}  (${per10k(callsOf(burst), burstDelivered)} per 10,000 events; least possible 1)`,
);
console.log(
  `  events re-read              ${reReadOf(burst)}  (${per10k(reReadOf(burst), burstDelivered)} per 10,000 new; goal <= 10,000, least possible 0)`,
);
console.log(
  `  wall time                   ${(burstElapsed / 1000).toFixed(1)} s at 4 calls/s; throttled ${burst.throttleCount}`,
);
const g0 = end.groups.find((g) => g.logGroup === lateGroup)!;
console.log(
  `late: ${LATE} events stamped 20 s back in a new stream of a group holding ${g0.delivered - LATE} events`,
);
console.log(
  `  delivered                   ${received - TOTAL} of ${LATE}, ${(lateAfterMs / 1000).toFixed(1)} s after writing (a look-back read waits at most 2 min)`,
);
console.log(
  `  look-back reads             ${end.groups.reduce((n, g) => n + g.lookBacks, 0)} (sweeps ${end.groups.reduce((n, g) => n + g.sweeps, 0)})`,
);
console.log(
  `  events re-read to find them ${reReadOf(end) - reReadOf(burst)}, ${end.groups.reduce((n, g) => n + g.lookBackDuplicates, 0) - burst.groups.reduce((n, g) => n + g.lookBackDuplicates, 0)} of them by look-back reads  (calls ${callsOf(end) - callsOf(burst)})`,
);
const total = received;
console.log(
  `whole run: ${reReadOf(end)} events re-read for ${total} new (${per10k(reReadOf(end), total)} per 10,000; goal <= 10,000)`,
);
if (received !== TOTAL + LATE || burstDelivered !== TOTAL) process.exitCode = 1;
