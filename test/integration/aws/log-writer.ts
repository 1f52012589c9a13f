/**
 * A separate writer process for the follow tests: appends events to a log group while the
 * follower runs, including late events (timestamps behind the follower's watermark), a
 * same-millisecond burst split over two PutLogEvents calls, and a stream created mid-run.
 * Prints one JSON line per message written, then `DONE <count>`.
 * Usage: node --import tsx log-writer.ts <endpoint> <logGroup> <rounds>
 */
import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';

const [endpointUrl, group, roundsArg] = process.argv.slice(2);
if (!endpointUrl || !group) throw new Error('usage: log-writer.ts <endpoint> <logGroup> <rounds>');
const rounds = Number(roundsArg ?? '5');
const client = new CloudWatchLogsClient({
  endpoint: endpointUrl,
  region: 'us-east-1',
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const written: string[] = [];

async function put(stream: string, events: { timestamp: number; message: string }[]) {
  await client.send(
    new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }),
  );
  for (const e of events) written.push(e.message);
}
const msg = (kind: string) => `${kind} #${n++}`;

for (let r = 0; r < rounds; r++) {
  // Steady traffic on two existing streams.
  await put('s-main', [{ timestamp: Date.now(), message: msg('steady') }]);
  await put('s-other', [{ timestamp: Date.now(), message: msg('steady') }]);
  await sleep(150);
  // A burst in one millisecond, split across two calls (and so across polls and pages).
  const ms = Date.now();
  await put(
    's-main',
    Array.from({ length: 30 }, () => ({ timestamp: ms, message: msg('burst') })),
  );
  await sleep(120);
  await put(
    's-other',
    Array.from({ length: 30 }, () => ({ timestamp: ms, message: msg('burst') })),
  );
  await sleep(300);
  // Late ingestion: timestamps 20 s in the past, behind any watermark by now.
  const old = Date.now() - 20_000;
  await put('s-late', [
    { timestamp: old, message: msg('late') },
    { timestamp: old + 1, message: msg('late') },
  ]);
  // A stream created while the follower runs.
  const fresh = `s-new-${r}`;
  await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: fresh }));
  await put(fresh, [
    { timestamp: Date.now(), message: msg('newstream') },
    { timestamp: Date.now(), message: msg('newstream') },
  ]);
  await sleep(250);
}
process.stdout.write(`${JSON.stringify(written)}\nDONE ${written.length}\n`);
