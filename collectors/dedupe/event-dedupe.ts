/**
 * Drops input events already read: the same export given twice, overlapping exports, a
 * subscription batch delivered twice. Without it every count and every dollar doubles.
 * Events are known by CloudWatch event ID, or by group, stream, time and message when they
 * carry none; an input that names no group stands for its function (see fingerprint.ts).
 * The same event may come once with its ID and once without (a subscription payload and an
 * Insights export of the same group): an event read with its ID is remembered by both, so
 * that a copy without it is caught too, and two events with different IDs stay two.
 *
 * Fingerprinting every event costs about a third of a text copy's parse, so it waits until
 * it can matter. A copy of an event comes after the event, in the same stream, at the same
 * time: so while every stream's time only moves forward (and events of the same
 * millisecond differ from each other, which is checked exactly), nothing read can be a
 * copy. The first event that breaks that rule makes the check "unsure": the reader then
 * hands over everything read so far (files can be read again) and from there on every
 * event is fingerprinted into one bounded window. Input that cannot be read again (stdin)
 * is fingerprinted from the start.
 */
import type { LogEvent } from '../model.ts';
import { type Fingerprint, fingerprintEvent, identityGroup } from './fingerprint.ts';
import { FingerprintWindow } from './window.ts';

/**
 * Fingerprints remembered, 32 MB at most: a month of a busy function's REPORT lines. An event
 * read with its ID takes two (see `remember`).
 */
export const DEFAULT_DEDUPE_WINDOW = 1_000_000;
/** Streams followed while nothing was seen twice; past it, every event is fingerprinted. */
const MAX_STREAMS = 100_000;
/** Events of one millisecond of one stream compared exactly; past it, fingerprinted. */
const MAX_SAME_MS = 64;

export type DedupeVerdict = 'new' | 'duplicate' | 'unsure';

export interface EventDedupe {
  /**
   * 'unsure' only before `fingerprintAll`: the caller must then call it, hand everything it
   * read before this event to `recall`, and ask again.
   */
  check(event: LogEvent): DedupeVerdict;
  /** From now on every event is fingerprinted. */
  fingerprintAll(): void;
  /** Remembers an event read before (read again for this), without judging it. */
  recall(event: LogEvent): void;
  readonly fingerprinting: boolean;
  /** Events dropped as duplicates. */
  readonly duplicates: number;
  /** Events that fell out of the window (a later copy of one of them would not be caught). */
  readonly overflow: number;
  readonly capacity: number;
}

interface StreamTime {
  maxTs: number;
  /** Keys (ID or message) of the events at `maxTs`: the first `count` entries. */
  sameMs: string[];
  count: number;
  /** Whether the keys at `maxTs` are event IDs (else messages): one kind cannot tell a copy of the other. */
  byId: boolean;
}

/**
 * Marks the content fingerprint of an event read with its ID, apart from that of an event
 * read without one: a copy without the ID matches either, an event with an ID only the
 * latter (two events with different IDs may share stream, time and message).
 */
const READ_WITH_ID = 0x5bd1e995;

export function createEventDedupe(capacity = DEFAULT_DEDUPE_WINDOW): EventDedupe {
  let window: FingerprintWindow | null = null;
  const print: Fingerprint = { hi: 0, lo: 0 };
  let duplicates = 0;
  const groups = new Map<string, Map<string, StreamTime>>();
  let streamCount = 0;
  let lastGroup: string | undefined;
  let lastStream: string | undefined;
  let last: StreamTime | null = null;

  const streamOf = (e: LogEvent): StreamTime | null => {
    const group = identityGroup(e);
    if (last !== null && group === lastGroup && e.logStream === lastStream) return last;
    const g = group ?? '';
    let streams = groups.get(g);
    if (!streams) {
      streams = new Map();
      groups.set(g, streams);
    }
    const s = e.logStream ?? '';
    let state = streams.get(s);
    if (!state) {
      if (streamCount >= MAX_STREAMS) return null;
      streamCount++;
      state = { maxTs: Number.NEGATIVE_INFINITY, sameMs: [], count: 0, byId: false };
      streams.set(s, state);
    }
    lastGroup = group;
    lastStream = e.logStream;
    last = state;
    return state;
  };

  /** Exact check while no stream has gone back in time. */
  const checkOrdered = (e: LogEvent): DedupeVerdict => {
    const ts = e.timestamp;
    if (!Number.isFinite(ts) && e.eventId === undefined) return 'new';
    const s = streamOf(e);
    if (s === null || !(ts >= s.maxTs)) return 'unsure';
    const byId = e.eventId !== undefined;
    const key = e.eventId ?? e.message;
    const same = s.sameMs;
    if (ts > s.maxTs) {
      // Entries past `count` are overwritten, never cut: setting an array's length is slow.
      s.maxTs = ts;
      same[0] = key;
      s.count = 1;
      s.byId = byId;
      return 'new';
    }
    if (byId !== s.byId) return 'unsure';
    for (let i = 0; i < s.count; i++) {
      if (same[i] === key) {
        duplicates++;
        return 'duplicate';
      }
    }
    if (s.count >= MAX_SAME_MS) return 'unsure';
    same[s.count++] = key;
    return 'new';
  };

  /** True when the event is new to the window (or has no identity). */
  const remember = (e: LogEvent): boolean => {
    const w = window as FingerprintWindow;
    if (e.eventId === undefined) {
      if (!fingerprintEvent(e, print, true)) return true;
      return !w.has(print.hi ^ READ_WITH_ID, print.lo) && w.add(print.hi, print.lo);
    }
    fingerprintEvent(e, print);
    if (!w.add(print.hi, print.lo)) return false;
    // Without a time it has no content identity; with one, a copy read without the ID is known by it.
    if (!fingerprintEvent(e, print, true)) return true;
    if (w.has(print.hi, print.lo)) return false;
    w.add(print.hi ^ READ_WITH_ID, print.lo);
    return true;
  };

  return {
    check(e) {
      if (window === null) return checkOrdered(e);
      if (remember(e)) return 'new';
      duplicates++;
      return 'duplicate';
    },
    fingerprintAll() {
      window ??= new FingerprintWindow(capacity);
      groups.clear();
      last = null;
    },
    recall(e) {
      if (window !== null) remember(e);
    },
    get fingerprinting() {
      return window !== null;
    },
    get duplicates() {
      return duplicates;
    },
    get overflow() {
      return window?.overflow ?? 0;
    },
    capacity,
  };
}
