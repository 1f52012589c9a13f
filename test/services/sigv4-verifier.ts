/**
 * The receiving side of AWS Signature Version 4, written from the AWS specification
 * ("Create a signed AWS API request") and independent of the SDK signer it checks: it
 * rebuilds the canonical request from what arrived on the wire, so a header changed after
 * signing, a re-encoded path or a body compressed after signing all fail as they would at
 * AWS. The AWS SigV4 test-suite vectors check this verifier itself (test/unit/sigv4.test.ts).
 *
 * `startSigV4Endpoint` puts it in front of a real OpenSearch: requests whose signature holds
 * are forwarded, others get AWS's 403. As an `aoss` endpoint it can also refuse what a
 * time-series collection refuses (document IDs), as AWS does, per bulk item.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface Secret {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface WireRequest {
  method: string;
  /** Path and query exactly as on the request line. */
  target: string;
  /** Lower-case names; repeated headers as arrays, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type Verdict =
  | { ok: true; accessKeyId: string; signedHeaders: string[] }
  | { ok: false; reason: string };

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 unreserved characters stay; everything else is %XX in upper case. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalUri(rawPath: string): string {
  // Non-S3 services: each segment as received is encoded once more.
  return rawPath
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  const pairs = rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const key = at < 0 ? pair : pair.slice(0, at);
      const value = at < 0 ? '' : pair.slice(at + 1);
      return [uriEncode(decodeURIComponent(key)), uriEncode(decodeURIComponent(value))] as const;
    });
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValue(value: string | string[] | undefined): string {
  const values = Array.isArray(value) ? value : [value ?? ''];
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

/** Checks one request against the secrets it may be signed with, for one region and service. */
export function verifySigV4(
  req: WireRequest,
  expect: { region: string; service: string; secrets: Secret[]; now?: Date; maxSkewMs?: number },
): Verdict {
  const auth = headerValue(req.headers.authorization);
  const parsed =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!parsed) return { ok: false, reason: 'missing or malformed Authorization header' };
  const [, accessKeyId, day, region, service, signedList, signature] = parsed as unknown as string[];
  const secret = expect.secrets.find((s) => s.accessKeyId === accessKeyId);
  if (!secret) return { ok: false, reason: `unknown access key ${accessKeyId}` };
  if (region !== expect.region)
    return { ok: false, reason: `signed for region ${region}, not ${expect.region}` };
  if (service !== expect.service)
    return { ok: false, reason: `signed for service ${service}, not ${expect.service}` };
  const amzDate = headerValue(req.headers['x-amz-date']);
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== day) {
    return { ok: false, reason: 'x-amz-date is missing or does not match the credential scope' };
  }
  if (expect.now) {
    const at = Date.parse(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    if (Math.abs(at - expect.now.getTime()) > (expect.maxSkewMs ?? 300_000)) {
      return { ok: false, reason: 'request time too skewed' };
    }
  }
  const signedHeaders = (signedList as string).split(';');
  for (const required of ['host', 'x-amz-date']) {
    if (!signedHeaders.includes(required)) return { ok: false, reason: `${required} is not signed` };
  }
  if (secret.sessionToken !== undefined) {
    if (headerValue(req.headers['x-amz-security-token']) !== secret.sessionToken) {
      return { ok: false, reason: 'x-amz-security-token missing or wrong' };
    }
  }
  const bodyHash = sha256(req.body);
  const declared = req.headers['x-amz-content-sha256'];
  if (declared !== undefined && headerValue(declared) !== bodyHash) {
    return { ok: false, reason: 'x-amz-content-sha256 does not match the body' };
  }
  const queryAt = req.target.indexOf('?');
  const rawPath = queryAt < 0 ? req.target : req.target.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? '' : req.target.slice(queryAt + 1);
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri(rawPath),
    canonicalQuery(rawQuery),
    ...signedHeaders.map((name) => `${name}:${headerValue(req.headers[name])}`),
    '',
    signedList,
    bodyHash,
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${secret.secretAccessKey}`, day as string);
  for (const part of [region as string, service as string, 'aws4_request']) key = hmac(key, part);
  const expected = hmac(key, stringToSign);
  const given = Buffer.from(signature as string, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true, accessKeyId: accessKeyId as string, signedHeaders };
}

export interface SigV4Endpoint {
  url: string;
  readonly accepted: number;
  readonly refused: { reason: string; target: string }[];
  /** Bulk action lines seen, as parsed JSON (for request-level assertions). */
  readonly bulkActions: Record<string, { _index?: string; _id?: string }>[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * A verifying endpoint in front of `upstream`. `timeSeries` makes it answer bulk items that
 * carry an `_id` the way a Serverless time-series collection does (400 per item).
 */
export async function startSigV4Endpoint(options: {
  upstream: string;
  region: string;
  service: 'es' | 'aoss';
  secrets: Secret[];
  timeSeries?: boolean;
}): Promise<SigV4Endpoint> {
  const target = new URL(options.upstream);
  const refused: { reason: string; target: string }[] = [];
  const bulkActions: Record<string, { _index?: string; _id?: string }>[] = [];
  let accepted = 0;
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const verdict = verifySigV4(
      { method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headers, body },
      { region: options.region, service: options.service, secrets: options.secrets, now: new Date() },
    );
    if (!verdict.ok) {
      refused.push({ reason: verdict.reason, target: req.url ?? '/' });
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ message: `The request signature we calculated does not match: ${verdict.reason}` }),
      );
      return;
    }
    accepted++;
    const isBulk = req.method === 'POST' && /(^|\/)_bulk(\?|$)/.test(req.url ?? '');
    const actions: Record<string, { _index?: string; _id?: string }>[] = [];
    const plain = isBulk && req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
    if (isBulk) {
      const lines = plain.toString('utf8').split('\n').filter(Boolean);
      for (let i = 0; i < lines.length; i += 2) {
        const action = JSON.parse(lines[i] as string) as Record<string, { _index?: string; _id?: string }>;
        actions.push(action);
        bulkActions.push(action);
      }
    }
    // A time-series collection refuses items that name their own ID (and stores the rest).
    const refuseIds = isBulk && options.timeSeries === true;
    const withId = actions.map((a) => refuseIds && Object.values(a)[0]?._id !== undefined);
    let forward = body;
    const headers = { ...req.headers, host: target.host };
    if (withId.some(Boolean)) {
      delete headers['content-encoding'];
      const lines = plain.toString('utf8').split('\n').filter(Boolean);
      const kept = actions.flatMap((_, i) => (withId[i] ? [] : [lines[2 * i], lines[2 * i + 1]]));
      forward = Buffer.from(kept.length > 0 ? `${kept.join('\n')}\n` : '');
    }
    const answerLocally = withId.length > 0 && withId.every(Boolean);
    const merge = (upstreamItems: Record<string, unknown>[]) => {
      let next = 0;
      return actions.map((action, i) =>
        withId[i]
          ? {
              [Object.keys(action)[0] as string]: {
                status: 400,
                error: {
                  type: 'illegal_argument_exception',
                  reason: 'Document ID is not supported in create/index operation request',
                },
              },
            }
          : (upstreamItems[next++] as Record<string, unknown>),
      );
    };
    if (answerLocally) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ took: 0, errors: true, items: merge([]) }));
      return;
    }
    headers['content-length'] = String(forward.length);
    delete headers.authorization;
    // Plain responses, so that item results can be merged.
    delete headers['accept-encoding'];
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          let text = Buffer.concat(chunks).toString('utf8');
          if (withId.some(Boolean)) {
            const parsed = JSON.parse(text) as { errors: boolean; items: Record<string, unknown>[] };
            text = JSON.stringify({ ...parsed, errors: true, items: merge(parsed.items) });
          }
          const h = { ...up.headers, 'content-length': String(Buffer.byteLength(text)) };
          delete h['transfer-encoding'];
          delete h['content-encoding'];
          res.writeHead(up.statusCode ?? 502, h);
          res.end(text);
        });
      },
    );
    out.on('error', () => res.destroy());
    out.end(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    refused,
    bulkActions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
