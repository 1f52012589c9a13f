/**
 * Objects CloudWatch Logs writes to S3, made by the real service emulator (moto) and read
 * back by the real CLI: an export task's `000000.gz` objects (`<time> <message>` lines) and
 * the objects a Firehose delivery stream writes for a subscription filter (gzip payloads,
 * one member a record, back to back). S3 and Firehose are called over moto's HTTP API
 * directly (the project has no SDK client for them): moto routes a request by the service
 * its authorization header names and does not check the signature.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CreateExportTaskCommand,
  DescribeExportTasksCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { FAKE_AWS, runCli } from '../../support/cli.ts';
import { createGroup, endpoint, logsClient, putEvents, uniqueName } from './helpers.ts';

const AUTH = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;

async function s3(method: string, path: string, body?: string): Promise<Response> {
  const r = await fetch(`${endpoint()}${path}`, { method, body, headers: { authorization: AUTH('s3') } });
  if (!r.ok) throw new Error(`S3 ${method} ${path}: ${r.status} ${await r.text()}`);
  return r;
}

async function firehose(action: string, body: unknown): Promise<unknown> {
  const r = await fetch(endpoint(), {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      authorization: AUTH('firehose'),
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Firehose_20150804.${action}`,
    },
  });
  if (!r.ok) throw new Error(`Firehose ${action}: ${r.status} ${await r.text()}`);
  return r.json();
}

/** Downloads every object under `prefix` into `dir`, keeping its key as its path. */
async function download(bucket: string, prefix: string, dir: string): Promise<string[]> {
  const list = await (await s3('GET', `/${bucket}?list-type=2&prefix=${encodeURIComponent(prefix)}`)).text();
  const keys = [...list.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => (m[1] as string).replace(/&amp;/g, '&'));
  const paths: string[] = [];
  for (const key of keys) {
    if (key.endsWith('aws-logs-write-test')) continue;
    const bytes = Buffer.from(
      await (await s3('GET', `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`)).arrayBuffer(),
    );
    const path = join(dir, ...key.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    paths.push(path);
  }
  return paths;
}

/** A whole second a minute ago: CloudWatch refuses events older than 14 days, and moto's export writes whole seconds. */
const T0 = Math.floor((Date.now() - 60_000) / 1000) * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const ID = '4f3b18d2-7c91-49e3-a128-d8902ef19bc4';
const lines = [
  'INIT_START Runtime Version: nodejs:20.v44\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:a6a6a1c223cd52c27a251046781edf49498ca803c8505105f24871f6594c1281\n',
  `START RequestId: ${ID} Version: $LATEST\n`,
  `${iso(T0 + 2000)}\t${ID}\tINFO\tcharging order {\n  "orderId": "ord_98721"\n}\n`,
  `END RequestId: ${ID}\n`,
  `REPORT RequestId: ${ID}\tDuration: 1203.55 ms\tBilled Duration: 1431 ms\tMemory Size: 512 MB\tMax Memory Used: 88 MB\tInit Duration: 226.71 ms\t\n`,
];

function ndjson(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('objects CloudWatch Logs writes to S3 (moto)', () => {
  it('reads an export task’s objects: `<time> <message>` lines, multi-line messages, the stream from the path', async () => {
    const client = logsClient();
    const fn = uniqueName('export-fn');
    const group = `/aws/lambda/${fn}`;
    const stream = '2026/10/01/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9';
    await createGroup(client, group, [stream]);
    await putEvents(
      client,
      group,
      stream,
      lines.map((message, i) => ({ timestamp: T0 + i * 1000, message })),
    );
    const bucket = uniqueName('exports').toLowerCase();
    await s3('PUT', `/${bucket}`);
    const { taskId } = await client.send(
      new CreateExportTaskCommand({
        logGroupName: group,
        from: T0 - 1000,
        to: T0 + 60_000,
        destination: bucket,
        destinationPrefix: 'exportedlogs',
      }),
    );
    const task = await client.send(new DescribeExportTasksCommand({ taskId }));
    expect(task.exportTasks?.[0]?.status?.code).toBe('COMPLETED');
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-export-'));
    const objects = await download(bucket, 'exportedlogs/', dir);
    expect(objects.every((p) => p.endsWith('000000.gz'))).toBe(true);
    expect(objects).toHaveLength(1);

    const run = runCli(['logs', dir, '--function-name', fn, '--output', 'ndjson'], FAKE_AWS);
    expect(run.stderr).not.toMatch(/warning|belong to no invocation/);
    expect(run.code).toBe(0);
    const [inv, ...rest] = ndjson(run.stdout);
    expect(rest).toEqual([]);
    expect(inv).toMatchObject({
      requestId: ID,
      functionName: fn,
      status: 'success',
      coldStart: true,
      durationMs: 1203.55,
      billedDurationMs: 1431,
      memorySizeMB: 512,
      maxMemoryUsedMB: 88,
      initDurationMs: 226.71,
      runtimeVersion: 'nodejs:20.v44',
      // moto names an export's folder after the stream with its slashes made dashes (AWS keeps them).
      logStream: stream.replace(/\//g, '-'),
    });
    const kept = ((inv?.lines ?? []) as { message: string }[]).map((l) => l.message);
    expect(kept).toHaveLength(5);
    expect(kept[2]).toBe(`${iso(T0 + 2000)}\t${ID}\tINFO\tcharging order {\n  "orderId": "ord_98721"\n}`);
    expect(inv?.start).toBe(iso(T0));
  });

  it('reads a Firehose delivery stream’s objects: gzip payloads of a subscription, back to back', async () => {
    const client = logsClient();
    const fn = uniqueName('firehose-fn');
    const group = `/aws/lambda/${fn}`;
    const stream = '2026/10/01/[$LATEST]f0e1d2c3b4a5968778695a4b3c2d1e0f';
    await createGroup(client, group, [stream]);
    const bucket = uniqueName('delivery').toLowerCase();
    await s3('PUT', `/${bucket}`);
    const name = uniqueName('to-s3');
    const created = (await firehose('CreateDeliveryStream', {
      DeliveryStreamName: name,
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: {
        RoleARN: 'arn:aws:iam::123456789012:role/firehose',
        BucketARN: `arn:aws:s3:::${bucket}`,
        Prefix: 'cwl/',
      },
    })) as { DeliveryStreamARN: string };
    await client.send(
      new PutSubscriptionFilterCommand({
        logGroupName: group,
        filterName: 'to-firehose',
        filterPattern: '',
        destinationArn: created.DeliveryStreamARN,
        roleArn: 'arn:aws:iam::123456789012:role/cwl-to-firehose',
      }),
    );
    // CloudWatch hands each batch to Firehose as it arrives: one object a batch here.
    await putEvents(
      client,
      group,
      stream,
      lines.map((message, i) => ({ timestamp: T0 + i * 1000, message })),
    );
    // Records put in one batch land in one object, gzip members back to back.
    const second = '9c1a99a2-3203-4f2a-8e2c-44b8bab05b61';
    const payload = (id: string, at: number) => ({
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: group,
      logStream: stream,
      subscriptionFilters: ['to-firehose'],
      logEvents: [
        { id: `${id}-s`, timestamp: at, message: `START RequestId: ${id} Version: $LATEST\n` },
        {
          id: `${id}-r`,
          timestamp: at + 5,
          message: `REPORT RequestId: ${id}\tDuration: 4.17 ms\tBilled Duration: 5 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\t\n`,
        },
      ],
    });
    await firehose('PutRecordBatch', {
      DeliveryStreamName: name,
      Records: [
        payload(second, T0 + 60_000),
        payload('1d3c6f0e-7a2b-4e59-9b8d-2f4a6c8e0b1d', T0 + 61_000),
      ].map((p) => ({ Data: gzipSync(JSON.stringify(p)).toString('base64') })),
    });
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-firehose-'));
    const objects = await download(bucket, 'cwl/', dir);
    expect(objects).toHaveLength(2);

    const run = runCli(['logs', dir, '--output', 'ndjson'], FAKE_AWS);
    expect(run.stderr).not.toMatch(/warning|belong to no invocation/);
    expect(run.code).toBe(0);
    const invocations = ndjson(run.stdout);
    expect(
      invocations
        .map((i) => [i.requestId, i.functionName, i.logGroup, i.logStream, i.billedDurationMs])
        .sort(),
    ).toEqual(
      [
        [ID, fn, group, stream, 1431],
        [second, fn, group, stream, 5],
        ['1d3c6f0e-7a2b-4e59-9b8d-2f4a6c8e0b1d', fn, group, stream, 5],
      ].sort(),
    );
    const first = invocations.find((i) => i.requestId === ID);
    expect(first?.accountId).toBe('123456789012');
    const kept = (first?.lines ?? []) as { eventId?: string }[];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.filter((l) => typeof l.eventId !== 'string')).toEqual([]);
  });
});
