/**
 * INDEX_PERIOD checked against what the cluster holds, once per container. CloudWatch may
 * deliver a batch twice, and a batch is retried when it fails: switched under a prefix,
 * INDEX_PERIOD would send a re-delivered batch to other indices than its first delivery's,
 * where its documents' IDs are not known, and store it twice. The function then refuses
 * every batch (Lambda retries it, then sends it to the failure destination) until the
 * setting is put back, as `ship --index-period` refuses to run.
 */
import type { Logger } from '../../collectors/kernel/index.ts';
import type { SearchCluster } from '../cluster.ts';
import type { IndexPeriod } from '../index-names.ts';
import { checkOtherPeriod, storedUnderOtherPeriod } from '../other-period.ts';
import { ShipperConfigError } from '../types.ts';

/**
 * The longest the question may take of an invocation's time: a cluster that does not
 * answer it will not take the batch either, and the shipping is the one to report that.
 */
const MAX_CHECK_MS = 5_000;

/** The batch is not written: the prefix is stored under the other period. */
export class IndexPeriodConflictError extends ShipperConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'IndexPeriodConflictError';
  }
}

export interface PeriodGuardConfig {
  cluster: SearchCluster;
  prefix: string;
  period: IndexPeriod;
  logger: Logger;
}

/**
 * Resolves when the batch may be written; throws `IndexPeriodConflictError` when not. The
 * answer is kept for the container's life once the cluster has listed its indices; a
 * cluster that would not list them is written to as before and asked again next time, so
 * a cold start during an outage does not leave the container unguarded.
 */
export function createPeriodGuard(config: PeriodGuardConfig): (timeoutMs: number) => Promise<void> {
  const { cluster, prefix, period, logger } = config;
  let cleared = false;
  let refusal: IndexPeriodConflictError | null = null;
  let warned = false;
  return async function guard(timeoutMs) {
    if (refusal) throw refusal;
    if (cleared) return;
    const found = await checkOtherPeriod(cluster, prefix, period, {
      timeoutMs: Math.max(1, Math.min(timeoutMs, MAX_CHECK_MS)),
    });
    switch (found.kind) {
      case 'clear':
        cleared = true;
        return;
      case 'unknown':
        if (!warned) {
          warned = true;
          // Redacted: a cluster never reached shows its URL as configured, userinfo and all.
          logger.warn(
            cluster.redact(
              `INDEX_PERIOD not checked: ${cluster.display} did not list the indices of prefix "${prefix}"; the batch is written under INDEX_PERIOD=${period}, and the check is made again on the next batch`,
            ),
          );
        }
        return;
      case 'stored':
        refusal = new IndexPeriodConflictError(
          cluster.redact(
            `INDEX_PERIOD is ${period}, but ${storedUnderOtherPeriod(cluster, prefix, found)}: writing would store re-delivered documents a second time beside them, so no batch is written; set INDEX_PERIOD=${found.other}, as before, or INDEX_PREFIX to another prefix`,
          ),
        );
        throw refusal;
    }
  };
}
