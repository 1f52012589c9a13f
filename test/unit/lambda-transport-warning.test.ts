/**
 * The deployed shipper says in its own log, once per container, when its settings leave the
 * certificate unchecked. Nothing listens on the port: the warning comes before any request.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLambdaEntry } from '../../shippers/lambda/index.ts';
import { fixtureStreams, subscriptionEvent } from '../support/shipper-fixtures.ts';

const contextWith = (ms: number) => {
  const end = Date.now() + ms;
  return { getRemainingTimeInMillis: () => end - Date.now() };
};

describe('the Lambda entry', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs an unchecked certificate once per container, as a JSON warning', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const entry = createLambdaEntry({
      ES_URL: 'https://127.0.0.1:1',
      ES_TLS_VERIFY: 'false',
      DEADLINE_MARGIN_MS: '100',
    });
    const [event] = fixtureStreams(1).map((s) => subscriptionEvent(s));
    await entry(event!, contextWith(1_500)).catch(() => undefined);
    await entry(event!, contextWith(1_500)).catch(() => undefined);
    const warnings = written.filter((l) => l.includes('not verified'));
    expect(warnings).toEqual([
      `${JSON.stringify({
        level: 'warn',
        message:
          'TLS certificates of 127.0.0.1:1 are not verified (--insecure or ES_TLS_VERIFY=false): anyone on the path can read and change what is sent, credentials included',
      })}\n`,
    ]);
  });
});
