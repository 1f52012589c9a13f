/**
 * A command told the engine (`--engine`, TARGET_ENGINE) does not ask the cluster which one it
 * runs, so a wrong one showed only as a request failing in the other engine's words:
 * OpenSearch's 406 for the Elasticsearch client's media type (`Content-Type header
 * [application/vnd.elasticsearch+json; compatible-with=9] is not supported`), "the server is
 * not Elasticsearch", Elasticsearch refusing the template OpenSearch's `flat_object` needs.
 * When the cluster answered such a request with a refusal, it is asked once which engine it
 * runs, and a wrong engine is said as the setting it is (exit 2). Loaded with the clients.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError } from '../../collectors/kernel/index.ts';
import type { ConnectionConfig } from '../../shippers/elasticsearch/config.ts';
import { connectSearch } from '../../shippers/elasticsearch/connect.ts';
import { SearchRequestError } from '../../shippers/elasticsearch/search-client.ts';

const NAMES = { elasticsearch: 'Elasticsearch', opensearch: 'OpenSearch' } as const;
/** Time for the one question: the failure it explains is already in hand. */
const QUESTION_MS = 5_000;

/** Whether a failure, or one it wraps, is the cluster's answer (not an absent or silent one). */
function answered(err: unknown): boolean {
  let at: unknown = err;
  for (let depth = 0; at instanceof Error && depth < 4; depth++) {
    if (at instanceof SearchRequestError)
      return at.kind === 'response' || at.kind === 'wrong-engine' || at.kind === 'unreadable';
    at = (at as { cause?: unknown }).cause;
  }
  return false;
}

/** Where a told engine came from, for the refusal to name: the flag, else the environment. */
export const engineGivenBy = (flag: string | undefined) =>
  flag && flag !== 'auto' ? `--engine ${flag}` : 'TARGET_ENGINE';

/**
 * The setting to blame for `err` when the engine was told and the cluster runs the other one;
 * null otherwise (not told, not an answer, the cluster not asked in time, the engine right).
 * `givenBy` names where the engine came from: `--engine elasticsearch`, `TARGET_ENGINE`.
 */
export async function wrongEngineTold(
  connection: ConnectionConfig,
  err: unknown,
  options: { credentials: AwsCredentialIdentityProvider | undefined; givenBy: string },
): Promise<ConfigError | null> {
  const told = connection.engine;
  if (told === undefined || !answered(err)) return null;
  const client = await connectSearch(
    { ...connection, engine: undefined },
    { credentials: options.credentials, timeoutMs: QUESTION_MS },
  ).catch(() => null);
  if (!client) return null;
  try {
    const { engine, version } = client.identity;
    if (engine === told) return null;
    return new ConfigError(
      `${client.display} runs ${NAMES[engine]}${version ? ` ${version}` : ''}, not ${NAMES[told]} as ${options.givenBy} says`,
      { cause: err, hint: `leave the engine out to have it asked, or give --engine ${engine}` },
    );
  } finally {
    await client.close();
  }
}
