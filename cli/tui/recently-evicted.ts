/**
 * Rows the ring evicted that the screen may still be showing. The screen draws a snapshot
 * that can be a few publishes old (a busy machine renders late), so a key acting on what
 * it shows (a pause, Enter on a row) must still find a row the ring let go since; a pin
 * brings it back. Each row is kept with the snapshot version it left under, until the
 * screen says it shows a later snapshot, and never more than `max` rows or `maxBytes` of
 * them (the oldest leave first), as rows of long lines can hold megabytes each.
 */
interface Evicted {
  readonly id: string;
  /** What it holds, in bytes (row-bytes.ts). */
  bytes?: number;
}

export interface RecentlyEvicted<T extends Evicted> {
  add(item: T, version: number): void;
  /** The row, removed from here (to go back into the ring). */
  take(id: string): T | undefined;
  peek(id: string): T | undefined;
  /** The screen shows snapshot `version`: rows that left before it was built are not on screen. */
  forgetBefore(version: number): void;
  size(): number;
}

export function createRecentlyEvicted<T extends Evicted>(
  max: number,
  maxBytes = Number.POSITIVE_INFINITY,
): RecentlyEvicted<T> {
  /** In insertion order, which is version order. */
  const items = new Map<string, { item: T; version: number }>();
  let bytes = 0;
  const remove = (id: string): T | undefined => {
    const found = items.get(id);
    if (!found) return undefined;
    items.delete(id);
    bytes -= found.item.bytes ?? 0;
    return found.item;
  };
  return {
    add(item, version) {
      remove(item.id);
      // A row past the whole bound would only push every other out before it left too.
      if ((item.bytes ?? 0) > maxBytes) return;
      items.set(item.id, { item, version });
      bytes += item.bytes ?? 0;
      while (items.size > max || bytes > maxBytes) {
        const oldest = items.keys().next().value;
        if (oldest === undefined) break;
        remove(oldest);
      }
    },
    take: remove,
    peek: (id) => items.get(id)?.item,
    forgetBefore(version) {
      for (const [id, x] of items) {
        if (x.version >= version) return;
        remove(id);
      }
    },
    size: () => items.size,
  };
}
