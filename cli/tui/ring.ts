/**
 * The tail's bounded memory: invocations kept in start-time order, at most `capacity` of
 * them and `maxBytes` of their lines besides the pinned ones. Pinned rows (what a pause
 * froze, the open detail, the bookmarks) are never evicted, so what the user is looking at
 * cannot vanish; they are held beyond the bounds and counted, and the pins are bounded by
 * whoever sets them. The count alone let 2,000 rows of up to 1,000 lines of up to 256 KB
 * each be held: gigabytes, where the tail aims to stay under 300 MB.
 *
 * Arrival is nearly in time order, so an insert is almost always an append and an eviction
 * almost always takes the head: both O(1), with a head offset instead of shifting.
 */

/** What the ring needs of what it holds. */
export interface RingItem {
  readonly id: string;
  /** Sort key (event time in ms); ties keep arrival order by `seq`. */
  key: number;
  readonly seq: number;
  /** What it holds, in bytes as its owner counts them; set through `resize` once held. */
  bytes?: number;
}

export interface RingStats {
  /** Items held now. */
  size: number;
  /** Pinned items held now. */
  pinned: number;
  /** Items held beyond the capacity because they are pinned. */
  pinnedBeyond: number;
  /** Items evicted since the start. */
  evicted: number;
  /** Bytes held now, pinned items' included. */
  bytes: number;
}

export interface InvocationRing<T extends RingItem> {
  get(id: string): T | undefined;
  /** Adds an item; returns what had to leave to stay within capacity (oldest unpinned first). */
  insert(item: T): T[];
  /** Moves an item to where a new key puts it. */
  rekey(item: T, key: number): void;
  /** An item now holds `bytes`; returns what had to leave to stay within the bytes (it may be among them). */
  resize(item: T, bytes: number): T[];
  /** Items in key order. */
  values(): Iterable<T>;
  /** Replaces one owner's pins (`pause`, `detail`, `bookmarks`); evicts what the old pins held over. */
  setPins(owner: string, ids: ReadonlySet<string>): T[];
  isPinned(id: string): boolean;
  stats(): RingStats;
  /** The lowest and highest keys held, or null when empty. */
  span(): { min: number; max: number } | null;
}

function before(a: RingItem, b: RingItem): boolean {
  return a.key < b.key || (a.key === b.key && a.seq < b.seq);
}

export function createInvocationRing<T extends RingItem>(
  capacity: number,
  maxBytes = Number.POSITIVE_INFINITY,
): InvocationRing<T> {
  const cap = Math.max(1, Math.floor(capacity));
  const byId = new Map<string, T>();
  /** Sorted by (key, seq) from `head` on; slots before `head` are dead. */
  let items: (T | undefined)[] = [];
  let head = 0;
  const pins = new Map<string, ReadonlySet<string>>();
  let pinnedHeld = 0;
  let heldBytes = 0;
  let pinnedBytes = 0;
  let evicted = 0;
  /** Every slot from `head` up to here holds a pinned item: eviction starts looking here. */
  let scanFrom = 0;

  const isPinned = (id: string): boolean => {
    for (const set of pins.values()) if (set.has(id)) return true;
    return false;
  };

  /** Index of the first slot whose item does not sort before `item`. */
  const lowerBound = (item: RingItem): number => {
    let lo = head;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = items[mid] as T;
      if (before(at, item)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const indexOf = (item: T): number => {
    const at = lowerBound(item);
    return items[at] === item ? at : -1;
  };

  const compact = (): void => {
    if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      scanFrom -= head;
      head = 0;
    }
  };

  const removeAt = (index: number): void => {
    if (index === head) {
      items[head] = undefined;
      head++;
      if (scanFrom < head) scanFrom = head;
      compact();
      return;
    }
    items.splice(index, 1);
    if (scanFrom > index) scanFrom--;
  };

  const placeAt = (item: T): number => {
    const last = items[items.length - 1];
    if (items.length === head || (last !== undefined && before(last, item))) {
      items.push(item);
      return items.length - 1;
    }
    const at = lowerBound(item);
    items.splice(at, 0, item);
    if (scanFrom > at) scanFrom = at;
    return at;
  };

  /**
   * How many of the newest items the bounds would hold were nothing pinned: the rest are
   * held only because pins kept them (or kept older ones in their place).
   */
  const withinBounds = (): number => {
    let n = 0;
    let bytes = 0;
    for (let i = items.length - 1; i >= head && n < cap; i--) {
      const item = items[i];
      if (item === undefined) continue;
      bytes += item.bytes ?? 0;
      if (bytes > maxBytes) break;
      n++;
    }
    return n;
  };

  /** Evicts the oldest unpinned items while more than `cap` of them, or of `maxBytes`, are held. */
  const trim = (): T[] => {
    const out: T[] = [];
    while (byId.size - pinnedHeld > cap || heldBytes - pinnedBytes > maxBytes) {
      let at = Math.max(scanFrom, head);
      while (at < items.length && isPinned((items[at] as T).id)) at++;
      const victim = items[at];
      if (victim === undefined) break;
      scanFrom = at;
      removeAt(at);
      byId.delete(victim.id);
      heldBytes -= victim.bytes ?? 0;
      evicted++;
      out.push(victim);
    }
    return out;
  };

  return {
    get: (id) => byId.get(id),
    insert(item) {
      byId.set(item.id, item);
      placeAt(item);
      heldBytes += item.bytes ?? 0;
      if (isPinned(item.id)) {
        pinnedHeld++;
        pinnedBytes += item.bytes ?? 0;
      }
      return trim();
    },
    rekey(item, key) {
      if (item.key === key) return;
      const at = indexOf(item);
      if (at >= 0) removeAt(at);
      item.key = key;
      placeAt(item);
    },
    resize(item, bytes) {
      const grown = bytes - (item.bytes ?? 0);
      item.bytes = bytes;
      if (byId.get(item.id) !== item) return [];
      heldBytes += grown;
      if (isPinned(item.id)) pinnedBytes += grown;
      return trim();
    },
    *values() {
      for (let i = head; i < items.length; i++) {
        const item = items[i];
        if (item !== undefined) yield item;
      }
    },
    setPins(owner, ids) {
      if (ids.size === 0) pins.delete(owner);
      else pins.set(owner, ids);
      pinnedHeld = 0;
      pinnedBytes = 0;
      for (const [id, item] of byId) {
        if (!isPinned(id)) continue;
        pinnedHeld++;
        pinnedBytes += item.bytes ?? 0;
      }
      scanFrom = head;
      return trim();
    },
    isPinned,
    stats: () => ({
      size: byId.size,
      pinned: pinnedHeld,
      pinnedBeyond: byId.size - withinBounds(),
      evicted,
      bytes: heldBytes,
    }),
    span() {
      const first = items[head];
      const last = items[items.length - 1];
      return first === undefined || last === undefined ? null : { min: first.key, max: last.key };
    },
  };
}
