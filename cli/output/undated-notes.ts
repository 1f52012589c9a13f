/**
 * What `ship` says at its end of the documents it put in the undated indices, easily missed
 * (no time, so no date range shows them): counted by what the target stored, so a line the
 * cluster refused is said as dead-lettered, not claimed as kept.
 */
import type { DocumentTally, UndatedNotStored } from '../../shippers/document-tally.ts';
import { sayLine } from './say-line.ts';

const LINES = 'log line(s) with no time of their own nor before them in their stream';
const INVOCATIONS = 'invocation(s) whose lines carry no time';

/**
 * Says how many undated lines and invocations were kept, and how many of them were
 * dead-lettered (to `deadLetters`) or not delivered instead.
 */
export function sayUndated(
  tally: DocumentTally,
  notStored: UndatedNotStored,
  prefix: string,
  deadLetters: string,
): void {
  const keptLines = tally.undatedLines - notStored.deadLetteredLines - notStored.pendingLines;
  if (keptLines > 0) {
    sayLine(
      `${keptLines} ${LINES} are kept in ${prefix}-logs-undated, marked lambdalens.timestamp_missing, at their invocation's time or with no @timestamp`,
    );
  }
  sayNotStored(
    notStored.deadLetteredLines,
    notStored.pendingLines,
    LINES,
    `${prefix}-logs-undated`,
    deadLetters,
  );
  const keptInvocations =
    tally.undatedInvocations - notStored.deadLetteredInvocations - notStored.pendingInvocations;
  if (keptInvocations > 0) {
    sayLine(
      `${keptInvocations} ${INVOCATIONS} are kept in ${prefix}-invocations-undated, marked lambdalens.timestamp_missing, with no @timestamp: a cost report counts them in no month`,
    );
  }
  sayNotStored(
    notStored.deadLetteredInvocations,
    notStored.pendingInvocations,
    INVOCATIONS,
    `${prefix}-invocations-undated`,
    deadLetters,
  );
}

function sayNotStored(
  deadLettered: number,
  pending: number,
  what: string,
  index: string,
  deadLetters: string,
): void {
  if (deadLettered > 0) {
    sayLine(
      `${deadLettered} ${what} were refused by the cluster and dead-lettered to ${deadLetters}, not kept in ${index}`,
    );
  }
  if (pending > 0) sayLine(`${pending} ${what} were not delivered to ${index}`);
}
