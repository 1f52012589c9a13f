/**
 * What the logs say once about where an invocation ran, kept per log stream and per log
 * group so that every invocation of the stream gets it, not only the cold start that said
 * it. A stream is one execution environment: its INIT_START (or RESTORE_START) names the
 * runtime, the Region (in the runtime version ARN) and how the environment was made
 * (on demand, provisioned concurrency, SnapStart). A group belongs to one account and one
 * Region, so any stream's Region, a function ARN or a subscription payload's owner
 * stands for the whole group, including streams whose start the input does not hold.
 *
 * Bounded: a run over many thousands of streams forgets the oldest ones first (counted).
 */

import type { InitializationType } from '../model.ts';

/** Facts of one execution environment (log stream). */
export interface StreamFacts {
  region: string | null;
  accountId: string | null;
  runtimeVersion: string | null;
  initializationType: InitializationType | null;
}

/** Facts every stream of a log group shares. */
export interface GroupFacts {
  region: string | null;
  accountId: string | null;
  /** The runtime version last seen starting an environment of the group. */
  runtimeVersion: string | null;
}

export interface StreamContextLimits {
  /** Streams remembered at once (default 50,000). */
  maxStreams?: number;
  /** Groups remembered at once (default 10,000). */
  maxGroups?: number;
}

export interface StreamContextStats {
  streams: number;
  groups: number;
  /** Streams (and groups) forgotten to stay within the limits. */
  evicted: number;
}

/**
 * What a table learned, as plain data in the order it was learned: it survives a structured
 * clone (another thread), where the table itself would lose its private fields.
 */
export interface StreamContextSnapshot {
  groups: Array<[group: string, facts: GroupFacts]>;
  streams: Array<[group: string, name: string, facts: StreamFacts]>;
  evicted: number;
}

function emptyStream(): StreamFacts {
  return { region: null, accountId: null, runtimeVersion: null, initializationType: null };
}

function emptyGroup(): GroupFacts {
  return { region: null, accountId: null, runtimeVersion: null };
}

/**
 * Keys are the correlator's: the log group (or, for local files without one, the
 * function name the file stands for) and the stream name.
 */
export class StreamContextTable {
  private readonly streams = new Map<string, Map<string, StreamFacts>>();
  private readonly groups = new Map<string, GroupFacts>();
  /**
   * Groups in the order they were learned, from `groupHead` on: the oldest is evicted from
   * here, not from the front of the map, for the reason given at `evictOldestStream`.
   * Groups leave only by eviction, so the head is always the oldest one held.
   */
  private groupOrder: string[] = [];
  private groupHead = 0;
  private streamCount = 0;
  /** Streams in the order they were learned, from `orderHead` on (entries before it are done). */
  private order: ([string, string] | undefined)[] = [];
  private orderHead = 0;
  private evicted = 0;
  private readonly maxStreams: number;
  private readonly maxGroups: number;
  /** Lookups come in runs of one stream: the last answer is checked first. */
  private lastGroup = '';
  private lastName = '';
  private lastFacts: StreamFacts | null = null;

  constructor(limits: StreamContextLimits = {}) {
    this.maxStreams = limits.maxStreams ?? 50_000;
    this.maxGroups = limits.maxGroups ?? 10_000;
  }

  /** The facts of a group, or null when nothing was learned of it. */
  group(group: string): GroupFacts | null {
    return this.groups.get(group) ?? null;
  }

  /** The facts of a stream, or null when nothing was learned of it. */
  stream(group: string, name: string): StreamFacts | null {
    if (this.lastFacts !== null && this.lastName === name && this.lastGroup === group) return this.lastFacts;
    return this.streams.get(group)?.get(name) ?? null;
  }

  /** Learns facts of one stream; Region, account and runtime also hold for its group. */
  learnStream(group: string, name: string, facts: Partial<StreamFacts>): void {
    const s = this.streamFacts(group, name);
    if (facts.region) s.region = facts.region;
    if (facts.accountId) s.accountId = facts.accountId;
    if (facts.runtimeVersion) s.runtimeVersion = facts.runtimeVersion;
    if (facts.initializationType) s.initializationType = facts.initializationType;
    this.learnGroup(group, {
      region: facts.region ?? null,
      accountId: facts.accountId ?? null,
      runtimeVersion: facts.runtimeVersion ?? null,
    });
  }

  /** A new environment started in the stream: what the old one was no longer holds. */
  resetStream(group: string, name: string): void {
    const s = this.stream(group, name);
    if (s) s.initializationType = null;
  }

  /** Learns facts of a group (from discovery, a function ARN, a payload's owner…). */
  learnGroup(group: string, facts: Partial<GroupFacts>): void {
    if (!facts.region && !facts.accountId && !facts.runtimeVersion) return;
    let g = this.groups.get(group);
    if (!g) {
      if (this.groups.size >= this.maxGroups) this.evictOldestGroup();
      g = emptyGroup();
      this.groups.set(group, g);
      this.groupOrder.push(group);
    }
    if (facts.region) g.region = facts.region;
    if (facts.accountId) g.accountId = facts.accountId;
    if (facts.runtimeVersion) g.runtimeVersion = facts.runtimeVersion;
  }

  /** What holds for an invocation of this stream: its own facts, then its group's. */
  resolve(group: string, name: string): StreamFacts {
    const s = this.stream(group, name);
    const g = this.groups.get(group);
    return {
      region: s?.region ?? g?.region ?? null,
      accountId: s?.accountId ?? g?.accountId ?? null,
      runtimeVersion: s?.runtimeVersion ?? g?.runtimeVersion ?? null,
      initializationType: s?.initializationType ?? null,
    };
  }

  /** A copy of what the table holds, oldest learned first, independent of later learning. */
  snapshot(): StreamContextSnapshot {
    const groups: StreamContextSnapshot['groups'] = [];
    for (let i = this.groupHead; i < this.groupOrder.length; i++) {
      const group = this.groupOrder[i] as string;
      const facts = this.groups.get(group);
      if (facts) groups.push([group, { ...facts }]);
    }
    const streams: StreamContextSnapshot['streams'] = [];
    for (let i = this.orderHead; i < this.order.length; i++) {
      const entry = this.order[i];
      const facts = entry && this.streams.get(entry[0])?.get(entry[1]);
      if (entry && facts) streams.push([entry[0], entry[1], { ...facts }]);
    }
    return { groups, streams, evicted: this.evicted };
  }

  /**
   * Learns what another table learned, as if it had come after this table's own input:
   * its non-null facts win, its new groups and streams come after the ones held here, and
   * the limits hold (the oldest are forgotten first, as always). Group facts are taken as
   * they stand, not re-derived from the streams, so a group keeps the runtime it last said.
   */
  merge(snap: StreamContextSnapshot): void {
    for (const [group, facts] of snap.groups) this.learnGroup(group, facts);
    for (const [group, name, facts] of snap.streams) {
      const s = this.streamFacts(group, name);
      if (facts.region) s.region = facts.region;
      if (facts.accountId) s.accountId = facts.accountId;
      if (facts.runtimeVersion) s.runtimeVersion = facts.runtimeVersion;
      if (facts.initializationType) s.initializationType = facts.initializationType;
    }
    this.evicted += snap.evicted;
  }

  /** Every group with what is known of it, in the order the groups were learned. */
  groupEntries(): IterableIterator<[string, GroupFacts]> {
    return this.groups.entries();
  }

  stats(): StreamContextStats {
    return { streams: this.streamCount, groups: this.groups.size, evicted: this.evicted };
  }

  private streamFacts(group: string, name: string): StreamFacts {
    const known = this.stream(group, name);
    if (known) return known;
    // Evicted first: the stream let go of may be the last of this very group's map.
    if (this.streamCount >= this.maxStreams) this.evictOldestStream();
    let byName = this.streams.get(group);
    if (!byName) {
      byName = new Map();
      this.streams.set(group, byName);
    }
    const s = emptyStream();
    byName.set(name, s);
    this.order.push([group, name]);
    this.streamCount++;
    this.lastGroup = group;
    this.lastName = name;
    this.lastFacts = s;
    return s;
  }

  /** Forgets the group learned first (200,000 groups past the bound took 1.5 s from the map's front). */
  private evictOldestGroup(): void {
    const oldest = this.groupOrder[this.groupHead] as string;
    this.groupHead++;
    // The done front is dropped once it is most of the array, so that it stays near the bound.
    if (this.groupHead > 4096 && this.groupHead * 2 > this.groupOrder.length) {
      this.groupOrder = this.groupOrder.slice(this.groupHead);
      this.groupHead = 0;
    }
    this.groups.delete(oldest);
    this.evicted++;
  }

  /**
   * Forgets the stream learned first. Taken from a queue of what was learned, not from the
   * front of the maps: V8 leaves deleted entries in a Map until it grows, and walking past
   * them to the oldest live one made each eviction cost as much as the table (a million
   * streams that only log an init phase took over a minute).
   */
  private evictOldestStream(): void {
    while (this.order.length > this.orderHead) {
      const [group, name] = this.order[this.orderHead] as [string, string];
      this.order[this.orderHead] = undefined;
      this.orderHead++;
      if (this.orderHead > 4096 && this.orderHead * 2 > this.order.length) {
        this.order.splice(0, this.orderHead);
        this.orderHead = 0;
      }
      const byName = this.streams.get(group);
      const facts = byName?.get(name);
      if (!byName || !facts) continue;
      byName.delete(name);
      if (byName.size === 0) this.streams.delete(group);
      if (facts === this.lastFacts) this.lastFacts = null;
      this.streamCount--;
      this.evicted++;
      return;
    }
  }
}
