/**
 * For the test files that start Elasticsearch or OpenSearch themselves (`dev-cluster`, a
 * second engine version): their temporary files go in the machine's TMPDIR, not the run's
 * own (build.ts). As root the engines' zips are unpacked under TMPDIR, once for every run,
 * and the unprivileged account a node runs as cannot enter the run's private folder.
 */
import { inject } from 'vitest';

export function keepMachineTmpdir(): void {
  process.env.TMPDIR = inject('machineTmpDir');
}
