/**
 * The request IDs a live correlator closed lately, so that a line tagged with one of them
 * (read by a later poll than its REPORT, or after its request was let go) is told as a late
 * line of that request, not taken for the first line of another invocation.
 *
 * Bounded: the last `RECENTLY_CLOSED` IDs, across every stream, the oldest forgotten
 * first. A late line comes within the follower's sweep (10 minutes back); 10,000 IDs is
 * over 16 invocations a second for those 10 minutes, and about 1 MB (an ID of 36
 * characters and its entry). A line of a request forgotten is what it was before: the
 * first line of an invocation of its own.
 */

/** How many closed request IDs are remembered. */
export const RECENTLY_CLOSED = 10_000;

export class RecentlyClosed {
  /** A Set keeps insertion order: its first ID is the one closed longest ago. */
  private readonly ids = new Set<string>();

  constructor(private readonly max = RECENTLY_CLOSED) {}

  /** Notes that `requestId` closed (again, when Lambda retried it: it is then the newest). */
  add(requestId: string): void {
    const ids = this.ids;
    ids.delete(requestId);
    ids.add(requestId);
    if (ids.size > this.max) ids.delete(ids.values().next().value as string);
  }

  has(requestId: string): boolean {
    return this.ids.has(requestId);
  }

  get size(): number {
    return this.ids.size;
  }
}
