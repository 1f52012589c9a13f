/**
 * Gets what the test services need ahead of the run: the Elasticsearch and OpenSearch
 * distributions (OpenSearch's 2.x default and its 3.x line) fetched into the cache and
 * unpacked, a fitting JDK for each, and moto's server. CI spends its download time, and reports a failure, before any test starts.
 * Usage: npx tsx test/services/prefetch.ts
 */
import { distribution, SEARCH_ENGINES } from '../../shippers/dev-cluster/distributions.ts';
import { ensureUnpacked } from '../../shippers/dev-cluster/fetch.ts';
import { findJavaHome } from '../../shippers/dev-cluster/java.ts';
import { ensureMoto } from './moto.ts';
import { OPENSEARCH_3_VERSION } from './search-nodes.ts';

const wanted = [
  ...SEARCH_ENGINES.map((engine) => distribution(engine)),
  distribution('opensearch', OPENSEARCH_3_VERSION),
];
for (const dist of wanted) {
  const home = await ensureUnpacked(dist, { progress: (m) => console.log(m) });
  console.log(`${dist.display} unpacked at ${home}; JDK ${findJavaHome(dist.java, dist.env.javaHome)}`);
}
console.log(`moto ${await ensureMoto()}`);
