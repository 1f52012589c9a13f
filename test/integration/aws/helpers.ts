/** Shared setup for the AWS collector integration tests: real SDK clients over HTTP to moto. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { CallContext } from '../../../collectors/aws/call.ts';
import { createRateLimiter, type RateLimiter } from '../../../collectors/aws/rate-limiter.ts';
import { silentLogger, sleep, systemClock } from '../../../collectors/kernel/index.ts';
import { uniqueName } from '../../services/clients.ts';

export { uniqueName };

/** The public Lambda trace fixture's own trace ID, and the request its Lambda segment names. */
export const XRAY_FIXTURE_TRACE_ID = '1-59602603-23fc5b688855d396af79b496';
export const XRAY_FIXTURE_REQUEST_ID = 'ac086670-6373-11e7-a174-f31b3397f190';

/** The five segment documents of the Lambda trace fixture, under `traceId` (unique per run). */
export function xrayFixtureDocuments(traceId: string): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const text = readFileSync(join(here, '../../fixtures/xray-batch-get-traces-lambda.txt'), 'utf8');
  const json = JSON.parse(
    text
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n'),
  ) as { Traces: { Segments: { Document: string }[] }[] };
  return json.Traces[0]?.Segments.map((s) => s.Document.replaceAll(XRAY_FIXTURE_TRACE_ID, traceId)) ?? [];
}

/** The moto endpoint the harness started (or a running dev server). */
export function endpoint(): string {
  const url = process.env.AWS_ENDPOINT_URL;
  if (!url)
    throw new Error('AWS_ENDPOINT_URL is not set: these tests need a moto server (see test/services)');
  return url;
}

export function clientConfig(url = endpoint()) {
  return {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
    disableHostPrefix: true,
  };
}

export function logsClient(url?: string): CloudWatchLogsClient {
  return new CloudWatchLogsClient(clientConfig(url));
}

export function testContext(
  ratePerSecond = 100,
  signal?: AbortSignal,
): CallContext & { limiter: RateLimiter } {
  return {
    limiter: createRateLimiter({ ratePerSecond }),
    clock: systemClock,
    sleep,
    logger: silentLogger,
    signal,
  };
}

export async function createGroup(
  client: CloudWatchLogsClient,
  group: string,
  streams: string[],
): Promise<void> {
  await client.send(new CreateLogGroupCommand({ logGroupName: group }));
  for (const s of streams) await createStream(client, group, s);
}

export async function createStream(
  client: CloudWatchLogsClient,
  group: string,
  stream: string,
): Promise<void> {
  await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
}

export async function putEvents(
  client: CloudWatchLogsClient,
  group: string,
  stream: string,
  events: { timestamp: number; message: string }[],
): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    await client.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: events.slice(i, i + 1000),
      }),
    );
  }
}

/** A Lambda function in moto (which needs an IAM role for it); `extra` adds configuration. */
export async function createFunction(name: string, extra: Record<string, unknown> = {}, url = endpoint()) {
  const iam = new IAMClient(clientConfig(url));
  const role = await iam.send(
    new CreateRoleCommand({ RoleName: uniqueName('role'), AssumeRolePolicyDocument: '{}' }),
  );
  await new LambdaClient(clientConfig(url)).send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: role.Role!.Arn!,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array([80, 75, 5, 6]) },
      ...extra,
    }),
  );
}

/**
 * A function in moto whose log group holds one invocation, logged a minute ago in stream
 * `s1`: START, the handler's `lines`, END, and a REPORT billing 2 ms of 128 MB. The group.
 */
export async function functionWithInvocation(
  name: string,
  id: string,
  lines: string[] = [],
): Promise<string> {
  await createFunction(name);
  const logs = logsClient();
  const group = `/aws/lambda/${name}`;
  await createGroup(logs, group, ['s1']);
  const at = Date.now() - 60_000;
  const end = at + 1 + lines.length;
  await putEvents(logs, group, 's1', [
    { timestamp: at, message: `START RequestId: ${id} Version: $LATEST\n` },
    ...lines.map((message, i) => ({ timestamp: at + 1 + i, message })),
    { timestamp: end, message: `END RequestId: ${id}\n` },
    {
      timestamp: end + 1,
      message: `REPORT RequestId: ${id}\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\t\n`,
    },
  ]);
  return group;
}
