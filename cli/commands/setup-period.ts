/**
 * `es setup` under the index period a prefix's invocations are not stored under would make
 * this period's indices beside the other's: a daily prefix set up monthly held both, and
 * `ship` then refused either period (a document's ID is the same in both, see
 * shippers/other-period.ts), until the new indices were deleted by hand. Refused before
 * anything is made, as `ship` refuses it. Loaded with the engines' clients.
 */
import { ConfigError } from '../../collectors/kernel/index.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { searchClientCluster } from '../../shippers/elasticsearch/search-cluster.ts';
import type { IndexPeriod } from '../../shippers/index-names.ts';
import { checkOtherPeriod, storedUnderOtherPeriod } from '../../shippers/other-period.ts';

/** A short look, as `ship`'s: a cluster that will not list its indices is set up as before. */
const LOOK_MS = 5_000;

export async function refuseOtherPeriod(
  client: SearchClient,
  prefix: string,
  period: IndexPeriod,
  signal: AbortSignal,
): Promise<void> {
  const cluster = searchClientCluster(client);
  const found = await checkOtherPeriod(cluster, prefix, period, { timeoutMs: LOOK_MS, signal });
  if (found.kind !== 'stored') return;
  throw new ConfigError(
    `${storedUnderOtherPeriod(cluster, prefix, found)}: setting it up with --index-period ${period} would make ${period} indices beside them, and ship would then refuse both periods`,
    { hint: `run es setup with --index-period ${found.other}, as before, or for another --index-prefix` },
  );
}
