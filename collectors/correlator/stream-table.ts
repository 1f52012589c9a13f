/**
 * What the correlator knows of each log stream, found by group and stream name without
 * building a combined key per event (a string concatenation and hash per line).
 */
import type { InitializationType, InvocationLine } from '../model.ts';
import type { OpenInvocation } from './open-invocation.ts';

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
  runtimeVersion: string | null;
  region: string | null;
  functionName: string | null;
  initDurationMs: number | null;
  restoreDurationMs: number | null;
  /** How the environment was made, when its init records say (JSON initStart, INIT_REPORT, RESTORE_START). */
  initializationType: InitializationType | null;
}

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
}

export class StreamTable {
  private readonly groups = new Map<string, Map<string, StreamState>>();
  /**
   * The stream of the last lookup: events come in runs of one stream, and readers hand over
   * the same name string for a run, so this answers most lookups with two pointer compares.
   */
  private last: StreamState | null = null;

  /** The state of a stream, created empty on first sight. */
  get(group: string, name: string): StreamState {
    const last = this.last;
    if (last !== null && last.name === name && last.group === group) return last;
    let streams = this.groups.get(group);
    if (!streams) {
      streams = new Map();
      this.groups.set(group, streams);
    }
    let s = streams.get(name);
    if (!s) {
      s = { group, name, current: null, held: null, pendingInit: null, recent: null };
      streams.set(name, s);
    }
    this.last = s;
    return s;
  }

  /** Forgets a stream that holds nothing, so that the table stays bounded. */
  prune(s: StreamState): void {
    if (s.current || s.held || s.pendingInit) return;
    if (this.last === s) this.last = null;
    const streams = this.groups.get(s.group);
    if (streams?.get(s.name) !== s) return;
    streams.delete(s.name);
    if (streams.size === 0) this.groups.delete(s.group);
  }

  *values(): IterableIterator<StreamState> {
    for (const streams of this.groups.values()) yield* streams.values();
  }

  clear(): void {
    this.last = null;
    this.groups.clear();
  }
}
