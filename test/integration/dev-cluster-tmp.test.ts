/**
 * Elasticsearch's launcher works out the node's JVM flags in a small JVM of its own, which
 * makes a `final-flags…` folder in Java's temporary folder and leaves it there: one more
 * under /tmp (Java's default on Linux, whatever TMPDIR says) for every start, owned by the
 * node's account. `startNode`, which `lambdalens dev-cluster start` and this run's own
 * Elasticsearch use, points that JVM at the run folder's tmp too.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const JAVA_TMP = '/tmp';

describe('the Elasticsearch this run started', () => {
  it.skipIf(!inject('esStartedHere'))('left no folder of its own in /tmp', () => {
    const since = inject('servicesStartedAt');
    const left = readdirSync(JAVA_TMP).filter(
      (name) => name.startsWith('final-flags') && statSync(join(JAVA_TMP, name)).mtimeMs >= since,
    );
    expect(left).toEqual([]);
  });
});
