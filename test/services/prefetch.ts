/**
 * Gets what the test services need ahead of the run: the Elasticsearch and OpenSearch
 * distributions (fetched into the cache and unpacked), a fitting JDK for each, and moto's
 * server. CI spends its download time, and reports a failure, before any test starts.
 * Usage: npx tsx test/services/prefetch.ts
 */
import { distribution, SEARCH_ENGINES } from '../../shippers/dev-cluster/distributions.ts';
import { ensureUnpacked } from '../../shippers/dev-cluster/fetch.ts';
import { findJavaHome } from '../../shippers/dev-cluster/java.ts';
import { ensureMoto } from './moto.ts';

for (const engine of SEARCH_ENGINES) {
  const dist = distribution(engine);
  const home = await ensureUnpacked(dist, { progress: (m) => console.log(m) });
  console.log(`${dist.display} unpacked at ${home}; JDK ${findJavaHome(dist.java, dist.env.javaHome)}`);
}
console.log(`moto ${await ensureMoto()}`);
