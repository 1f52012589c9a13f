/**
 * Copies made with the tools lambdalens users come from, read by the real CLI: `awslogs`
 * (a Lambda group, the stream, `--timestamp`; `-G` leaves the group out), `saw --pretty`,
 * copies kept with their terminal colour, and Python runtime lines copied on their own (a
 * file that starts with `[INFO]` is text, not a JSON array). Each is written from the example
 * month's JSON as the tool prints it, and must give the JSON's invocations, less what the
 * form does not carry.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { EXAMPLE_LOGS, invocationShapes, isoMs, writeCopies, writeText } from '../support/example-copies.ts';

const FUNCTION = ['orders-api'];
const fromJson = runCli(['logs', join(EXAMPLE_LOGS, 'orders-api.json'), '-o', 'ndjson'], {});

function read(files: string[]) {
  const r = runCli(['logs', ...files, '-o', 'ndjson'], {});
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('copies made with other tools', () => {
  it('the JSON is the baseline: every invocation of orders-api', () => {
    expect(fromJson.code).toBe(0);
    expect(fromJson.stdout.trim().split('\n')).toHaveLength(745);
  });

  it('awslogs get GROUP ALL: the group names the function, the stream is kept', () => {
    // Padded as awslogs pads its columns; the file's name is not the function's.
    const files = writeCopies(
      'awslogs',
      (list) =>
        list.map((e) => `/aws/lambda/orders-api  ${e.logStreamName} ${e.message.trimEnd()}`).join('\n'),
      FUNCTION,
      () => 'copied-from-awslogs.txt',
    );
    // No times: invocations are placed by the times their lines state.
    expect(invocationShapes(read(files), { group: true, times: true })).toEqual(
      invocationShapes(fromJson.stdout, { group: true, times: true }),
    );
  });

  it('awslogs --timestamp: times to the millisecond too, so everything but the group matches', () => {
    const files = writeCopies(
      'awslogs-timestamp',
      (list) =>
        list
          .map(
            (e) => `/aws/lambda/orders-api ${e.logStreamName} ${isoMs(e.timestamp)} ${e.message.trimEnd()}`,
          )
          .join('\n'),
      FUNCTION,
    );
    const out = read(files);
    expect(invocationShapes(out, { group: true })).toEqual(
      invocationShapes(fromJson.stdout, { group: true }),
    );
    expect(JSON.parse(out.split('\n')[0] as string).logGroup).toBe('/aws/lambda/orders-api');
  });

  it('awslogs -G (stream and message): a message’s own time stays in it', () => {
    const files = writeCopies(
      'awslogs-no-group',
      (list) => list.map((e) => `${e.logStreamName} ${e.message.trimEnd()}`).join('\n'),
      FUNCTION,
    );
    expect(invocationShapes(read(files), { times: true })).toEqual(
      invocationShapes(fromJson.stdout, { times: true }),
    );
  });

  it('saw get --pretty: times to the second, streams kept', () => {
    const files = writeCopies(
      'saw',
      (list) =>
        list
          .map(
            (e) =>
              `[${isoMs(e.timestamp).replace(/\.\d{3}Z$/, 'Z')}] (${e.logStreamName}) ${e.message.trimEnd()}`,
          )
          .join('\n'),
      FUNCTION,
    );
    const out = read(files);
    expect(invocationShapes(out, { times: true })).toEqual(
      invocationShapes(fromJson.stdout, { times: true }),
    );
    // Each line is placed at the second its prefix gives.
    const first = JSON.parse(out.split('\n')[0] as string) as { lines: { timestamp: string }[] };
    expect(first.lines.every((l) => l.timestamp.endsWith('.000Z'))).toBe(true);
  });

  it('kept with their terminal colour (aws logs tail --color on, awslogs): the same as without', () => {
    // colorama and termcolor colour a field as ESC [ <colour> m, then reset it with ESC [ 0 m.
    const paint = (colour: number, text: string) => `\x1b[${colour}m${text}\x1b[0m`;
    const tail = writeCopies(
      'aws-logs-tail-colour',
      (list) =>
        list
          .map((e) => {
            const iso = `${isoMs(e.timestamp).slice(0, -1)}000+00:00`;
            return `${paint(32, iso)} ${paint(36, e.logStreamName)} ${e.message.trimEnd()}`;
          })
          .join('\n'),
      FUNCTION,
    );
    expect(invocationShapes(read(tail))).toEqual(invocationShapes(fromJson.stdout));
    const awslogs = writeCopies(
      'awslogs-colour',
      (list) =>
        list
          .map(
            (e) =>
              `${paint(32, '/aws/lambda/orders-api')} ${paint(36, e.logStreamName)} ${e.message.trimEnd()}`,
          )
          .join('\n'),
      FUNCTION,
    );
    expect(invocationShapes(read(awslogs), { group: true, times: true })).toEqual(
      invocationShapes(fromJson.stdout, { group: true, times: true }),
    );
  });

  it('Python runtime lines on their own (grep for [ERROR]): text, not a broken JSON array', () => {
    const file = writeText(
      'payments.log',
      [
        '[ERROR]\t2026-10-01T11:31:55.845Z\t2b1c8f1e-4a8b-4d52-9d0e-1f0c3c5a7b21\tpayment declined',
        'START RequestId: 2b1c8f1e-4a8b-4d52-9d0e-1f0c3c5a7b21 Version: $LATEST',
        '[INFO]\t2026-10-01T11:31:55.900Z\t2b1c8f1e-4a8b-4d52-9d0e-1f0c3c5a7b21\tretrying',
        'END RequestId: 2b1c8f1e-4a8b-4d52-9d0e-1f0c3c5a7b21',
        'REPORT RequestId: 2b1c8f1e-4a8b-4d52-9d0e-1f0c3c5a7b21\tDuration: 61.20 ms\tBilled Duration: 62 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\t',
      ].join('\n'),
    );
    const printed = read([file]).trim().split('\n');
    expect(printed).toHaveLength(1);
    const inv = JSON.parse(printed[0] as string) as {
      functionName: string;
      status: string;
      lines: unknown[];
    };
    expect([inv.functionName, inv.status, inv.lines.length]).toEqual(['payments', 'success', 5]);
  });
});
