/**
 * Every stop says why, within its time, and never with a secret in it: answers that are
 * not Elasticsearch's are quoted, a self-signed certificate is named (and not retried), an hour-long
 * Retry-After is cut and announced, credentials echoed by a server never reach a message,
 * and the Lambda handler's dead-letter write, secret read and engine check fit in the time
 * it has left.
 * The misbehaviour comes from the fault proxy (and a TLS server with a self-signed
 * certificate) in front of the real Elasticsearch.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonLogger } from '../../collectors/kernel/index.ts';
import { documentsFromEvents } from '../../shippers/assemble.ts';
import {
  createElasticsearchShipper,
  type ElasticsearchShipperConfig,
} from '../../shippers/elasticsearch/shipper.ts';
import { createSubscriptionHandler, ShipIncompleteError } from '../../shippers/lambda/handler.ts';
import { createLambdaEntry } from '../../shippers/lambda/index.ts';
import type { ShipDocument, ShipEvent } from '../../shippers/types.ts';
import { awsClientConfig, awsEndpointUrl, uniqueName } from '../services/clients.ts';
import { count, useShipperEs } from '../support/shipper-es.ts';
import { fixtureEvents, fixtureStreams, subscriptionEvent } from '../support/shipper-fixtures.ts';

async function documents(copies = 4): Promise<ShipDocument[]> {
  const out: ShipDocument[] = [];
  for await (const d of documentsFromEvents(fixtureEvents(copies))) out.push(d);
  return out;
}

const fast = { initialMs: 10, maxMs: 40, maxAttempts: 3 };
const tls = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));
const PASSWORD = 'correct horse battery staple';

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return String((server.address() as AddressInfo).port);
}

describe('every stop says why (real Elasticsearch behind a fault proxy)', () => {
  const es = useShipperEs();
  const servers: Server[] = [];
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections?.();
      s.close();
    }
  });
  function shipper(prefix: string, extra: Partial<ElasticsearchShipperConfig> = {}) {
    return createElasticsearchShipper({
      connection: { node: es.proxy.url, engine: 'elasticsearch' },
      indexPrefix: prefix,
      backoff: fast,
      ...extra,
    });
  }

  it('gives up on a maintenance page with the page quoted, and goes on once the cluster is back', async () => {
    const prefix = await es.fresh('maintenance');
    let pages = 0;
    es.proxy.intercept((req) => {
      if (!req.path.startsWith('/_bulk') || pages++ >= 3) return null;
      return {
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: '<html><h1>Down for maintenance</h1></html>',
      };
    });
    try {
      const docs = await documents();
      const first = await shipper(prefix, { concurrency: 1 }).ship(docs);
      expect(first).toMatchObject({
        kind: 'incomplete',
        reason: {
          kind: 'retries-exhausted',
          message:
            'gave up after 3 attempts; last cause: an answer that is not from Elasticsearch (a proxy or maintenance page?): HTTP 200 (text/html) with "<html><h1>Down for maintenance</h1></html>"',
        },
      });
      const again = await shipper(prefix).ship(docs);
      expect(again.kind).toBe('complete');
      expect(await count(es.client, `${prefix}-logs`)).toBe(4 * 26);
    } finally {
      es.proxy.intercept(null);
    }
  });

  it('keeps a live source waiting past the attempts a file gets, until the cluster is back or the run is stopped', async () => {
    const prefix = await es.fresh('live-outage');
    let pages = 0;
    // Twice the attempts a file's batch gets before it is given up.
    es.proxy.intercept((req) => {
      if (!req.path.startsWith('/_bulk') || pages++ >= 2 * fast.maxAttempts) return null;
      return { status: 503, headers: { 'content-type': 'application/json' }, body: '{"error":"down"}' };
    });
    try {
      const docs = await documents();
      const back = await shipper(prefix, { concurrency: 1 }).ship(docs, { live: true });
      expect(back.kind).toBe('complete');
      expect(back.counters.pending).toBe(0);
      expect(pages).toBe(2 * fast.maxAttempts + 1);
      expect(await count(es.client, `${prefix}-logs`)).toBe(4 * 26);

      // Down for good: the run waits until it is stopped, and says what is left.
      es.proxy.intercept((req) =>
        req.path.startsWith('/_bulk') ? { status: 503, headers: {}, body: 'down' } : null,
      );
      const stop = new AbortController();
      const stopped = Date.now();
      setTimeout(() => stop.abort(new Error('stopped by SIGINT')), 1_000);
      const waited = await shipper(`${prefix}-2`, { concurrency: 1 }).ship(docs, {
        live: true,
        signal: stop.signal,
      });
      expect(Date.now() - stopped).toBeLessThan(3_000);
      expect(waited).toMatchObject({
        kind: 'incomplete',
        reason: { kind: 'stopped', retryable: true },
      });
      expect(waited.counters.pending).toBe(docs.length);
      expect(waited.counters.indexed).toBe(0);
    } finally {
      es.proxy.intercept(null);
    }
  });

  it('waits a capped time when asked to retry after an hour, and says so', async () => {
    const prefix = await es.fresh('retry-after');
    es.proxy.failRequests(503, 1, '/_bulk', { 'retry-after': '3600' });
    const events: ShipEvent[] = [];
    const started = Date.now();
    const result = await shipper(prefix, { maxRetryAfterMs: 500, concurrency: 1 }).ship(await documents(1), {
      onEvent: (e) => events.push(e),
    });
    expect(result.kind).toBe('complete');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(events[0]).toMatchObject({
      kind: 'retry',
      delayMs: 500,
      retryAfterCappedFromMs: 3_600_000,
      cause: 'HTTP 503 injected: fault proxy answered 503',
    });
  });

  it('stops at once on an untrusted certificate, naming it, and ships once its CA is given', async () => {
    const prefix = await es.fresh('tls');
    // A TLS front with a self-signed certificate, passing requests on to the real server.
    const target = new URL(es.proxy.url);
    const front = createHttpsServer(
      { cert: tls('self-signed-cert.pem'), key: tls('self-signed-key.pem') },
      (req, res) => {
        const up = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        up.on('error', () => res.destroy());
        req.pipe(up);
      },
    );
    servers.push(front);
    const url = `https://127.0.0.1:${await listen(front)}`;
    // The default backoff: a certificate failure is not transient, so none of its retries happen.
    const events: ShipEvent[] = [];
    const started = Date.now();
    const refused = await createElasticsearchShipper({
      connection: { node: url, engine: 'elasticsearch' },
      indexPrefix: prefix,
    }).ship(await documents(1), { onEvent: (e) => events.push(e) });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(events.filter((e) => e.kind === 'retry')).toEqual([]);
    expect(refused).toMatchObject({
      kind: 'incomplete',
      counters: { retried: 0 },
      reason: {
        kind: 'refused',
        retryable: false,
        message: expect.stringMatching(
          /^cannot connect to https:\/\/127\.0\.0\.1:\d+: connection failed: .*self[- ]signed certificate.*\(the server certificate is not trusted: pass --ca-file <pem> with its CA, or --insecure for a test cluster\)$/,
        ),
      },
    });
    const trusted = await createElasticsearchShipper({
      connection: {
        node: url,
        caFile: new URL('../fixtures/tls/self-signed-cert.pem', import.meta.url).pathname,
      },
      indexPrefix: prefix,
      backoff: fast,
    }).ship(await documents(1));
    expect(trusted.kind).toBe('complete');
  });

  it('never lets credentials a server echoes back reach a message, in any form', async () => {
    const prefix = await es.fresh('echo');
    const basic = Buffer.from(`elastic:${PASSWORD}`).toString('base64');
    // A broken proxy that quotes the request's headers in its error page.
    es.proxy.intercept((req) => ({
      status: req.path.startsWith('/_bulk') ? 502 : 404,
      headers: { 'content-type': 'text/plain' },
      body: `bad gateway; request was: authorization: ${req.headers.authorization}; user elastic:${PASSWORD}`,
    }));
    try {
      const url = new URL(es.proxy.url);
      url.username = 'elastic';
      url.password = encodeURIComponent(PASSWORD);
      const logged: string[] = [];
      const s = createElasticsearchShipper(
        { connection: { node: url.toString(), engine: 'elasticsearch' }, indexPrefix: prefix, backoff: fast },
        { logger: jsonLogger((l) => logged.push(l)) },
      );
      const events: ShipEvent[] = [];
      const result = await s.ship(await documents(1), { onEvent: (e) => events.push(e) });
      expect(result.kind).toBe('incomplete');
      const said = [JSON.stringify(result), JSON.stringify(events), ...logged].join('\n');
      expect(said).toContain('request was: authorization: Basic ***; user ***');
      for (const secret of [basic, PASSWORD, encodeURIComponent(PASSWORD)])
        expect(said).not.toContain(secret);
    } finally {
      es.proxy.intercept(null);
    }
  });

  it('writes dead letters within the time the Lambda has left, not the full request timeout', async () => {
    const prefix = await es.fresh('dl-deadline');
    // The documents go through; their dead letters hang.
    es.proxy.intercept((req) =>
      req.body.includes(`"${prefix}-dead-letter"`) ? { status: 200, hang: true } : null,
    );
    try {
      const handle = createSubscriptionHandler({
        shipper: createElasticsearchShipper({
          connection: { node: es.proxy.url, engine: 'elasticsearch' },
          indexPrefix: prefix,
          requestTimeoutMs: 20_000,
        }),
        marginMs: 500,
        writeLine: () => {},
      });
      const stream = fixtureStreams(1)[0]!;
      const started = Date.now();
      const remaining = 6_000;
      const end = started + remaining;
      // A line the cluster refuses for good: a dead letter, whose write is the request that hangs.
      const refused = { ...stream[1]!, eventId: '7'.repeat(56), message: 'a line the cluster refuses' };
      es.proxy.rewriteItems((item, source) => {
        if (!source.includes(refused.message)) return;
        item.status = 400;
        item.error = { type: 'document_parsing_exception', reason: 'refused by the test' };
      });
      const err = await handle(subscriptionEvent([...stream, refused]), {
        getRemainingTimeInMillis: () => end - Date.now(),
      }).catch((e: unknown) => e);
      const took = Date.now() - started;
      expect(err).toBeInstanceOf(ShipIncompleteError);
      expect((err as Error).message).toMatch(
        /^1 of \d+ documents .* were not delivered \(unavailable: dead-letter index .*no answer within \d+ ms/,
      );
      expect(took).toBeLessThan(remaining);
    } finally {
      es.proxy.intercept(null);
      es.proxy.rewriteItems(null);
      es.proxy.release();
    }
  });

  it('reads the credentials from Secrets Manager (moto) on the first invocation and ships', async () => {
    // Set up monthly, as the function ships it (INDEX_PERIOD is checked against what is there).
    const prefix = await es.fresh('secret', 'monthly');
    const secrets = new SecretsManagerClient(awsClientConfig());
    const made = await secrets.send(
      new CreateSecretCommand({
        Name: uniqueName('es-creds'),
        SecretString: JSON.stringify({ url: es.proxy.url, apiKey: 'aWQ6a2V5' }),
      }),
    );
    const entry = createLambdaEntry({
      ES_SECRET_ARN: made.ARN,
      INDEX_PREFIX: prefix,
      INDEX_PERIOD: 'monthly',
      AWS_ENDPOINT_URL: awsEndpointUrl(),
    });
    const result = await entry(subscriptionEvent(fixtureStreams(1)[0]!), {
      getRemainingTimeInMillis: () => 10_000,
    });
    expect(result).toMatchObject({ kind: 'shipped', metrics: { indexed: 6, pending: 0 } });
    expect(await count(es.client, `${prefix}-logs-2014.11`)).toBe(0);
    expect(await count(es.client, `${prefix}-logs-2026.01`)).toBe(5);
  });

  it('reads the credentials secret within the time left, and says so when it cannot', async () => {
    // Secrets Manager that never answers.
    const silent = createHttpServer(() => {});
    servers.push(silent);
    const endpoint = `http://127.0.0.1:${await listen(silent)}`;
    const entry = createLambdaEntry({
      ES_URL: es.proxy.url,
      ES_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:es-creds',
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      DEADLINE_MARGIN_MS: '500',
    });
    const started = Date.now();
    const end = started + 2_500;
    const err = await entry(subscriptionEvent(fixtureStreams(1)[0]!), {
      getRemainingTimeInMillis: () => end - Date.now(),
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect((err as Error).message).toMatch(
      /^reading the Elasticsearch credentials did not finish within the time left/,
    );
  });

  it('asks which engine it is within the time the Lambda has left, not a fixed 15 s', async () => {
    // A cluster that takes every request and never answers, not even `GET /`.
    const silent = createHttpServer(() => {});
    servers.push(silent);
    const entry = createLambdaEntry({
      ES_URL: `http://127.0.0.1:${await listen(silent)}`,
      DEADLINE_MARGIN_MS: '1000',
    });
    const started = Date.now();
    const end = started + 8_000;
    const err = await entry(subscriptionEvent(fixtureStreams(1)[0]!), {
      getRemainingTimeInMillis: () => end - Date.now(),
    }).catch((e: unknown) => e);
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(ShipIncompleteError);
    expect((err as Error).message).toMatch(
      /^6 of 6 documents .* were not delivered \(deadline: deadline reached .*last cause: cannot connect: request timed out\)/,
    );
    // Stopped by the margin, as with TARGET_ENGINE set: not after the engine check's own 15 s.
    expect(took).toBeGreaterThanOrEqual(6_500);
    expect(took).toBeLessThan(7_500);
  });

  it('takes no engine from a proxy page answering GET /, and learns it once the cluster answers', async () => {
    const prefix = await es.fresh('root-page');
    es.proxy.intercept((req) =>
      req.method === 'GET' && req.path === '/'
        ? { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' }
        : null,
    );
    const entry = createLambdaEntry({
      ES_URL: es.proxy.url,
      INDEX_PREFIX: prefix,
      DEADLINE_MARGIN_MS: '500',
    });
    const events = fixtureStreams(1)[0]!;
    try {
      const end = Date.now() + 2_000;
      const err = await entry(subscriptionEvent(events), {
        getRemainingTimeInMillis: () => end - Date.now(),
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ShipIncompleteError);
      expect((err as Error).message).toContain(
        'cannot connect: the answer to GET / is not from Elasticsearch or OpenSearch (a proxy or maintenance page?): HTTP 200 with "<html>Bad gateway</html>"',
      );
    } finally {
      es.proxy.intercept(null);
    }
    // The same warm container asks again, and ships to Elasticsearch.
    const result = await entry(subscriptionEvent(events), { getRemainingTimeInMillis: () => 10_000 });
    expect(result).toMatchObject({ kind: 'shipped', metrics: { indexed: 6, pending: 0 } });
    expect(await count(es.client, `${prefix}-logs`)).toBe(5);
  });

  it('warns once per batch about dead letters, however many there are', async () => {
    const prefix = await es.fresh('dl-once');
    const logged: string[] = [];
    const handle = createSubscriptionHandler({
      shipper: createElasticsearchShipper(
        { connection: { node: es.proxy.url, engine: 'elasticsearch' }, indexPrefix: prefix },
        { logger: jsonLogger((l) => logged.push(l)) },
      ),
      writeLine: () => {},
    });
    // The templates take any application JSON, so the refusals are the proxy's: 82 mapping errors.
    es.proxy.rewriteItems((item, source) => {
      if (!source.includes('refuse-me') || source.includes('"dead_letter"')) return;
      item.status = 400;
      item.error = {
        type: 'document_parsing_exception',
        reason: '[1:15] failed to parse field [n] of type [long]',
      };
    });
    try {
      const base = fixtureStreams(1)[0]![1]!;
      const events = Array.from({ length: 82 }, (_, i) => ({
        ...base,
        eventId: `${i}`.padStart(56, '8'),
        timestamp: base.timestamp + i,
        message: JSON.stringify({ level: 'INFO', message: 'refuse-me', n: i }),
      }));
      const result = await handle(subscriptionEvent(events), { getRemainingTimeInMillis: () => 20_000 });
      expect(result).toMatchObject({ kind: 'shipped', metrics: { deadLettered: 82, pending: 0 } });
    } finally {
      es.proxy.rewriteItems(null);
    }
    const warnings = logged.map((l) => JSON.parse(l)).filter((l) => l.message === 'dead-lettered');
    expect(warnings).toEqual([
      expect.objectContaining({ level: 'warn', count: 82, byType: { document_parsing_exception: 82 } }),
    ]);
  });
});
