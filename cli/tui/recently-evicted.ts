/**
 * Rows the ring evicted that the screen may still be showing. The screen draws a snapshot
 * that can be a few publishes old (a busy machine renders late), so a key acting on what
 * it shows (a pause, Enter on a row) must still find a row the ring let go since; a pin
 * brings it back. Each row is kept with the snapshot version it left under, until the
 * screen says it shows a later snapshot, and never more than `max` rows.
 */
export interface RecentlyEvicted<T extends { readonly id: string }> {
  add(item: T, version: number): void;
  /** The row, removed from here (to go back into the ring). */
  take(id: string): T | undefined;
  peek(id: string): T | undefined;
  /** The screen shows snapshot `version`: rows that left before it was built are not on screen. */
  forgetBefore(version: number): void;
  size(): number;
}

export function createRecentlyEvicted<T extends { readonly id: string }>(max: number): RecentlyEvicted<T> {
  /** In insertion order, which is version order. */
  const items = new Map<string, { item: T; version: number }>();
  return {
    add(item, version) {
      items.delete(item.id);
      items.set(item.id, { item, version });
      if (items.size > max) {
        const oldest = items.keys().next().value;
        if (oldest !== undefined) items.delete(oldest);
      }
    },
    take(id) {
      const found = items.get(id);
      items.delete(id);
      return found?.item;
    },
    peek: (id) => items.get(id)?.item,
    forgetBefore(version) {
      for (const [id, x] of items) {
        if (x.version >= version) return;
        items.delete(id);
      }
    },
    size: () => items.size,
  };
}
