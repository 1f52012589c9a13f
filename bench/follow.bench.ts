/**
 * Follow-mode cost: FilterLogEvents calls needed to deliver 10,000 events that arrive over
 * a few seconds in 3 log groups, against a moto server (AWS_ENDPOINT_URL, default the local
 * dev port), beside the least possible: one call per 10,000-event page.
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
  for await (const _ of followGroups(client, ctx, groups, { startTime: started - 1000 }, status)) received++;
})();

const perBatch = TOTAL / BATCHES;
for (let b = 0; b < BATCHES; b++) {
  const group = groups[b % groups.length]!;
  const now = Date.now();
  const logEvents = Array.from({ length: perBatch }, (_, k) => ({ timestamp: now, message: `b${b} e${k}` }));
  await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 's', logEvents }));
  await new Promise((r) => setTimeout(r, 250));
}
const deadline = Date.now() + 60_000;
while (received < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const elapsed = Date.now() - started;
abort.abort();
await follower;

const snap = status.snapshot();
const calls = snap.calls['logs:FilterLogEvents'] ?? 0;
const reRead = snap.groups.reduce((n, g) => n + g.duplicates, 0);
console.log(
  `events delivered          ${received} of ${TOTAL} (${snap.groups.reduce((n, g) => n + g.delivered, 0)} counted)`,
);
console.log(
  `FilterLogEvents calls     ${calls}  (${((calls * 10_000) / Math.max(1, received)).toFixed(1)} per 10,000 events)`,
);
console.log(
  `least possible            ${Math.ceil(TOTAL / 10_000)} call per 10,000 events (full 10,000-event pages)`,
);
console.log(`events re-read (look-back) ${reRead}, skipped as duplicates`);
console.log(
  `wall time                 ${(elapsed / 1000).toFixed(1)} s at 4 calls/s budget; throttled ${snap.throttleCount}`,
);
if (received !== TOTAL) process.exitCode = 1;
