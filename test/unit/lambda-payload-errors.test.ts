/**
 * What the Lambda handler says of an `awslogs.data` it cannot decode: the step that failed,
 * base64, gzip or JSON, so that the message points at what is wrong with the payload. The
 * shipper is a real one whose cluster is never reached: nothing here gets that far.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createElasticsearchShipper } from '../../shippers/elasticsearch/shipper.ts';
import { BadPayloadError, createSubscriptionHandler } from '../../shippers/lambda/handler.ts';

const handle = createSubscriptionHandler({
  shipper: createElasticsearchShipper({
    connection: { node: 'http://127.0.0.1:9', engine: 'elasticsearch' },
    indexPrefix: 'never-written',
  }),
  writeLine: () => {},
});

async function refusal(data: string): Promise<unknown> {
  return handle({ awslogs: { data } }, { getRemainingTimeInMillis: () => 10_000 }).catch((e: unknown) => e);
}

/** What JSON.parse says of a text, for the message that quotes it. */
function parseError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${text} parses`);
}

describe('an awslogs.data the handler cannot decode', () => {
  it.each([
    ['', 'awslogs.data is empty'],
    ['not base64!', 'awslogs.data is not base64 (it holds characters outside A-Z a-z 0-9 + / =)'],
    // Valid base64 of "hello", short as it is: what it lacks is gzip.
    ['aGVsbG8=', 'awslogs.data is not valid gzip: incorrect header check'],
    [
      gzipSync('{"messageType":').toString('base64'),
      `subscription payload is not valid JSON: ${parseError('{"messageType":')}`,
    ],
  ])('%j: names the step that failed', async (data, reason) => {
    const err = await refusal(data);
    expect(err).toBeInstanceOf(BadPayloadError);
    expect((err as Error).message).toBe(`cannot decode event.awslogs.data: ${reason}`);
  });
});
