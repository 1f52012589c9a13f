/**
 * Whether a URL answers as a cluster's root. A URL with a path is legitimate (a proxy may serve
 * the cluster under `/es`), but one whose path the cluster itself does not serve
 * (`http://127.0.0.1:9200/es`) was taken for the cluster: Elasticsearch read `/es` as an index
 * name and answered the engine question with its product header, so `ship` sent its bulk
 * requests to `/es/_bulk`, which Elasticsearch takes as the bulk API with a default index and
 * stored; `es setup` and `cost` then failed in the cluster's raw words ("no handler found for
 * uri [/es/_index_template/…]"), and OpenSearch's 404 failed as a cluster out of reach.
 * Asked at the engine question, the answer decides it once for every command: a URL whose
 * `GET` the engine answers as the path of an index or of no handler at all (400, 404, 405) is
 * a setting to change (exit 2), said with the URL (without its credentials, as `display` is).
 */
import { ConfigError } from '../../collectors/kernel/index.ts';
import type { SearchRequestError } from './search-client.ts';

/** Answers to `GET <url>` that only a path other than the root gets from the engine. */
const NOT_ROOT_STATUSES = new Set([400, 404, 405]);

/** True when the engine's answer to `GET` of the URL says the URL is not its root. */
export function answeredAsNotRoot(err: SearchRequestError): boolean {
  return err.kind === 'response' && err.status !== null && NOT_ROOT_STATUSES.has(err.status);
}

/** The URL's path as `GET` asked it: `/es`, or `/` for the root. */
function pathOf(display: string): string {
  try {
    return new URL(display).pathname;
  } catch {
    return '/';
  }
}

/**
 * The setting to change: `answer` is what the engine said to `GET` of the URL (`HTTP 404:
 * index_not_found_exception: no such index [es]`).
 */
export function notClusterRoot(display: string, answer: string, cause?: unknown): ConfigError {
  const path = pathOf(display);
  const what =
    path === '/'
      ? `${display} does not answer as the root of an Elasticsearch or OpenSearch cluster`
      : `${display}: the path ${path} is not a cluster's root`;
  return new ConfigError(`${what} (GET ${path} answered ${answer})`, {
    cause,
    hint: "give the cluster's own URL (https://host:9200), or, behind a proxy that serves the cluster under a path, the URL of that path",
  });
}
