import { randomUUID } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';
import { inject } from 'vitest';

/** What every AWS SDK v3 client constructor accepts to talk to the test AWS endpoint. */
export interface AwsTestConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** The Elasticsearch URL of this run: ES_URL (set by the global setup, or by you to reuse a server). */
export function esUrl(): string {
  return process.env.ES_URL ?? inject('esUrl');
}

/** The OpenSearch URL of this run: OPENSEARCH_URL, set like ES_URL. */
export function openSearchUrl(): string {
  return process.env.OPENSEARCH_URL ?? inject('openSearchUrl');
}

/** The AWS endpoint of this run (moto): AWS_ENDPOINT_URL, set like ES_URL. */
export function awsEndpointUrl(): string {
  return process.env.AWS_ENDPOINT_URL ?? inject('awsEndpointUrl');
}

/** A ready client for the run's Elasticsearch; close it in afterAll. */
export function createEsClient(): Client {
  return new Client({ node: esUrl(), requestTimeout: 30_000 });
}

/** A ready client for the run's OpenSearch (the official OpenSearch client); close it in afterAll. */
export function createOpenSearchClient(): OpenSearchClient {
  return new OpenSearchClient({ node: openSearchUrl(), requestTimeout: 30_000 });
}

/** Endpoint, region and fake credentials, spread into `new XxxClient({...awsClientConfig()})`. */
export function awsClientConfig(): AwsTestConfig {
  return {
    endpoint: awsEndpointUrl(),
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'testing',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'testing',
    },
  };
}

/**
 * A name no other test or run uses: test files run in parallel against one server (and
 * engineers may share one through ES_URL), so fixed index or log group names collide.
 * Lower-case, as Elasticsearch index names must be.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`.toLowerCase();
}
