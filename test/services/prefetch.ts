/**
 * Fetches and unpacks the Elasticsearch distribution ahead of the test run, so CI spends
 * its download time (and reports a download failure) before any test starts.
 * Usage: npx tsx test/services/prefetch.ts
 */
import { ensureDistribution, esVersion } from './elasticsearch.ts';
import { findJavaHome } from './java.ts';

const home = await ensureDistribution();
console.log(`Elasticsearch ${esVersion()} unpacked at ${home}; JDK ${findJavaHome(21)}`);
