import type { StandInReason } from '../lambda/stand-in.ts';

/**
 * Completeness as data: what the CLI footer and the TUI status bar show so a user can tell
 * "nothing happened" from "we are behind" or "we are being throttled".
 */

export type SourceMode = 'history' | 'follow' | 'live';

export interface GroupStatus {
  logGroup: string;
  /** Epoch ms of the last completed poll (or live update), null before the first. */
  lastPollAt: number | null;
  /**
   * How late the last poll saw what it found: now minus the ingestion time of its newest
   * event; 0 when it found nothing new (caught up) or read the start window; null before any poll.
   */
  lagMs: number | null;
  /** Current polling interval for this group (ms); 0 for live transport. */
  intervalMs: number;
  /** True while the last call for this group was throttled and not yet retried successfully. */
  throttled: boolean;
  /** True when Live Tail reported sampling since the last backfill completed. */
  sampled: boolean;
  /** True when the log group does not exist (yet). */
  missing: boolean;
  /** Events handed on (read, less those of `otherFunctions`). */
  delivered: number;
  /**
   * Events read and left out because their stream names a function not asked for (a
   * custom log group several functions write to).
   */
  otherFunctions: number;
  /** Events seen again in the look-back window and skipped. */
  duplicates: number;
  /** Events delivered whose timestamp was already behind the watermark when they arrived. */
  late: number;
  /** Events ingested later than the look-back after their timestamp, found by a wider sweep. */
  swept: number;
  /** Look-back reads run (every read that reached past where new events start, sweeps included). */
  lookBacks: number;
  /** Of `duplicates`, those read again by look-back reads and sweeps. */
  lookBackDuplicates: number;
  /** Wider sweeps run. */
  sweeps: number;
  /** Events stamped ahead of their ingestion (a stream whose clock runs fast). */
  futureStamped: number;
  /** How far ahead the most skewed of them was, ms. */
  maxAheadMs: number;
  /** The stream of the last of them. */
  skewedStream: string | null;
  /** The function named whose configuration Lambda did not give: this, its default group, is read in its place. */
  standInFor: { functionName: string; reason: StandInReason } | null;
}

export interface SourceStatus {
  mode: SourceMode;
  groups: GroupStatus[];
  /** Throttling responses received since start. */
  throttleCount: number;
  /** API calls made since start, per IAM action. */
  calls: Record<string, number>;
  /** Seen-ID entries dropped because the look-back set hit its bound (risk of a duplicate). */
  seenOverflow: number;
  /** Live Tail sessions started (including renewals and reconnects). */
  sessions: number;
  /** Backfills run to close Live Tail gaps. */
  backfills: number;
  /** Why Live Tail cannot open a session now (it keeps trying); null while one is open. */
  liveTailClosedBy: string | null;
  /** Why the events before the Live Tail session (the start, a gap) could not be read; null once they are. */
  backfillFailedBy: string | null;
}

/** Read-only view of a running source; `snapshot()` returns a copy that is safe to keep. */
export interface StatusHandle {
  snapshot(): SourceStatus;
}

/** Mutable status kept by a source; only the source writes it. */
export class StatusBoard implements StatusHandle {
  private readonly groups = new Map<string, GroupStatus>();
  throttleCount = 0;
  seenOverflow = 0;
  sessions = 0;
  backfills = 0;
  liveTailClosedBy: string | null = null;
  backfillFailedBy: string | null = null;

  constructor(
    readonly mode: SourceMode,
    logGroups: string[],
    private readonly callCounts: () => Record<string, number>,
  ) {
    for (const g of logGroups) {
      this.groups.set(g, {
        logGroup: g,
        lastPollAt: null,
        lagMs: null,
        intervalMs: 0,
        throttled: false,
        sampled: false,
        missing: false,
        delivered: 0,
        otherFunctions: 0,
        duplicates: 0,
        late: 0,
        swept: 0,
        lookBacks: 0,
        lookBackDuplicates: 0,
        sweeps: 0,
        futureStamped: 0,
        maxAheadMs: 0,
        skewedStream: null,
        standInFor: null,
      });
    }
  }

  group(logGroup: string): GroupStatus {
    const g = this.groups.get(logGroup);
    if (!g) throw new Error(`status: unknown log group ${logGroup}`);
    return g;
  }

  snapshot(): SourceStatus {
    return {
      mode: this.mode,
      groups: [...this.groups.values()].map((g) => ({ ...g })),
      throttleCount: this.throttleCount,
      calls: this.callCounts(),
      seenOverflow: this.seenOverflow,
      sessions: this.sessions,
      backfills: this.backfills,
      liveTailClosedBy: this.liveTailClosedBy,
      backfillFailedBy: this.backfillFailedBy,
    };
  }
}
