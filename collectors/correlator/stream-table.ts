/**
 * What the correlator knows of each log stream, found by group and stream name without
 * building a combined key per event (a string concatenation and hash per line).
 */
import type { StreamState } from './state.ts';

export class StreamTable {
  private readonly groups = new Map<string, Map<string, StreamState>>();
  /**
   * The stream of the last lookup: events come in runs of one stream, and readers hand over
   * the same name string for a run, so this answers most lookups with two pointer compares.
   */
  private last: StreamState | null = null;
  /**
   * The streams of the last lookup's group: streams interleaved line by line (a busy
   * function's tail) are mostly of one group, so a stream seen before is found by one
   * lookup, by its name, as the last one would have been found.
   */
  private lastGroup: string | null = null;
  private lastStreams: Map<string, StreamState> | null = null;

  /** The state of a stream, created empty on first sight. */
  get(group: string, name: string): StreamState {
    const last = this.last;
    if (last !== null && last.name === name && last.group === group) return last;
    let streams = group === this.lastGroup ? this.lastStreams : this.groups.get(group);
    if (!streams) {
      streams = new Map();
      this.groups.set(group, streams);
    }
    this.lastGroup = group;
    this.lastStreams = streams;
    let s = streams.get(name);
    if (!s) {
      s = { group, name, current: null, held: null, pendingInit: null, recent: null, aside: null };
      streams.set(name, s);
    }
    this.last = s;
    return s;
  }

  /** Forgets a stream that holds nothing, so that the table stays bounded. */
  prune(s: StreamState): void {
    if (s.current || s.held || s.pendingInit || s.aside) return;
    if (this.last === s) this.last = null;
    const streams = s.group === this.lastGroup ? this.lastStreams : this.groups.get(s.group);
    if (streams?.get(s.name) !== s) return;
    streams.delete(s.name);
    if (streams.size > 0) return;
    this.groups.delete(s.group);
    if (this.lastStreams === streams) {
      this.lastGroup = null;
      this.lastStreams = null;
    }
  }

  *values(): IterableIterator<StreamState> {
    for (const streams of this.groups.values()) yield* streams.values();
  }

  clear(): void {
    this.last = null;
    this.lastGroup = null;
    this.lastStreams = null;
    this.groups.clear();
  }
}
