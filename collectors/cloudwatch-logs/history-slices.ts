/**
 * One log group's history read as time slices fetched side by side. Page after page of one
 * FilterLogEvents query waits for each answer before it can ask for the next (the next
 * page's token is in the answer), so a long range costs its pages' latencies one after
 * another; and a server that scans the whole range for every page (moto does) pays that
 * scan once a page. Cut into slices that each hold about a page, the range is asked for
 * several slices at once, within the process's one call budget, and each call scans only
 * its slice.
 *
 * Nothing tells how the events spread over the range before some are read, so the whole
 * range is asked for first (a short history then costs one call, as it would paged). When
 * its first page is not all, the rest of the range is cut where that page ends, into
 * slices that each hold about a page at the density the page showed; every slice's answer
 * tells the density again (four times as wide after an empty one), and a slice that holds
 * more than a page is cut again the same way rather than paged through call after call.
 *
 * Slices are disjoint and follow each other in time, so they are read in order, each in
 * the API's (timestamp) order: the events come out in time order with nothing to merge.
 * While one slice is read the next ones are already being fetched, a bounded number ahead,
 * so parsing does not wait on the network unless the network is the slower side.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CallContext } from '../aws/call.ts';
import type { LogEvent } from '../model.ts';
import { type FilterPage, type FilterQuery, filterPage } from './filter-page.ts';
import type { StatusBoard } from './source-status.ts';

export interface SliceOptions {
  /**
   * Slices in hand (being fetched, or fetched and not yet read) ahead of the one being
   * read, default 4: the server works on the next pages while this process parses, and
   * what is held stays a few pages, whatever the range.
   */
  ahead?: number | undefined;
}

const DEFAULT_PAGE = 10_000;
/** A slice is cut to hold this share of a page at the density seen last, so most take one call. */
const FILL = 0.9;
/** Pages a slice that must be paged through (one millisecond's events, or odd pages) holds ahead of its reader. */
const PAGES_AHEAD = 2;

type FetchPage = (query: FilterQuery, token: string | undefined) => Promise<FilterPage>;

/** Every event of one group in the range, in the API's (timestamp) order, read as time slices. */
export async function* readGroupSliced(
  client: CloudWatchLogsClient,
  ctx: CallContext,
  query: FilterQuery,
  status?: StatusBoard,
  options: SliceOptions = {},
): AsyncGenerator<LogEvent[]> {
  const fetchPage = pageFetcher(client, ctx, query.logGroup, status);
  const plan = new SlicePlanner(query, ctx.clock.now(), query.pageSize ?? DEFAULT_PAGE);
  const reader = new SliceReader(fetchPage, plan, options.ahead ?? 4);
  for await (const page of reader.pages()) {
    // Counted as read, not as fetched: a page's last millisecond is fetched twice.
    if (status) status.group(query.logGroup).delivered += page.length;
    yield page;
  }
}

/**
 * Cuts a range into slices, one at a time, from the density seen last. The last slice is
 * open-ended when the query is: events stamped after the read began are read too, as one
 * query of the whole range would.
 */
export class SlicePlanner {
  private next: number;
  private readonly end: number;
  private perMs: number;
  /** The highest density seen yet. */
  private busiest = 0;

  constructor(
    private readonly query: FilterQuery,
    now: number,
    private readonly pageSize: number,
  ) {
    this.next = query.startTime;
    this.end = query.endTime ?? Math.max(now, query.startTime);
    // The first slice is the whole range: a range of less than a page then costs one call,
    // and a longer one's first page tells its density.
    this.perMs = (pageSize * FILL) / (this.end - this.next + 1);
  }

  /**
   * A planner for the rest of `query`'s slice from `from` on, at the density its first
   * page showed; it ends where the slice ends (open-ended if the slice is).
   */
  rest(query: FilterQuery, from: number, perMs: number): SlicePlanner {
    const end = query.endTime ?? this.end;
    const plan = new SlicePlanner({ ...query, startTime: from }, end, this.pageSize);
    plan.perMs = Math.max(perMs, this.busiest / 2);
    plan.busiest = Math.max(perMs, this.busiest);
    return plan;
  }

  /** `events` were found in `spanMs` of the range. */
  observe(spanMs: number, events: number): void {
    if (events === 0) {
      this.perMs /= 4;
      this.busiest /= 4;
      return;
    }
    const perMs = events / Math.max(1, spanMs);
    // A slice cut too wide costs a call more, one cut too narrow a fraction of one: lean
    // towards the busiest density seen lately. What a burst taught halves with every answer
    // after it, or every slice after one burst would be cut to the burst's measure.
    this.busiest = Math.max(perMs, this.busiest / 2);
    this.perMs = Math.max(perMs, this.busiest / 2);
  }

  /** The next slice's query, or null once the range is covered. */
  take(): FilterQuery | null {
    if (this.next > this.end) return null;
    const width = Math.max(1, Math.floor((this.pageSize * FILL) / this.perMs));
    const from = this.next;
    const to = from + width - 1;
    // A remainder of less than half a slice goes with this one rather than cost a call alone.
    if (to + width / 2 >= this.end) {
      this.next = this.end + 1;
      return { ...this.query, startTime: from, endTime: this.query.endTime };
    }
    this.next = to + 1;
    return { ...this.query, startTime: from, endTime: to };
  }
}

/** One slice of the range and what was read of it. */
interface Slice {
  query: FilterQuery;
  /** The planner that cut it: told the density its answer shows. */
  plan: SlicePlanner;
  state: 'idle' | 'fetching' | 'done';
  pages: LogEvent[][];
  failure: unknown;
  /** Wakes the slice's paging when its reader has taken a page. */
  room: (() => void) | null;
}

/**
 * Reads slices in time order, keeping `ahead` slices beyond the one being read in hand
 * (being fetched, or fetched and not yet read). The queue holds, in time order, the slices
 * cut so far and the planners of what follows them: the top-level planner at the end, and
 * after a slice that held more than a page, the planner of the rest of its range. Slices
 * are started as soon as there is room, whether the reader is waiting or busy with a page,
 * so the next pages are in flight while one is parsed.
 */
class SliceReader {
  private wake: (() => void) | null = null;
  private stopped = false;
  private readonly queue: (Slice | SlicePlanner)[];
  private readonly started: Slice[] = [];

  constructor(
    private readonly fetchPage: FetchPage,
    top: SlicePlanner,
    private readonly ahead: number,
  ) {
    this.queue = [top];
  }

  async *pages(): AsyncGenerator<LogEvent[]> {
    try {
      for (;;) {
        this.fill();
        const slice = this.queue[0] as Slice | undefined;
        if (!slice) return;
        const page = slice.pages.shift();
        if (page) {
          slice.room?.();
          slice.room = null;
          yield page;
          continue;
        }
        if (slice.failure !== null) throw slice.failure;
        if (slice.state === 'done') {
          // Let go of what was read, so that memory holds only the slices ahead.
          this.queue.shift();
          continue;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      this.stopped = true;
      for (const slice of this.started) slice.room?.();
    }
  }

  /**
   * Cuts and starts slices from the head of the queue on, until `ahead` beyond the head
   * are in hand. Afterwards the head is a slice, unless the range is covered.
   */
  private fill(): void {
    let inHand = 0;
    for (let j = 0; j < this.queue.length && inHand <= this.ahead && !this.stopped; ) {
      const entry = this.queue[j] as Slice | SlicePlanner;
      if (entry instanceof SlicePlanner) {
        const query = entry.take();
        if (query) {
          this.queue.splice(j, 0, {
            query,
            plan: entry,
            state: 'idle',
            pages: [],
            failure: null,
            room: null,
          });
        } else {
          this.queue.splice(j, 1);
        }
        continue;
      }
      if (entry.state === 'idle') this.start(entry);
      if (entry.state === 'fetching' || entry.pages.length > 0) inHand++;
      j++;
    }
  }

  private start(slice: Slice): void {
    slice.state = 'fetching';
    this.started.push(slice);
    this.fetch(slice)
      .catch((err: unknown) => {
        slice.failure = err ?? new Error('reading a slice failed');
      })
      .finally(() => {
        slice.state = 'done';
        this.started.splice(this.started.indexOf(slice), 1);
        // Room for the next slice: start it now, not when the reader comes back.
        this.fill();
        this.wake?.();
        this.wake = null;
      });
  }

  private async fetch(slice: Slice): Promise<void> {
    const { query } = slice;
    const first = await this.fetchPage(query, undefined);
    const events = first.events;
    const lastTime = events.at(-1)?.timestamp;
    if (first.nextToken === undefined) {
      slice.plan.observe((query.endTime ?? lastTime ?? query.startTime) - query.startTime + 1, events.length);
      slice.pages.push(events);
      return;
    }
    if (lastTime === undefined || lastTime <= query.startTime) {
      // An empty page with a token, or a page of one millisecond: no place to cut; page on.
      slice.pages.push(events);
      await this.pageOn(slice, first.nextToken);
      return;
    }
    // The page ends somewhere in the slice: what it holds before its last millisecond is
    // this slice's; the rest (from that millisecond, read again whole) is cut into slices
    // read next, at the density the page showed where it ended (a range that starts quiet
    // or ramps up would otherwise be cut too wide).
    let keep = events.length;
    while (keep > 0 && (events[keep - 1] as LogEvent).timestamp === lastTime) keep--;
    events.length = keep;
    slice.plan.observe(lastTime - query.startTime, keep);
    const rest = slice.plan.rest(query, lastTime, endDensity(events, lastTime));
    this.queue.splice(this.queue.indexOf(slice) + 1, 0, rest);
    slice.pages.push(events);
  }

  /** Pages through the slice's query, a few pages ahead of its reader. */
  private async pageOn(slice: Slice, token: string | undefined): Promise<void> {
    const seen = new Set<string>();
    let next = token;
    while (next !== undefined && !this.stopped) {
      while (slice.pages.length >= PAGES_AHEAD && !this.stopped) {
        await new Promise<void>((resolve) => (slice.room = resolve));
      }
      const page = await this.fetchPage(slice.query, next);
      slice.pages.push(page.events);
      this.wake?.();
      this.wake = null;
      next = page.nextToken;
      if (next !== undefined) {
        if (seen.has(next)) return;
        seen.add(next);
      }
    }
  }
}

/**
 * Events per millisecond over the later half of a page that ended (cut) before `end`: the
 * density nearest to what follows the page.
 */
function endDensity(events: LogEvent[], end: number): number {
  const from = events.length >> 1;
  const since = (events[from] as LogEvent | undefined)?.timestamp ?? end - 1;
  return Math.max(1, events.length - from) / Math.max(1, end - since);
}

/** One page, counted on the status board, sorted by time so one odd page cannot break the order. */
function pageFetcher(
  client: CloudWatchLogsClient,
  ctx: CallContext,
  logGroup: string,
  status: StatusBoard | undefined,
): FetchPage {
  return async (query, token) => {
    const page = await filterPage(client, ctx, query, token, {
      onThrottled: () => {
        if (status) {
          status.throttleCount++;
          status.group(logGroup).throttled = true;
        }
      },
    });
    if (status) {
      const g = status.group(logGroup);
      g.throttled = false;
      g.lastPollAt = ctx.clock.now();
    }
    page.events.sort((a, b) => a.timestamp - b.timestamp);
    return page;
  };
}
