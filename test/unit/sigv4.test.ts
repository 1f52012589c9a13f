/**
 * SigV4 at the request level. First the verifier is held to the AWS Signature Version 4
 * test suite (credentials, date, region and the expected signatures below are the suite's
 * published vectors: get-vanilla, get-vanilla-query-order-key-case, post-vanilla,
 * post-vanilla-query, post-header-key-case, get-header-key-duplicate,
 * post-x-www-form-urlencoded). Then what lambdalens' signer produces for `es` and `aoss` is
 * checked by that verifier, and tampering after signing is caught.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { awsEndpointOf, resolveSigV4 } from '../../shippers/elasticsearch/aws-target.ts';
import { createRequestSigner } from '../../shippers/elasticsearch/sigv4.ts';
import { type Secret, verifySigV4, type WireRequest } from '../services/sigv4-verifier.ts';

const SUITE: Secret = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const HOST = 'example.amazonaws.com';
const DATE = '20150830T123600Z';

function suiteRequest(
  method: string,
  target: string,
  signature: string,
  extra: { headers?: Record<string, string | string[]>; signed?: string; body?: string } = {},
): WireRequest {
  const signed = extra.signed ?? 'host;x-amz-date';
  return {
    method,
    target,
    headers: {
      host: HOST,
      'x-amz-date': DATE,
      ...extra.headers,
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${signed}, Signature=${signature}`,
    },
    body: Buffer.from(extra.body ?? ''),
  };
}

const suiteExpect = { region: 'us-east-1', service: 'service', secrets: [SUITE] };

describe('the SigV4 verifier against the AWS test suite', () => {
  const vectors: [string, WireRequest][] = [
    [
      'get-vanilla',
      suiteRequest('GET', '/', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'),
    ],
    [
      'get-vanilla-query-order-key-case',
      suiteRequest(
        'GET',
        '/?Param2=value2&Param1=value1',
        'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
      ),
    ],
    [
      'post-vanilla',
      suiteRequest('POST', '/', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'),
    ],
    [
      'post-vanilla-query',
      suiteRequest(
        'POST',
        '/?Param1=value1',
        '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11',
      ),
    ],
    [
      'post-header-key-case',
      suiteRequest('POST', '/', 'c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c', {
        headers: { 'my-header1': 'value1' },
        signed: 'host;my-header1;x-amz-date',
      }),
    ],
    [
      'get-header-key-duplicate',
      suiteRequest('GET', '/', 'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea', {
        headers: { 'my-header1': ['value2', 'value2', 'value1'] },
        signed: 'host;my-header1;x-amz-date',
      }),
    ],
    [
      'post-x-www-form-urlencoded',
      suiteRequest('POST', '/', 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        signed: 'content-type;host;x-amz-date',
        body: 'Param1=value1',
      }),
    ],
  ];
  for (const [name, request] of vectors) {
    it(`accepts ${name}`, () => {
      expect(verifySigV4(request, suiteExpect)).toMatchObject({ ok: true, accessKeyId: 'AKIDEXAMPLE' });
    });
  }

  it('refuses the same vectors with one byte changed', () => {
    const [, vanilla] = vectors[0] as [string, WireRequest];
    expect(verifySigV4({ ...vanilla, target: '/x' }, suiteExpect)).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    const [, form] = vectors[6] as [string, WireRequest];
    expect(verifySigV4({ ...form, body: Buffer.from('Param1=value2') }, suiteExpect).ok).toBe(false);
    expect(verifySigV4(vanilla, { ...suiteExpect, service: 'es' })).toEqual({
      ok: false,
      reason: 'signed for service service, not es',
    });
  });
});

/** What Node would put on the wire for a signed request. */
async function signedWire(
  sign: ReturnType<typeof createRequestSigner>,
  method: string,
  url: string,
  body?: string | Buffer,
): Promise<WireRequest> {
  const parsed = new URL(url);
  const headers = await sign({ method, url: parsed, body });
  return {
    method,
    target: `${parsed.pathname}${parsed.search}`,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: typeof body === 'string' ? Buffer.from(body) : (body ?? Buffer.alloc(0)),
  };
}

describe('lambdalens signs Amazon OpenSearch requests with the AWS SDK signer', () => {
  const credentials = { accessKeyId: 'AKIAEXAMPLE00000001', secretAccessKey: 'c2VjcmV0LWtleS1mb3ItdGVzdHM' };
  const temporary = {
    ...credentials,
    accessKeyId: 'ASIAEXAMPLE00000002',
    sessionToken: 'FQoGZXIvYXdzEXAMPLETOKEN',
  };
  const bulk =
    '{"create":{"_index":"lambdalens-logs-2026.10.01","_id":"a/b+c=="}}\n{"message":"héllo wörld"}\n';

  for (const service of ['es', 'aoss'] as const) {
    const host =
      service === 'es'
        ? 'https://search-logs-abc123.eu-west-1.es.amazonaws.com'
        : 'https://abc123xyz.eu-west-1.aoss.amazonaws.com';
    const expectFor = { region: 'eu-west-1', service, secrets: [credentials, temporary], now: new Date() };

    it(`${service}: a bulk, a search with a wildcard and a filter_path, and a bodiless GET verify`, async () => {
      const sign = createRequestSigner({ service, region: 'eu-west-1', credentials });
      const requests = [
        await signedWire(sign, 'POST', `${host}/_bulk?filter_path=items.*.status,items.*.error`, bulk),
        await signedWire(
          sign,
          'POST',
          `${host}/lambdalens-invocations*/_search?size=0`,
          '{"query":{"match_all":{}}}',
        ),
        await signedWire(sign, 'GET', `${host}/lambdalens-dead-letter`),
        await signedWire(sign, 'PUT', `${host}/_index_template/lambdalens%2Dlogs`, '{}'),
      ];
      for (const request of requests) {
        expect(verifySigV4(request, expectFor), request.target).toMatchObject({ ok: true });
        // The payload hash is sent (Serverless requires it) and signed.
        expect(request.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
        expect(String(request.headers.authorization)).toContain(`/eu-west-1/${service}/aws4_request`);
        expect(String(request.headers.authorization)).toContain('x-amz-content-sha256');
      }
    });

    it(`${service}: temporary credentials send and sign their session token; gzip bodies are signed as sent`, async () => {
      const sign = createRequestSigner({ service, region: 'eu-west-1', credentials: async () => temporary });
      const gz = gzipSync(bulk);
      const request = await signedWire(sign, 'POST', `${host}/_bulk`, gz);
      expect(request.headers['x-amz-security-token']).toBe(temporary.sessionToken);
      expect(verifySigV4(request, expectFor)).toMatchObject({ ok: true, accessKeyId: temporary.accessKeyId });
      expect(verifySigV4({ ...request, body: Buffer.from(bulk) }, expectFor)).toEqual({
        ok: false,
        reason: 'x-amz-content-sha256 does not match the body',
      });
    });

    it(`${service}: a request changed after signing is refused`, async () => {
      const sign = createRequestSigner({ service, region: 'eu-west-1', credentials });
      const request = await signedWire(sign, 'POST', `${host}/_bulk?refresh=false`, bulk);
      expect(verifySigV4({ ...request, target: '/_bulk?refresh=true' }, expectFor).ok).toBe(false);
      expect(
        verifySigV4({ ...request, headers: { ...request.headers, host: 'evil.example' } }, expectFor).ok,
      ).toBe(false);
      expect(verifySigV4(request, { ...expectFor, region: 'us-east-1' }).ok).toBe(false);
      expect(verifySigV4(request, { ...expectFor, service: service === 'es' ? 'aoss' : 'es' }).ok).toBe(
        false,
      );
    });
  }
});

describe('which requests are signed, and for what', () => {
  it('reads region and service from Amazon OpenSearch host names', () => {
    expect(awsEndpointOf('search-logs-abc.eu-west-1.es.amazonaws.com')).toEqual({
      region: 'eu-west-1',
      service: 'es',
    });
    expect(awsEndpointOf('vpc-logs-abc.us-gov-west-1.es.amazonaws.com')).toEqual({
      region: 'us-gov-west-1',
      service: 'es',
    });
    expect(awsEndpointOf('0123abcd.ap-southeast-2.aoss.amazonaws.com')).toEqual({
      region: 'ap-southeast-2',
      service: 'aoss',
    });
    expect(awsEndpointOf('es.example.com')).toBeNull();
  });

  it('signs only when asked or when the host is Amazon OpenSearch, and needs a region', () => {
    expect(resolveSigV4('http://127.0.0.1:9200', {})).toBeNull();
    expect(resolveSigV4('https://x.eu-west-1.aoss.amazonaws.com', {})).toEqual({
      service: 'aoss',
      region: 'eu-west-1',
    });
    expect(resolveSigV4('https://logs.internal:443', { service: 'es', region: 'eu-central-1' })).toEqual({
      service: 'es',
      region: 'eu-central-1',
    });
    expect(() => resolveSigV4('https://logs.internal', { service: 'es' })).toThrow(/needs a region/);
    expect(() => resolveSigV4('https://logs.internal', { service: 's3', region: 'eu-west-1' })).toThrow(
      /must be "es" \(domains\) or "aoss" \(Serverless\)/,
    );
  });
});
