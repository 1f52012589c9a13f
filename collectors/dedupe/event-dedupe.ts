/**
 * Drops input events already read: the same export given twice, overlapping exports, a
 * subscription batch delivered twice. Without it every count and every dollar doubles.
 * Events are known by CloudWatch event ID, or by group, stream, time and message when they
 * carry none; an input that names no group stands for its function (see fingerprint.ts).
 *
 * Identical lines of one stream in one millisecond are common (`console.log` in a loop), and
 * without IDs nothing tells them apart, so events without IDs are counted, not just seen:
 * one input (a file, stdin) holds as many such events as it has copies, and an input read
 * after it is a copy of them for as many as were already given, adding only the rest (the
 * most any input held). An event with an ID is known by its ID, and counted under its
 * content too, one per distinct ID, so that a copy read without IDs matches up to that many
 * and a later event with a new ID is a copy only when copies without IDs already gave it.
 * Counting per input is what tells twins from a copy. An ID is one event's, so an event read
 * with an ID another event of the stream had with another time or message (a hand-made or
 * damaged input) is not a copy: it is kept, known by its ID and content together, and
 * counted (`reusedIds`) when it shares that event's millisecond. Within one input, a stream whose time
 * goes back begins another pass over it (`cat old.log new.log |`, two overlapping copies
 * concatenated): each pass is counted as an input of its own, so twins stay two and the
 * overlap is read once.
 *
 * Fingerprinting every event costs about a third of a text copy's parse, so it waits until
 * it can matter. A copy of an event comes after the event, in the same stream, at the same
 * time, from another input (or with the same ID): so while every stream's time only moves
 * forward, and a millisecond a stream shares with an earlier input makes the check unsure,
 * nothing read can be a copy (events with IDs of one millisecond are compared exactly: an ID
 * met again there makes the check unsure, as only fingerprints compare messages). The
 * first event that breaks that rule makes the check "unsure": the reader then hands over
 * everything read so far (files can be read again) and from there on every event is
 * fingerprinted into one bounded window. Input that cannot be read again (stdin) is
 * fingerprinted from the start.
 */
import { RecentMap } from '../files/recent-map.ts';
import { STREAMS_REMEMBERED } from '../line-time.ts';
import type { LogEvent } from '../model.ts';
import { type Fingerprint, fingerprintEvent, identityGroup, messageTag, withTag } from './fingerprint.ts';
import { FingerprintWindow } from './window.ts';

/**
 * Fingerprints remembered, 48 MB at most: a month of a busy function's REPORT lines. An event
 * read with its ID takes two (see `remember`).
 */
export const DEFAULT_DEDUPE_WINDOW = 1_000_000;
/** Streams whose passes are numbered (see `passOf`). */
const MAX_STREAMS = 100_000;
/** Events with IDs of one millisecond of one stream compared exactly; past it, fingerprinted. */
const MAX_SAME_MS = 64;

/**
 * 'id-reused': new, though an event of the same millisecond and another message was read
 * with its ID before (an ID is one event's: the input was made or changed by hand); kept,
 * and counted. One of another time is not a copy either, and is kept as 'new'.
 */
export type DedupeVerdict = 'new' | 'duplicate' | 'unsure' | 'id-reused';

export interface EventDedupe {
  /**
   * Whether `event`, read from input number `input`, was read before. Inputs are numbered
   * by the caller, one number per input for the whole run (an input read again by `recall`
   * keeps its number): copies inside one input are counted, not dropped (see above).
   * 'unsure' only before `fingerprintAll`: the caller must then call it, hand everything it
   * read before this event to `recall`, and ask again.
   */
  check(event: LogEvent, input: number): DedupeVerdict;
  /** From now on every event is fingerprinted. */
  fingerprintAll(): void;
  /** Remembers an event read before (read again for this), without judging it. */
  recall(event: LogEvent, input: number): void;
  readonly fingerprinting: boolean;
  /** Events dropped as duplicates. */
  readonly duplicates: number;
  /** Events kept though their ID was another's of the same millisecond (see `DedupeVerdict`). */
  readonly reusedIds: number;
  /** Events that fell out of the window (a later copy of one of them would not be caught). */
  readonly overflow: number;
  readonly capacity: number;
  /** Streams the check follows while nothing was seen twice (see `streamOf`), and those forgotten. */
  readonly streams: { held: number; forgotten: number };
}

interface StreamTime {
  /** The stream's group (see `streamOf`). */
  group: string | undefined;
  maxTs: number;
  /** The input that read events at `maxTs`. */
  input: number;
  /** IDs of the events with IDs at `maxTs`: the first `count` entries. */
  sameMs: string[];
  count: number;
  /** Whether events at `maxTs` carry IDs (else not): one kind cannot be told from a copy of the other. */
  byId: boolean;
}

/**
 * Counters of a content fingerprint (group, stream, time, message): GIVEN events passed on
 * with that content; IDS distinct event IDs read with it; IN_INPUT copies read without an ID
 * by pass INPUT over the stream (its number + 1, 0 for none; see `passOf`).
 */
const GIVEN = 0;
const IDS = 1;
const IN_INPUT = 2;
const INPUT = 3;
/** Of an entry by ID: the tag of its event's time and message, and that time's 64 bits (see `remember`). */
const TAG = 0;
const TIME_LOW = 1;
const TIME_HIGH = 2;
const LANES = 4;

/** An event time's bits, as two words a window's counters hold. */
const timeBits = new Float64Array(1);
const timeWords = new Uint32Array(timeBits.buffer);

/** Where a stream is in the input it was last read in: its latest time, and the pass over it. */
interface StreamPass {
  input: number;
  latest: number;
  pass: number;
}

/**
 * `followed`: streams the check follows while nothing was seen twice (see `streamOf`), as
 * many as the lines' places keep (see line-time.ts).
 */
export function createEventDedupe(
  capacity = DEFAULT_DEDUPE_WINDOW,
  followed = STREAMS_REMEMBERED,
): EventDedupe {
  let window: FingerprintWindow | null = null;
  // Passes are numbered across inputs: a pass is what counting calls an input.
  const passes = new Map<string, StreamPass>();
  let nextPass = 0;
  // The last event's group and stream: consecutive events mostly share them, and then no key is built.
  let lastPassGroup: string | undefined;
  let lastPassStream: string | undefined;
  let lastPass: StreamPass | null = null;
  /**
   * The pass an event without an ID belongs to: a new one when its stream first appears in
   * `input`, or when the stream's time goes back within it. Past MAX_STREAMS streams, the
   * input itself (offset so as not to meet a pass number).
   */
  const passOf = (e: LogEvent, input: number): number => {
    const group = identityGroup(e);
    let state =
      lastPass !== null && group === lastPassGroup && e.logStream === lastPassStream
        ? lastPass
        : (passes.get(`${group ?? ''}\u0000${e.logStream ?? ''}`) ?? null);
    if (state === null) {
      if (passes.size >= MAX_STREAMS) return 0x40000000 + input;
      state = { input, latest: e.timestamp, pass: nextPass++ };
      passes.set(`${group ?? ''}\u0000${e.logStream ?? ''}`, state);
    } else if (state.input !== input || e.timestamp < state.latest) {
      state.input = input;
      state.pass = nextPass++;
      state.latest = e.timestamp;
    } else if (e.timestamp > state.latest) {
      state.latest = e.timestamp;
    }
    lastPassGroup = group;
    lastPassStream = e.logStream;
    lastPass = state;
    return state.pass;
  };
  const print: Fingerprint = { hi: 0, lo: 0 };
  const content: Fingerprint = { hi: 0, lo: 0 };
  let duplicates = 0;
  let reusedIds = 0;
  // Streams followed while nothing was seen twice, the last `followed` / 2 read always
  // among them. A stream forgotten leaves its latest time in `forgottenUpTo`: an event of a
  // stream not followed at or before that time may be a copy of one forgotten (see `streamOf`).
  let forgottenUpTo = Number.NEGATIVE_INFINITY;
  const forget = (s: StreamTime) => {
    if (s.maxTs > forgottenUpTo) forgottenUpTo = s.maxTs;
  };
  // Looked up by the stream's name alone: streams interleaved line by line miss `last` on
  // every line, and a key built of group and name would be a new string to hash each time.
  // A stream whose name a stream of another group holds there is followed by both.
  let byName = new RecentMap<string, StreamTime>(followed, forget);
  let byGroupAndName = new RecentMap<string, StreamTime>(followed, forget);
  let lastGroup: string | undefined;
  let lastStream: string | undefined;
  let last: StreamTime | null = null;

  /**
   * The state of the event's stream; null when the stream is not followed and the event is
   * not after every time forgotten, so that only fingerprints can tell whether it is a copy.
   * A copy comes at its event's time in its event's stream, so an event after the latest
   * time of every stream forgotten is no copy of a forgotten stream's event: forgetting
   * changes no verdict but for events at or before it, which become 'unsure', never 'new'.
   */
  const streamOf = (e: LogEvent): StreamTime | null => {
    const group = identityGroup(e);
    if (last !== null && group === lastGroup && e.logStream === lastStream) return last;
    const name = e.logStream ?? '';
    const named = byName.get(name);
    let state = named !== undefined && named.group === group ? named : undefined;
    if (state === undefined) {
      // Not under its name: under its group and name, where it went while another group's
      // stream held the name (which may have been forgotten since).
      const key = `${group ?? ''}\u0000${name}`;
      state = byGroupAndName.get(key);
      if (state === undefined) {
        if (!(e.timestamp > forgottenUpTo)) return null;
        state = { group, maxTs: Number.NEGATIVE_INFINITY, input: -1, sameMs: [], count: 0, byId: false };
        if (named === undefined) byName.set(name, state);
        else byGroupAndName.set(key, state);
      }
    }
    lastGroup = group;
    lastStream = e.logStream;
    last = state;
    return state;
  };

  /** Exact check while no stream has gone back in time. */
  const checkOrdered = (e: LogEvent, input: number): DedupeVerdict => {
    const ts = e.timestamp;
    const id = e.eventId;
    if (!Number.isFinite(ts) && id === undefined) return 'new';
    const s = streamOf(e);
    if (s === null || !(ts >= s.maxTs)) return 'unsure';
    const same = s.sameMs;
    if (ts > s.maxTs) {
      // Entries past `count` are overwritten, never cut: setting an array's length is slow.
      s.maxTs = ts;
      s.input = input;
      s.byId = id !== undefined;
      if (id !== undefined) same[0] = id;
      s.count = id === undefined ? 0 : 1;
      return 'new';
    }
    // The same millisecond of the same stream, read again by a later input, or by the same
    // one with and without IDs: only counting can tell.
    if (input !== s.input || (id !== undefined) !== s.byId) return 'unsure';
    // Lines without IDs of one input are all kept (see above).
    if (id === undefined) return 'new';
    // The ID again: a copy, or another event given the same ID, which only the message
    // tells. Messages are compared by fingerprint, which waits until it can matter.
    for (let i = 0; i < s.count; i++) if (same[i] === id) return 'unsure';
    if (s.count >= MAX_SAME_MS) return 'unsure';
    same[s.count++] = id;
    return 'new';
  };

  /**
   * Whether the event is new to the window (or has no identity), and, when it is, whether
   * its ID was another's. An event read with its ID is known by the ID, and its entry keeps
   * a tag of the event's time and message and the time itself: a copy has the same tag,
   * while another event given the same ID (by a hand-made or damaged input) is an event of
   * its own, known by ID and tag together. It is told as one whose ID was reused when it
   * shares the first one's millisecond, as the ordered check tells it (see `checkOrdered`).
   */
  const remember = (e: LogEvent, input: number): DedupeVerdict => {
    const w = window as FingerprintWindow;
    if (e.eventId !== undefined) {
      // Without a time it has no content identity; with one, a copy read without the ID is known by it.
      const dated = fingerprintEvent(e, content, true);
      const tag = dated ? content.lo : messageTag(e);
      fingerprintEvent(e, print);
      timeBits[0] = e.timestamp;
      let reused = false;
      const known = w.locate(print.hi, print.lo);
      if (known >= 0) {
        if (w.value(known, TAG) === tag) return 'duplicate';
        reused = w.value(known, TIME_LOW) === timeWords[0] && w.value(known, TIME_HIGH) === timeWords[1];
        withTag(print, tag);
        if (w.has(print.hi, print.lo)) return 'duplicate';
      }
      const at = w.put(print.hi, print.lo);
      w.setValue(at, TAG, tag);
      w.setValue(at, TIME_LOW, timeWords[0] as number);
      w.setValue(at, TIME_HIGH, timeWords[1] as number);
      const kept = reused ? 'id-reused' : 'new';
      if (!dated) return kept;
      const same = w.locate(content.hi, content.lo);
      if (same < 0) {
        const put = w.put(content.hi, content.lo);
        w.setValue(put, GIVEN, 1);
        w.setValue(put, IDS, 1);
        return kept;
      }
      // A new ID: one of the copies without IDs already given, until there are more IDs than those.
      const ids = w.value(same, IDS) + 1;
      w.setValue(same, IDS, ids);
      if (ids <= w.value(same, GIVEN)) return 'duplicate';
      w.setValue(same, GIVEN, ids);
      return kept;
    }
    if (!fingerprintEvent(e, print, true)) return 'new';
    const pass = passOf(e, input);
    const at = w.locate(print.hi, print.lo);
    if (at < 0) {
      const put = w.put(print.hi, print.lo);
      w.setValue(put, GIVEN, 1);
      w.setValue(put, IN_INPUT, 1);
      w.setValue(put, INPUT, pass + 1);
      return 'new';
    }
    let copies = 1;
    if (w.value(at, INPUT) === pass + 1) copies += w.value(at, IN_INPUT);
    else w.setValue(at, INPUT, pass + 1);
    w.setValue(at, IN_INPUT, copies);
    if (copies <= w.value(at, GIVEN)) return 'duplicate';
    w.setValue(at, GIVEN, copies);
    return 'new';
  };

  return {
    check(e, input) {
      if (window === null) return checkOrdered(e, input);
      const verdict = remember(e, input);
      if (verdict === 'duplicate') duplicates++;
      else if (verdict === 'id-reused') reusedIds++;
      return verdict;
    },
    fingerprintAll() {
      window ??= new FingerprintWindow(capacity, LANES);
      byName = new RecentMap(2);
      byGroupAndName = new RecentMap(2);
      last = null;
    },
    recall(e, input) {
      if (window !== null) remember(e, input);
    },
    get fingerprinting() {
      return window !== null;
    },
    get duplicates() {
      return duplicates;
    },
    get reusedIds() {
      return reusedIds;
    },
    get overflow() {
      return window?.overflow ?? 0;
    },
    capacity,
    get streams() {
      return {
        held: byName.size + byGroupAndName.size,
        forgotten: byName.forgotten + byGroupAndName.forgotten,
      };
    },
  };
}
