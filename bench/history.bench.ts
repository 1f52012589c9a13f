/**
 * Reading history from CloudWatch Logs: `lambdalens logs --function F --since 2h` over a log
 * group of 100,000 events in the moto server (AWS_ENDPOINT_URL), beside the AWS CLI's own
 * `aws logs filter-log-events` over the same group, in the same run. Both are whole
 * processes timed from start to exit, in alternating rounds; the figure is the median of
 * lambdalens's time over the AWS CLI's.
 *
 * The AWS CLI (from PyPI) is taken from AWS_CLI, else from PATH; without it the bench times
 * lambdalens alone and says so.
 *
 *   AWS_ENDPOINT_URL=http://127.0.0.1:5000 AWS_CLI=/path/to/venv/bin/aws npm run bench history
 *   (HISTORY_BENCH_EVENTS, default 100000; HISTORY_BENCH_ROUNDS, default 3;
 *   HISTORY_BENCH_KEEP=1 keeps the function and its group for a look afterwards)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, DeleteFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { generateExamples } from '../examples/generate.ts';
import { median } from './measure.ts';

const endpoint = process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:5000';
const TOTAL = Number(process.env.HISTORY_BENCH_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.HISTORY_BENCH_ROUNDS ?? 3);
const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const credentials = {
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
};
const config = {
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
};

/** The example month's messages, stream by stream. */
function exampleStreams(): string[][] {
  const byStream = new Map<string, string[]>();
  for (const [name, content] of generateExamples().files) {
    if (!name.startsWith('logs/') || !name.endsWith('.json') || name.includes('subscription')) continue;
    const doc = JSON.parse(content) as { events?: { logStreamName: string; message: string }[] };
    for (const e of doc.events ?? []) {
      const list = byStream.get(e.logStreamName) ?? [];
      list.push(e.message);
      byStream.set(e.logStreamName, list);
    }
  }
  return [...byStream.values()];
}

/** A function and its log group holding TOTAL events spread over the last two hours. */
async function setUp(fn: string): Promise<number> {
  const role = await new IAMClient(config).send(
    new CreateRoleCommand({ RoleName: `${fn}-role`, AssumeRolePolicyDocument: '{}' }),
  );
  await new LambdaClient(config).send(
    new CreateFunctionCommand({
      FunctionName: fn,
      Role: role.Role?.Arn,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array([80, 75, 5, 6]) },
    }),
  );
  const logs = new CloudWatchLogsClient(config);
  const group = `/aws/lambda/${fn}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  const streams = exampleStreams();
  const now = Date.now();
  // The last 1 h 45 min up to a minute ago: inside `--since 2h` for the time the rounds take.
  const span = 105 * 60_000;
  let written = 0;
  for (let s = 0; written < TOTAL; s++) {
    const messages = streams[s % streams.length] as string[];
    const stream = `2026/10/01/[$LATEST]${s.toString(16).padStart(32, '0')}`;
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    const n = Math.min(messages.length, TOTAL - written, 2000);
    // Each stream starts within the first 10 minutes and runs to a minute before now.
    const start = now - span + ((s * 7919) % 600_000);
    const length = now - 60_000 - start;
    const events = messages
      .slice(0, n)
      .map((message, i) => ({ timestamp: start + Math.floor((i * length) / n), message }));
    for (let i = 0; i < events.length; i += 5000) {
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          logEvents: events.slice(i, i + 5000),
        }),
      );
    }
    written += n;
  }
  return written;
}

interface Timed {
  seconds: number;
  code: number | null;
  stderr: string;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Timed {
  const t0 = performance.now();
  const run = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return { seconds: (performance.now() - t0) / 1000, code: run.status, stderr: run.stderr };
}

function awsCli(): string | null {
  const candidate = process.env.AWS_CLI ?? 'aws';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? candidate : null;
}

const fn = `history-bench-${Date.now().toString(36)}`;
const written = await setUp(fn);
const since = Date.now() - 2 * 3600_000;
const cli = awsCli();
console.log(
  `history bench: ${written.toLocaleString('en')} events in /aws/lambda/${fn} (moto at ${endpoint}); ${ROUNDS} rounds, order alternating`,
);
if (!cli) console.log('the AWS CLI is absent (set AWS_CLI or put aws on PATH): lambdalens is timed alone');

const ours = (): Timed =>
  timed(
    process.execPath,
    [join(root, 'bin', 'lambdalens.mjs'), 'logs', '--function', fn, '--since', '2h', '--output', 'ndjson'],
    {
      ...credentials,
      AWS_ENDPOINT_URL: endpoint,
    },
  );
const theirs = (): Timed =>
  timed(
    cli as string,
    [
      'logs',
      'filter-log-events',
      '--log-group-name',
      `/aws/lambda/${fn}`,
      '--start-time',
      String(since),
      '--endpoint-url',
      endpoint,
      '--output',
      'json',
    ],
    credentials,
  );

const ratios: number[] = [];
const ourTimes: number[] = [];
const theirTimes: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  let a: Timed;
  let b: Timed | null = null;
  if (round % 2 === 1) {
    a = ours();
    if (cli) b = theirs();
  } else {
    if (cli) b = theirs();
    a = ours();
  }
  if (a.code !== 0) throw new Error(`lambdalens failed: ${a.stderr}`);
  if (b && b.code !== 0) throw new Error(`aws failed: ${b.stderr}`);
  ourTimes.push(a.seconds);
  const summary = /lambdalens: (\d[\d,]*) invocations/.exec(a.stderr)?.[1] ?? '?';
  if (b) {
    theirTimes.push(b.seconds);
    ratios.push(a.seconds / b.seconds);
  }
  console.log(
    `round ${round}: lambdalens ${a.seconds.toFixed(2)} s (${summary} invocations)` +
      (b
        ? `, aws logs filter-log-events ${b.seconds.toFixed(2)} s, ratio ${(a.seconds / b.seconds).toFixed(2)}`
        : '') +
      (round % 2 === 0 ? '  (aws first)' : ''),
  );
}
console.log(
  `median: lambdalens ${median(ourTimes).toFixed(2)} s` +
    (ratios.length > 0
      ? `, aws ${median(theirTimes).toFixed(2)} s; lambdalens / aws: median ${median(ratios).toFixed(2)} (range ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}; goal <= 0.47)`
      : ''),
);
if (process.env.HISTORY_BENCH_KEEP) {
  console.log(`kept function ${fn} and its log group`);
} else {
  await new LambdaClient(config).send(new DeleteFunctionCommand({ FunctionName: fn })).catch(() => {});
  await new CloudWatchLogsClient(config)
    .send(new DeleteLogGroupCommand({ logGroupName: `/aws/lambda/${fn}` }))
    .catch(() => {});
}
