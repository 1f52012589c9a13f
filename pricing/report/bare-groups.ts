/**
 * Events read without a log group (a file's lines: an `aws logs filter-log-events` export, a
 * text copy) are keyed by the function the file's name gives. When the same function's logs
 * also come with their group (a Logs Insights export's `@log`), or when the records name
 * another function than the file (`names/x.log` holding tenner-notifier's lines), that key
 * split one function in two: its invocations under one key, priced, and its log bytes under
 * the other, a "logs only" row of an account not known beside it.
 *
 * Folded when the report is built, once the whole input has spoken (the group may come in a
 * later file): a bare key goes into the log group of the function it stands for
 * (`/aws/lambda/<name>`, the name its records give, else its own) when the data holds that
 * group (in events kept, or only in copies dropped as duplicates of the bare key's own), else into the key of the function its records name. Its bytes, and whether they
 * were the whole log, then count for that group, and its usage is resolved with that group's
 * facts (its account).
 */
import { LAMBDA_LOG_GROUP_PREFIX } from '../../collectors/model.ts';
import type { CostAggregator } from './aggregator.ts';

type Folding = Pick<
  CostAggregator,
  | 'bareGroups'
  | 'droppedCopyGroups'
  | 'logBytes'
  | 'wholeLogGroups'
  | 'unsizedLogLines'
  | 'functions'
  | 'previousFunctions'
>;

/** Folds every bare group key of `agg` into the group it stands for (see above); then forgets them. */
export function foldBareGroups(agg: Folding): void {
  if (agg.bareGroups.size === 0) return;
  const usages = [...agg.functions.values(), ...agg.previousFunctions.values()];
  const groups = new Set([
    ...agg.logBytes.keys(),
    ...usages.map((f) => f.groupKey),
    ...agg.droppedCopyGroups,
  ]);
  for (const [bare, named] of agg.bareGroups) {
    const name = named ?? bare;
    const group = `${LAMBDA_LOG_GROUP_PREFIX}${name}`;
    const target = groups.has(group) && !agg.bareGroups.has(group) ? group : name;
    if (target === bare) continue;
    moveBytes(agg, bare, target);
    for (const f of usages) if (f.groupKey === bare) f.groupKey = target;
  }
  agg.bareGroups.clear();
}

function moveBytes(agg: Folding, from: string, to: string): void {
  const days = agg.logBytes.get(from);
  if (days) {
    let into = agg.logBytes.get(to);
    if (!into) {
      into = new Map();
      agg.logBytes.set(to, into);
    }
    for (const [day, bytes] of days) into.set(day, (into.get(day) ?? 0) + bytes);
    agg.logBytes.delete(from);
  }
  if (agg.wholeLogGroups.delete(from)) agg.wholeLogGroups.add(to);
  const unsized = agg.unsizedLogLines.get(from);
  if (unsized !== undefined) {
    agg.unsizedLogLines.set(to, (agg.unsizedLogLines.get(to) ?? 0) + unsized);
    agg.unsizedLogLines.delete(from);
  }
}
