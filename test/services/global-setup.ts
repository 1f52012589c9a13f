import type { TestProject } from 'vitest/node';
import type { SearchEngine } from '../../shippers/dev-cluster/distributions.ts';
import { clusterHealth } from '../../shippers/dev-cluster/node.ts';
import { redactUrl, waitFor } from '../../shippers/dev-cluster/process.ts';
import { checkMotoReachable, startMoto } from './moto.ts';
import { type RunningService, startSearchNode } from './search-nodes.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    esUrl: string;
    openSearchUrl: string;
    awsEndpointUrl: string;
    /** When the run began starting its services (epoch ms). */
    servicesStartedAt: number;
    /** Whether the run started its own Elasticsearch (rather than adopting ES_URL's). */
    esStartedHere: boolean;
  }
}

/** Fake credentials: the SDK insists on some, and real ones must never reach a test server. */
export const TEST_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
} as const;

const AWS_VARIABLES_TO_CLEAR = ['AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_SECURITY_TOKEN'] as const;

/** The variable that names a running node of each engine to adopt instead of starting one. */
const URL_VARIABLE: Record<SearchEngine, 'ES_URL' | 'OPENSEARCH_URL'> = {
  elasticsearch: 'ES_URL',
  opensearch: 'OPENSEARCH_URL',
};

async function adoptOrStartSearchNode(engine: SearchEngine, started: RunningService[]): Promise<string> {
  const variable = URL_VARIABLE[engine];
  const given = process.env[variable];
  if (given) {
    const url = given.replace(/\/+$/, '');
    await waitFor(`${engine} at ${variable}=${redactUrl(url)}`, () => clusterHealth(url), {
      timeoutMs: 30_000,
    });
    return url;
  }
  const node = await startSearchNode(engine);
  started.push(node);
  return node.url;
}

async function adoptOrStartMoto(started: RunningService[]): Promise<string> {
  const given = process.env.AWS_ENDPOINT_URL;
  if (given) {
    const url = given.replace(/\/+$/, '');
    await checkMotoReachable(url).catch((error: unknown) => {
      throw new Error(`AWS_ENDPOINT_URL=${redactUrl(url)} does not answer`, { cause: error });
    });
    return url;
  }
  const moto = await startMoto();
  started.push(moto);
  return moto.url;
}

/**
 * Runs once per test run, in the main process, before any worker exists: starts (or
 * adopts) Elasticsearch, OpenSearch and moto, and publishes their URLs through process.env, which
 * workers inherit, and through `provide`. A service that cannot start fails the run.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: RunningService[] = [];
  const startedAt = Date.now();
  const esStartedHere = !process.env[URL_VARIABLE.elasticsearch];
  const stopAll = async () => {
    for (const service of started.reverse()) await service.stop();
  };
  // All at once: moto is ready in seconds, the two JVMs take most of the wait. allSettled,
  // so a service still starting when another fails is stopped too.
  const results = await Promise.allSettled([
    adoptOrStartSearchNode('elasticsearch', started),
    adoptOrStartSearchNode('opensearch', started),
    adoptOrStartMoto(started),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const [es, os, aws] = results.map((r) => (r as PromiseFulfilledResult<string>).value) as [
    string,
    string,
    string,
  ];
  for (const name of AWS_VARIABLES_TO_CLEAR) delete process.env[name];
  Object.assign(process.env, TEST_AWS_ENV, { ES_URL: es, OPENSEARCH_URL: os, AWS_ENDPOINT_URL: aws });
  project.provide('esUrl', es);
  project.provide('openSearchUrl', os);
  project.provide('awsEndpointUrl', aws);
  project.provide('servicesStartedAt', startedAt);
  project.provide('esStartedHere', esStartedHere);
  return stopAll;
}
