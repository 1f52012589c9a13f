/**
 * AWS Signature Version 4 for Amazon OpenSearch Service (`es`, domains) and OpenSearch
 * Serverless (`aoss`, collections), with the AWS SDK's own signer and credential chain:
 * nothing here computes an HMAC itself. The signature covers the exact bytes sent
 * (after any compression), the path and query as written on the wire, and `host`.
 */
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError } from '../../collectors/kernel/index.ts';

export type SigV4Service = 'es' | 'aoss';

export function isSigV4Service(value: unknown): value is SigV4Service {
  return value === 'es' || value === 'aoss';
}

export interface SigV4Config {
  service: SigV4Service;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** What the signer needs of a request: the method, the full URL as sent, the body bytes. */
export interface RequestToSign {
  method: string;
  url: URL;
  body?: string | Buffer | undefined;
}

/** Headers to send with the request: host, x-amz-date, x-amz-content-sha256, token, authorization. */
export type SignRequest = (request: RequestToSign) => Promise<Record<string, string>>;

function queryObject(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else out[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

export function createRequestSigner(config: SigV4Config): SignRequest {
  const signer = new SignatureV4({
    service: config.service,
    region: config.region,
    credentials: config.credentials,
    sha256: Hash.bind(null, 'sha256'),
    // Not S3: path segments are escaped again, as every other AWS service expects.
    uriEscapePath: true,
    // Serverless requires x-amz-content-sha256; domains accept it.
    applyChecksum: true,
  });
  return async ({ method, url, body }) => {
    const signed = await signer.sign({
      method: method.toUpperCase(),
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: queryObject(url.search),
      headers: { host: url.host },
      body: body ?? '',
    });
    return signed.headers;
  };
}

const AWS_HOST = /\.([a-z]{2}(?:-[a-z]+)+-\d)\.(es|aoss)\.amazonaws\.com(?:\.cn)?$/;

/** The region and service an Amazon OpenSearch endpoint's host name gives away, if it is one. */
export function awsEndpointOf(host: string): { region: string; service: SigV4Service } | null {
  const match = AWS_HOST.exec(host.toLowerCase());
  if (!match?.[1] || !isSigV4Service(match[2])) return null;
  return { region: match[1], service: match[2] };
}

/**
 * The service and region to sign for: explicit settings win; otherwise they come from an
 * `*.es.amazonaws.com` / `*.aoss.amazonaws.com` host. Null when nothing asks for SigV4.
 */
export function resolveSigV4(
  node: string | undefined,
  given: { service?: string | undefined; region?: string | undefined },
): { service: SigV4Service; region: string } | null {
  let fromHost: { region: string; service: SigV4Service } | null = null;
  try {
    fromHost = node ? awsEndpointOf(new URL(node).hostname) : null;
  } catch {
    fromHost = null;
  }
  if (given.service === undefined && !fromHost) return null;
  const service = given.service ?? fromHost?.service;
  if (!isSigV4Service(service)) {
    throw new ConfigError(
      `the AWS signing service must be "es" (domains) or "aoss" (Serverless), not "${service}"`,
    );
  }
  const region = given.region || fromHost?.region;
  if (!region) {
    throw new ConfigError('signing requests for Amazon OpenSearch needs a region', {
      hint: 'give --region or set AWS_REGION',
    });
  }
  return { service, region };
}
