/**
 * Gets what the test services need ahead of the run: the Elasticsearch distribution
 * (fetched and unpacked), a JDK 21+ for it, and moto's server. CI spends its download
 * time, and reports a failure, before any test starts.
 * Usage: npx tsx test/services/prefetch.ts
 */
import { ensureDistribution, esVersion } from './elasticsearch.ts';
import { findJavaHome } from './java.ts';
import { ensureMoto } from './moto.ts';

const home = await ensureDistribution();
console.log(`Elasticsearch ${esVersion()} unpacked at ${home}; JDK ${findJavaHome(21)}`);
console.log(`moto ${await ensureMoto()}`);
