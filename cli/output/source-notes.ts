/**
 * What a CloudWatch source wants the user to know: missing groups, throttling, lag,
 * sampling, late and very late events, clock skew, a dedupe bound that overflowed. A
 * follower tells them on stderr as they change, not only when it ends: a user watching a
 * quiet screen must be able to tell "nothing happened" from "we are being throttled".
 */
import type { SourceStatus } from '../../collectors/cloudwatch-logs/source-status.ts';
import { standInText } from '../../collectors/lambda/stand-in.ts';
import { sayQuoting } from './say-line.ts';

/** One thing to tell; `key` says which, so that a change of wording is not a new note. */
export interface SourceNote {
  key: string;
  text: string;
  /** Said when the note no longer holds (the group appeared, the lag caught up). */
  cleared?: string | undefined;
}

/** The key of a missing log group's note begins so. */
const MISSING = 'missing ';

/** Lag worth telling: more than the usual CloudWatch ingestion delay. */
const LAG_NOTE_MS = 30_000;

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * Notes for the status as it is now; `ended` words them as the closing account of a run.
 * `leftOut`: say how many events of other functions' streams a shared group left out.
 */
export function sourceNotes(s: SourceStatus, ended = true, leftOut = ended): SourceNote[] {
  const notes: SourceNote[] = [];
  for (const g of s.groups) {
    if (g.standInFor) {
      const { functionName, reason } = g.standInFor;
      notes.push({ key: `stand-in ${g.logGroup}`, text: standInText(functionName, g.logGroup, reason) });
    }
    if (g.missing) {
      notes.push({
        key: `${MISSING}${g.logGroup}`,
        text: `log group ${g.logGroup} does not exist (yet)`,
        cleared: `log group ${g.logGroup} exists now`,
      });
    }
  }
  const throttledNow = s.groups.some((g) => g.throttled);
  if (!ended && throttledNow) {
    notes.push({
      key: 'throttled',
      text: 'AWS is throttling the reads: lambdalens slows down and catches up (--rate sets the budget)',
      cleared: 'no longer throttled',
    });
  } else if (ended && s.throttleCount > 0) {
    notes.push({
      key: 'throttled',
      text: `AWS throttled ${count(s.throttleCount, 'call')}; lambdalens slowed down and caught up`,
    });
  }
  const lag = Math.max(0, ...s.groups.map((g) => g.lagMs ?? 0));
  if (!ended && lag > LAG_NOTE_MS) {
    notes.push({
      key: 'lag',
      text: `behind: the newest event was ingested ${seconds(lag)} before it was read`,
      cleared: 'caught up',
    });
  }
  if (s.liveTailClosedBy !== null) {
    notes.push({
      key: 'live-closed',
      text: `Live Tail cannot open a session (${s.liveTailClosedBy}): trying again; meanwhile new events are read with FilterLogEvents`,
      cleared: 'Live Tail session open',
    });
  }
  if (s.backfillFailedBy !== null) {
    notes.push({
      key: 'backfill-failed',
      text: `events before the Live Tail session cannot be read (${s.backfillFailedBy}): only new events are shown; trying again with the next session`,
      cleared: 'events before the Live Tail session read',
    });
  }
  if (s.groups.some((g) => g.sampled)) {
    notes.push({
      key: 'sampled',
      text: 'Live Tail is sampling (over 500 events/s): the gaps are being filled by polling',
      cleared: 'Live Tail gaps filled',
    });
  }
  const late = s.groups.reduce((n, g) => n + g.late, 0);
  if (late > 0) {
    notes.push({
      key: 'late',
      text: `${count(late, 'late event')} (ingested after newer ones) delivered from the look-back window`,
    });
  }
  const swept = s.groups.reduce((n, g) => n + g.swept, 0);
  if (swept > 0) {
    notes.push({
      key: 'swept',
      text: `${count(swept, 'event')} arrived later than the look-back and came from the wider sweep (a longer --look-back shows such events sooner)`,
    });
  }
  for (const g of s.groups) {
    if (g.futureStamped > 0) {
      notes.push({
        key: `skew ${g.logGroup}`,
        text: `${count(g.futureStamped, 'event')} of ${g.logGroup} stamped up to ${seconds(g.maxAheadMs)} ahead of their ingestion (stream ${g.skewedStream}: a clock running fast); shown, and the cursor keeps to the wall clock`,
      });
    }
  }
  // On stderr told in the closing account only: while following a busy shared group it would
  // change every poll. The status bar redraws anyway, so it says it as it grows.
  for (const g of leftOut ? s.groups : []) {
    if (g.otherFunctions > 0) {
      notes.push({
        key: `other-functions ${g.logGroup}`,
        text: `${count(g.otherFunctions, 'event')} of other functions' streams in ${g.logGroup} left out`,
      });
    }
  }
  if (s.seenOverflow > 0) {
    notes.push({
      key: 'overflow',
      text: `${count(s.seenOverflow, 'event')} fell out of the dedupe bound (a re-read may repeat one)`,
    });
  }
  return notes;
}

export interface NoteWatcher {
  /** Stops watching and returns nothing more. */
  stop(): void;
}

/**
 * Tells the notes of a running source as they change: a new note at once, a note whose
 * wording changed (a count) at most every `repeatMs`, and the end of one that clears.
 */
export function watchSourceNotes(
  snapshot: () => SourceStatus,
  write: (line: string) => void,
  options: { everyMs?: number; repeatMs?: number; now?: () => number } = {},
): NoteWatcher {
  const everyMs = options.everyMs ?? 1000;
  const repeatMs = options.repeatMs ?? 10_000;
  const now = options.now ?? Date.now;
  const shown = new Map<string, { note: SourceNote; at: number }>();
  const check = () => {
    const t = now();
    const current = sourceNotes(snapshot(), false);
    const keys = new Set(current.map((n) => n.key));
    for (const note of current) {
      const before = shown.get(note.key);
      if (before && (before.note.text === note.text || t - before.at < repeatMs)) continue;
      write(note.text);
      shown.set(note.key, { note, at: t });
    }
    for (const [key, { note }] of shown) {
      if (keys.has(key)) continue;
      shown.delete(key);
      if (note.cleared) write(note.cleared);
    }
  };
  const timer = setInterval(check, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Tells a command's source notes on `err`: as they change while an AWS source follows, and
 * all of them once more when `end` is called. A local source has none.
 *
 * `end`'s `stopped`: the run was stopped before its input ended. One that was not, whose every
 * log group is missing, read nothing and fails saying which groups do not exist
 * (empty-cloudwatch.ts): their notes are left to that failure rather than said twice.
 */
export function tellSourceNotes(
  aws: { status: { snapshot(): SourceStatus } } | null,
  live: boolean,
  err: NodeJS.WritableStream,
): { end(stopped: boolean): void } {
  // A note quotes names CloudWatch took from whoever wrote the logs (a stream may be named
  // anything but ':' and '*'): their control characters are shown, not sent to the terminal.
  const say = (line: string) => sayQuoting(line, err);
  const watcher = aws && live ? watchSourceNotes(() => aws.status.snapshot(), say) : null;
  return {
    end(stopped) {
      watcher?.stop();
      if (!aws) return;
      const status = aws.status.snapshot();
      const failsOnMissing = !stopped && status.groups.length > 0 && status.groups.every((g) => g.missing);
      for (const note of sourceNotes(status)) {
        if (!(failsOnMissing && note.key.startsWith(MISSING))) say(note.text);
      }
    },
  };
}
