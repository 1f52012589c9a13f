/**
 * The fields of a CloudWatch log event as JSON hands them over, made the types a LogEvent
 * holds. CloudWatch writes `message` as a string, `timestamp` as epoch milliseconds and the
 * ID as a string; an emulator, a script or a hand edit may write anything there. No event
 * is dropped or fails its input for that: what reads as a time is read, a message that is
 * not text is kept as its JSON text, and each event so changed is counted by kind, for the
 * reader to say (files) or to report as a metric (the log-shipping Lambda).
 */
import { MAX_DATE_MS, parseIso } from '../iso-time.ts';
import { jsonText } from '../kernel/index.ts';

/**
 * A message that is not a string is kept as its JSON text, up to this many characters
 * (CloudWatch's own bound on an event is 1 MB): any depth, written without recursion.
 */
export const MAX_COERCED_MESSAGE = 1 << 20;

/** Events whose fields were not of CloudWatch's types, by what was wrong. */
export interface OddEventCounts {
  /** Events with any of the faults below (each counted once). */
  events: number;
  /** Entries that were not CloudWatch events (not an object with a message or a timestamp). */
  notEvents: number;
  /** Messages that were not strings (null, a number, an object, an array). */
  messages: number;
  /** Events without a message. */
  noMessage: number;
  /** Timestamps written as text (epoch milliseconds or ISO 8601), read as the time they write. */
  textTimes: number;
  /** Timestamps missing or not readable as a time: the event is kept undated. */
  undated: number;
  /**
   * Timestamps that are numbers no log event can have (negative, or past what a date can
   * hold: `-1`, `1e20`): the event is kept undated, as placed at such a time it would be
   * printed in 1969 or cost and ship would file it under no day at all.
   */
  outOfRange: number;
  /** Event IDs that were neither strings nor whole numbers: left out. */
  ids: number;
  /** Events without an ID where CloudWatch always writes one (a subscription payload). */
  noId: number;
  /**
   * Elements of an array of events that are no object (text, a number, true or false, null),
   * by kind: each is kept as a line of its JSON text, undated.
   */
  loose: Record<LooseKind, number>;
}

/** What an element of an array of events that is not one can be. */
export type LooseKind = 'text' | 'number' | 'boolean' | 'null';

export function oddEventCounts(): OddEventCounts {
  return {
    events: 0,
    notEvents: 0,
    messages: 0,
    noMessage: 0,
    textTimes: 0,
    undated: 0,
    outOfRange: 0,
    ids: 0,
    noId: 0,
    loose: { text: 0, number: 0, boolean: 0, null: 0 },
  };
}

/** Whether `ms` is a time a log event can have: not before 1970, not past what a date holds. */
function isEventTime(ms: number): boolean {
  return ms >= 0 && ms <= MAX_DATE_MS;
}

/**
 * Counts an element of an array of events that is no object and no array (an array is one
 * of events, or a Logs Insights row): it is kept as a line (see `addEventsOfJson`).
 */
export function countLooseValue(value: unknown, odd: OddEventCounts): void {
  const kind = looseKind(value);
  if (kind === null) return;
  odd.loose[kind]++;
  odd.events++;
}

function looseKind(value: unknown): LooseKind | null {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return null;
  }
}

/** The fields every event has, of LogEvent's types. */
export interface EventFields {
  timestamp: number;
  message: string;
  eventId: string | undefined;
}

/** Epoch milliseconds as text (`"1790854315665"`, as a script's string formatting writes them). */
const EPOCH_TEXT = /^-?\d+(?:\.\d+)?$/;
/** An ISO 8601 date, with or without a time: what a hand-made event writes. */
const ISO_TEXT = /^\d{4}-\d{2}-\d{2}/;

/** A timestamp written as text, read as epoch ms; NaN when it reads as no time. */
function timeOfText(text: string): number {
  const t = text.trim();
  if (EPOCH_TEXT.test(t)) return Number(t);
  return ISO_TEXT.test(t) ? parseIso(t) : Number.NaN;
}

/**
 * Whether an entry where CloudWatch puts events (a payload's `logEvents`, a document's
 * `events`) can be read as one: an object with a message or a timestamp. Anything else is
 * kept by `lineOfEntry`.
 */
export function isEventEntry(entry: unknown): entry is Record<string, unknown> {
  return (
    typeof entry === 'object' &&
    entry !== null &&
    !Array.isArray(entry) &&
    ('message' in entry || 'timestamp' in entry)
  );
}

/**
 * An event's time, message and ID of LogEvent's types, counting in `odd` what had to be
 * changed. `idExpected`: the source always writes an ID (a subscription payload), so one
 * missing is odd; `filter-log-events` and `get-log-events` output may have none.
 */
export function eventFields(
  timestamp: unknown,
  message: unknown,
  id: unknown,
  idExpected: boolean,
  odd: OddEventCounts,
): EventFields {
  // CloudWatch's own types: nothing to change, nothing to count.
  if (
    typeof timestamp === 'number' &&
    isEventTime(timestamp) &&
    typeof message === 'string' &&
    typeof id === 'string'
  ) {
    return { timestamp, message, eventId: id };
  }
  let faulty = false;
  let time = Number.NaN;
  if (typeof timestamp === 'number') {
    if (isEventTime(timestamp)) time = timestamp;
    else {
      faulty = true;
      odd.outOfRange++;
    }
  } else {
    faulty = true;
    if (typeof timestamp === 'string') time = timeOfText(timestamp);
    if (!Number.isFinite(time)) odd.undated++;
    else if (isEventTime(time)) odd.textTimes++;
    else {
      odd.outOfRange++;
      time = Number.NaN;
    }
  }
  let text: string;
  if (typeof message === 'string') text = message;
  else if (message === undefined) {
    faulty = true;
    odd.noMessage++;
    text = '';
  } else {
    faulty = true;
    odd.messages++;
    text = jsonText(message, MAX_COERCED_MESSAGE).text;
  }
  let eventId: string | undefined;
  if (typeof id === 'string') eventId = id;
  else if (id === undefined || id === null) {
    if (idExpected) {
      faulty = true;
      odd.noId++;
    }
  } else if (Number.isSafeInteger(id)) {
    // Some emulators (moto) write IDs as whole numbers: read as their digits, as CloudWatch
    // writes its IDs, and nothing is odd about the event.
    eventId = String(id);
  } else {
    // Anything else names no event: a number past 2^53 may have lost digits in parsing, and
    // two events could then share one ID.
    faulty = true;
    odd.ids++;
  }
  if (faulty) odd.events++;
  return { timestamp: time, message: text, eventId };
}

/**
 * An entry that is not a CloudWatch event, kept as an undated line: a string as it is,
 * anything else (of any depth) as its JSON text.
 */
export function lineOfEntry(entry: unknown, odd: OddEventCounts): { timestamp: number; message: string } {
  odd.notEvents++;
  odd.events++;
  return {
    timestamp: Number.NaN,
    message: typeof entry === 'string' ? entry : jsonText(entry, MAX_COERCED_MESSAGE).text,
  };
}

const LOOSE_KINDS: readonly LooseKind[] = ['text', 'number', 'boolean', 'null'];
const LOOSE_WORDS: Record<LooseKind, string> = {
  text: 'text',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

/** What `odd` counted, in words: one note for each kind of fault found. */
export function oddEventNotes(odd: OddEventCounts): string[] {
  const notes: string[] = [];
  const events = (n: number) => `${n.toLocaleString('en')} CloudWatch event${n === 1 ? '' : 's'}`;
  if (odd.notEvents > 0) {
    const n = odd.notEvents;
    notes.push(
      `${n.toLocaleString('en')} ${n === 1 ? 'entry where an event belongs was' : 'entries where events belong were'} not a CloudWatch event (an object with a message or a timestamp): kept as ${n === 1 ? 'a line' : 'lines'} of ${n === 1 ? 'its' : 'their'} JSON text, undated`,
    );
  }
  if (odd.messages > 0) {
    notes.push(
      `${events(odd.messages)} had a message that is not text (null, a number, an object or an array): kept as JSON text`,
    );
  }
  if (odd.noMessage > 0) notes.push(`${events(odd.noMessage)} had no message: kept as an empty line`);
  if (odd.textTimes > 0) {
    notes.push(`${events(odd.textTimes)} had a timestamp written as text: read as the time it writes`);
  }
  if (odd.undated > 0) {
    notes.push(
      `${events(odd.undated)} had no timestamp that reads as a time (none, null, "NaN", …): kept undated, with the lines around ${odd.undated === 1 ? 'it' : 'them'}`,
    );
  }
  if (odd.outOfRange > 0) {
    notes.push(
      `${events(odd.outOfRange)} had a timestamp no date can have (negative, or past the year 275760): kept undated, with the lines around ${odd.outOfRange === 1 ? 'it' : 'them'}`,
    );
  }
  if (odd.ids > 0) {
    notes.push(
      `${events(odd.ids)} had an event ID that is neither text nor a whole number: left out, known by stream, time and message instead`,
    );
  }
  if (odd.noId > 0) {
    notes.push(`${events(odd.noId)} had no event ID: known by stream, time and message instead`);
  }
  for (const kind of LOOSE_KINDS) {
    const n = odd.loose[kind];
    if (n > 0) {
      notes.push(
        `${n.toLocaleString('en')} ${n === 1 ? 'element' : 'elements'} of an array of events ${n === 1 ? 'was' : 'were'} ${LOOSE_WORDS[kind]}, not an event: kept as ${n === 1 ? 'a line' : 'lines'} of ${n === 1 ? 'its' : 'their'} JSON text, undated`,
      );
    }
  }
  return notes;
}
