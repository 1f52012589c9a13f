/**
 * The correlator's state, as shapes: each log stream's (what it waits on, what it last
 * served) and each invocation's while its lines are still arriving. A stream points to the
 * invocation it served last and an invocation to its stream, so the two live together.
 */
import type { InitializationType, Invocation, InvocationLine } from '../model.ts';
import type { OutcomeFacts } from './outcome.ts';

/**
 * Lines a stream wrote while no request was open in it: an init phase (INIT_START,
 * RESTORE_*, what the code printed while loading), or, in a capture that starts mid-way,
 * the lines of a request whose START was not seen. The request the stream serves next
 * adopts them: a START takes an init phase (its cold start), a REPORT without a START
 * takes either.
 */
export interface PendingInit {
  /** Whether the lines are an init phase rather than the tail of an unseen request. */
  init: boolean;
  lines: { line: InvocationLine; time: number }[];
  /** What its lines count for against the bound on held text (held-text.ts). */
  bytes: number;
  runtimeVersion: string | null;
  region: string | null;
  functionName: string | null;
  initDurationMs: number | null;
  restoreDurationMs: number | null;
  /** How the environment was made, when its init records say (JSON initStart, INIT_REPORT, RESTORE_START). */
  initializationType: InitializationType | null;
}

/** What the correlator knows of one log stream; `stream-table.ts` finds it by group and name. */
export interface StreamState {
  readonly group: string;
  readonly name: string;
  /** The request between its START and its REPORT. */
  current: string | null;
  /** A reported request still taking trailing lines (XRAY suffix, old-style timeout line). */
  held: string | null;
  pendingInit: PendingInit | null;
  /**
   * The open invocation of this stream a line went to last. When streams interleave line by
   * line, the correlator's one last invocation is another stream's at every line; this one
   * still answers most lines without hashing their request ID. Cleared when it closes.
   */
  recent: OpenInvocation | null;
  /** Requests another START took the stream from before they reported (see set-aside.ts). */
  aside: SetAside | null;
}

/** A stream's requests set aside by another START, still open for their own lines (set-aside.ts). */
export interface SetAside {
  /**
   * Requests interrupted by an older-stamped START, in the order they were set aside: each
   * began after every one set aside later, and the last takes the stream back first.
   */
  resumable: OpenInvocation[];
  /** The request a later START took the stream from, while its END and REPORT may still come. */
  displaced: OpenInvocation | null;
}

/**
 * An invocation while its lines are still arriving: the public `Invocation` being filled
 * in, plus the facts that decide its status once it closes.
 */
export interface OpenInvocation {
  inv: Invocation;
  facts: OutcomeFacts;
  stream: StreamState;
  /**
   * Wall-clock ms of the last event attributed here, once the correlator tracks idleness
   * (NaN before); drives idle expiry in follow mode.
   */
  lastSeen: number;
  /** ms timestamps of the first and last timed line. */
  first: number;
  last: number;
  /**
   * The timestamps of the lines that set `first` and `last`, which are those times
   * formatted (null for a line without one): an invocation's start and end were formatted
   * again as it closed, two of every five or so times formatted in a text copy's parse.
   */
  firstText: string | null;
  lastText: string | null;
  /** Whether its START was seen: a REPORT without one may have lines anywhere in the input. */
  started: boolean;
  /** The number of the event its START was (0 without one): which input began it. */
  startedAt: number;
  /** What its kept lines count for against the bound on held text (held-text.ts). */
  heldBytes: number;
  /**
   * Lines of it were let go of at the bound on held text: it keeps no more, so that what it
   * keeps stays its first lines, as past the bound on lines.
   */
  shed: boolean;
  /**
   * Whether the correlator let go of it: the queues of open invocations (open-order.ts) skip
   * it by this flag, where looking its ID up in the open map for every entry they hold was
   * a twentieth of a text copy's parse.
   */
  closed: boolean;
}
