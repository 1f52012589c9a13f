/**
 * Logs Insights exports (a query's rows as CSV or as the console's table) among local inputs.
 * Their rows are copies of lines other inputs may hold whole (the REPORT rows of a function
 * beside its `filter-log-events` export), but they name what such an export does not: the
 * log group and account (`@log`, `123456789012:/aws/lambda/orders-api`). Read in the order
 * given, the result hung on which came first: the export first, the copies were dropped as
 * duplicates and what their `@log` said with them (every invocation without its group and
 * account); the Insights rows first, their REPORTs sat in a stream of their own (the export's
 * lines, without a group, are keyed by the file's function), ahead of their START, and
 * without what the stream's INIT_START said.
 *
 * So local input is opened (event-source.ts: `logs`, `tail` and `ship`, which print or ship
 * as they go) reading what the exports say of their groups first, and the exports themselves
 * last: their copies are the ones dropped, whatever the order given, and an event read
 * without a group takes the group its function's `/aws/lambda/` group is in the exports, with
 * its account (as the cost report folds such a file's key into that group,
 * pricing/report/bare-groups.ts). The exports are query results, ten thousand rows at most
 * from the console, so reading them twice costs little; each file is looked at by the head
 * that decides its form, a folder's as if named one by one in its place. A live input
 * (stdin from a pipe, a named pipe) may never end: no export is moved past one.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { LAMBDA_LOG_GROUP_PREFIX, type LogEvent } from '../model.ts';
import { expandDirectory } from './input-list.ts';
import { createInputReport, readLogEventBatches } from './read-inputs.ts';
import { sniff } from './sniff.ts';

/** A function's `/aws/lambda/` group as the exports name it, and its account (null: none, or two). */
export interface NamedGroup {
  group: string;
  accountId: string | null;
}

export interface QueryExportsLast {
  /** The inputs in the order to read them: the exports after the rest, each kind in its order. */
  inputs: string[];
  /** By function name: the group its events take when they were read without one. */
  groups: Map<string, NamedGroup>;
}

/** How much of a file decides whether it is a query export (sniff.ts reads no more). */
const HEAD_BYTES = 64 * 1024;

function headOf(path: string): { head: Buffer; whole: boolean } | null {
  try {
    if (path === '-' || !statSync(path).isFile()) return null;
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(HEAD_BYTES);
      const read = readSync(fd, head, 0, HEAD_BYTES, 0);
      return { head: head.subarray(0, read), whole: read < HEAD_BYTES };
    } finally {
      closeSync(fd);
    }
  } catch {
    // Reading it reports what is wrong, in its place.
    return null;
  }
}

function isQueryExport(path: string): boolean {
  const opened = headOf(path);
  if (!opened) return false;
  const kind = sniff(opened.head, opened.whole).kind;
  return kind === 'csv' || kind === 'table';
}

/** Notes the group of a Lambda function an export's event names, with its account. */
function noteGroup(groups: Map<string, NamedGroup>, event: LogEvent): void {
  const group = event.logGroup;
  if (group === undefined || !group.startsWith(LAMBDA_LOG_GROUP_PREFIX)) return;
  const name = group.slice(LAMBDA_LOG_GROUP_PREFIX.length);
  if (name === '') return;
  const accountId = event.accountId ?? null;
  const known = groups.get(name);
  if (!known) groups.set(name, { group, accountId });
  // Two accounts for one function's name: neither is the events' without a group.
  else if (accountId !== null && known.accountId !== accountId) known.accountId = null;
}

/**
 * The inputs, folders listed as their files, with the query exports last, and the groups
 * those exports name; the inputs as given (and no groups) when they hold no export, or
 * nothing else to read before it.
 */
export async function queryExportsLast(
  given: readonly string[],
  isLive: (input: string) => boolean = () => false,
): Promise<QueryExportsLast> {
  // A folder of exports and the files they copy reads as those files named one by one: in
  // name order `orders-api-insights.csv` comes before `orders-api.json`.
  const inputs = given.flatMap(expandDirectory);
  const exports = inputs.filter(isQueryExport);
  const groups = new Map<string, NamedGroup>();
  if (exports.length === 0 || exports.length === inputs.length) return { inputs: [...given], groups };
  for await (const batch of readLogEventBatches(exports, { dedupe: false, report: createInputReport() }))
    for (const event of batch) noteGroup(groups, event);
  // Those before the first live input go last among them; from it on, the order given.
  const liveAt = inputs.findIndex(isLive);
  const before = liveAt < 0 ? inputs : inputs.slice(0, liveAt);
  const chosen = new Set(exports);
  return {
    inputs: [
      ...before.filter((input) => !chosen.has(input)),
      ...before.filter((input) => chosen.has(input)),
      ...inputs.slice(before.length),
    ],
    groups,
  };
}

/**
 * The events, each read without a group given the group (and account) the exports name for
 * its function: what one input said of a stream holds for its copy in another.
 */
export async function* withNamedGroups(
  batches: AsyncIterable<LogEvent[]>,
  groups: ReadonlyMap<string, NamedGroup>,
): AsyncGenerator<LogEvent[]> {
  for await (const batch of batches) {
    for (const event of batch) {
      if (event.logGroup !== undefined || event.functionName === undefined) continue;
      const named = groups.get(event.functionName);
      if (!named) continue;
      event.logGroup = named.group;
      if (event.accountId === undefined && named.accountId !== null) event.accountId = named.accountId;
    }
    yield batch;
  }
}
