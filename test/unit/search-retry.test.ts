/**
 * A read from a busy cluster is tried again, each retry told before its wait; a refusal no
 * retry can fix, and the last try, end it with the engine's error.
 */
import { describe, expect, it } from 'vitest';
import { type SearchClient, SearchRequestError } from '../../shippers/elasticsearch/search-client.ts';
import { requestWithRetries, type SearchRetry } from '../../shippers/elasticsearch/search-retry.ts';

/** A client that fails with `failures` in turn, then answers. */
function clientFailing(failures: SearchRequestError[]): SearchClient & { calls: number } {
  const client = {
    identity: { engine: 'elasticsearch' as const, version: null, serverless: false },
    display: 'http://cluster:9200',
    secrets: [],
    calls: 0,
    async request<T>() {
      const failure = failures[client.calls++];
      if (failure) throw failure;
      return { statusCode: 200, body: { ok: true } as T, headers: {} };
    },
    async close() {},
  };
  return client;
}

const busy = () => new SearchRequestError('response', 'HTTP 429: busy', { status: 429 });
const policy = { initialMs: 100, maxMs: 1_000, maxAttempts: 3 };

async function run(failures: SearchRequestError[]) {
  const client = clientFailing(failures);
  const retries: Omit<SearchRetry, 'error'>[] = [];
  const waits: number[] = [];
  const result = await requestWithRetries(
    client,
    { method: 'POST', path: '/i/_search', body: {} },
    {
      policy,
      random: () => 0,
      sleep: async (ms) => {
        waits.push(ms);
      },
      onRetry: ({ error: _, ...retry }) => retries.push(retry),
    },
  ).then(
    (r) => r.body,
    (err: Error) => err,
  );
  return { result, retries, waits, calls: client.calls };
}

describe('a search request tried again while the cluster is busy', () => {
  it('answers after two refusals, having said each retry and waited its backoff', async () => {
    const { result, retries, waits, calls } = await run([busy(), busy()]);
    expect(result).toEqual({ ok: true });
    expect(retries).toEqual([
      { attempt: 1, maxAttempts: 3, delayMs: 50 },
      { attempt: 2, maxAttempts: 3, delayMs: 100 },
    ]);
    expect(waits).toEqual([50, 100]);
    expect(calls).toBe(3);
  });

  it('gives up after the last try with its error', async () => {
    const last = busy();
    const { result, retries, calls } = await run([busy(), busy(), last]);
    expect(result).toBe(last);
    expect(retries).toHaveLength(2);
    expect(calls).toBe(3);
  });

  it('waits out a dropped connection and a gateway timeout too', async () => {
    const { result, calls } = await run([
      new SearchRequestError('connection', 'connection failed: ECONNRESET'),
      new SearchRequestError('response', 'HTTP 504: gateway timeout', { status: 504 }),
    ]);
    expect([result, calls]).toEqual([{ ok: true }, 3]);
  });

  it('ends at once on an answer a wait rarely mends: a refusal, a fault, a proxy page', async () => {
    for (const status of [403, 500, 502]) {
      const answer = new SearchRequestError('response', `HTTP ${status}`, { status });
      const { result, retries, calls } = await run([answer]);
      expect([result, retries, calls]).toEqual([answer, [], 1]);
    }
  });
});
