/**
 * Whether a prefix's invocations are stored under the other index period. A document's ID
 * is the same in a daily and a monthly index, so shipping a prefix under the period it was
 * not stored under stores every document a second time beside the first, both behind the
 * prefix's aliases (and counted twice by `cost --source elasticsearch`). The CLI and the
 * Lambda both refuse to write then; each says which of its settings to change.
 */
import type { BulkRequestOptions, SearchCluster } from './cluster.ts';
import type { IndexPeriod } from './index-names.ts';

/** A daily index's and a monthly index's date, at the end of its name. */
const PERIOD_SUFFIX: Record<IndexPeriod, RegExp> = {
  daily: /-\d{4}\.\d{2}\.\d{2}$/,
  monthly: /-\d{4}\.\d{2}$/,
};

export type OtherPeriodCheck =
  /** The cluster would not list its indices (no answer, no right to ask): nothing is known. */
  | { kind: 'unknown' }
  | { kind: 'clear' }
  /** `indices`: the prefix's invocation indices of the other period, sorted. */
  | { kind: 'stored'; other: IndexPeriod; indices: string[] };

/** Asks the cluster which invocation indices of the prefix are of the other period. */
export async function checkOtherPeriod(
  cluster: SearchCluster,
  prefix: string,
  period: IndexPeriod,
  options: BulkRequestOptions,
): Promise<OtherPeriodCheck> {
  const other: IndexPeriod = period === 'daily' ? 'monthly' : 'daily';
  const names = await cluster.indicesMatching(`${prefix}-invocations-*`, options);
  if (names === null) return { kind: 'unknown' };
  const indices = names.filter((n) => PERIOD_SUFFIX[other].test(n)).sort();
  return indices.length === 0 ? { kind: 'clear' } : { kind: 'stored', other, indices };
}

/** What a refusal says is stored: where, under which prefix and period, and the first indices. */
export function storedUnderOtherPeriod(
  cluster: SearchCluster,
  prefix: string,
  found: { other: IndexPeriod; indices: string[] },
): string {
  const { other, indices } = found;
  const names = `${indices.slice(0, 2).join(', ')}${indices.length > 2 ? ', …' : ''}`;
  return `${cluster.display} holds the invocations of prefix "${prefix}" in ${other} indices (${names})`;
}
