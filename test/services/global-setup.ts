import type { TestProject } from 'vitest/node';
import { clusterHealth, type RunningService, startElasticsearch } from './elasticsearch.ts';
import { checkMotoReachable, startMoto } from './moto.ts';
import { redactUrl, waitFor } from './process-util.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    esUrl: string;
    awsEndpointUrl: string;
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

async function adoptOrStartElasticsearch(started: RunningService[]): Promise<string> {
  const given = process.env.ES_URL;
  if (given) {
    const url = given.replace(/\/+$/, '');
    await waitFor(`Elasticsearch at ES_URL=${redactUrl(url)}`, () => clusterHealth(url), {
      timeoutMs: 30_000,
    });
    return url;
  }
  const es = await startElasticsearch();
  started.push(es);
  return es.url;
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
 * adopts) Elasticsearch and moto, and publishes their URLs through process.env, which
 * workers inherit, and through `provide`. A service that cannot start fails the run.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: RunningService[] = [];
  const stopAll = async () => {
    for (const service of started.reverse()) await service.stop();
  };
  // Both at once: moto is ready in seconds, ES takes most of the wait. allSettled, so
  // a service still starting when the other fails is stopped too.
  const [es, aws] = await Promise.allSettled([adoptOrStartElasticsearch(started), adoptOrStartMoto(started)]);
  if (es.status === 'rejected' || aws.status === 'rejected') {
    await stopAll();
    throw es.status === 'rejected' ? es.reason : (aws as PromiseRejectedResult).reason;
  }
  for (const name of AWS_VARIABLES_TO_CLEAR) delete process.env[name];
  Object.assign(process.env, TEST_AWS_ENV, { ES_URL: es.value, AWS_ENDPOINT_URL: aws.value });
  project.provide('esUrl', es.value);
  project.provide('awsEndpointUrl', aws.value);
  return stopAll;
}
