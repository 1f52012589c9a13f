/**
 * What a copy dropped as a duplicate said of where its event ran. The copy kept may say
 * less: a function's full `filter-log-events` export names no log group and no account,
 * while a Logs Insights export of its REPORT lines names both (`@log`). Read after the
 * full export, every Insights row is rightly dropped, yet its group and account still hold;
 * read before it, they were kept. Noting them here lets a report be the same whichever
 * order its inputs were named in.
 */
import type { LogEvent } from '../model.ts';

/** Log groups named by dropped copies, with the account a copy named (null: none did). */
export type DroppedCopyGroups = Map<string, string | null>;

/** Groups noted at most: as many as the correlator's context keeps facts of. */
const MAX_GROUPS = 10_000;

/** Notes the log group and account a dropped copy names; a copy that names no group says nothing. */
export function noteDroppedCopy(groups: DroppedCopyGroups, event: LogEvent): void {
  if (event.logGroup !== undefined) note(groups, event.logGroup, event.accountId ?? null);
}

/** Adds what another reader's dropped copies said (a part of the inputs read by another thread). */
export function absorbDroppedCopies(into: DroppedCopyGroups, from: ReadonlyMap<string, string | null>): void {
  for (const [group, accountId] of from) note(into, group, accountId);
}

function note(groups: DroppedCopyGroups, group: string, accountId: string | null): void {
  const known = groups.get(group);
  if (known === undefined) {
    if (groups.size < MAX_GROUPS) groups.set(group, accountId);
  } else if (known === null && accountId !== null) groups.set(group, accountId);
}
