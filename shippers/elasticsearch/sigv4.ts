/**
 * AWS Signature Version 4 for Amazon OpenSearch Service (`es`, domains) and OpenSearch
 * Serverless (`aoss`, collections), with the AWS SDK's own signer and credential chain:
 * nothing here computes an HMAC itself. The signature covers the exact bytes sent
 * (after any compression), the path and query as written on the wire, and `host`.
 */
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

import type { SigV4Service } from './aws-target.ts';

export type { SigV4Service };

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
