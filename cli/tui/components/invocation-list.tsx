import { Box, Text } from 'ink';
import type { ColumnLayout } from '../columns.ts';
import type { Colour } from '../format.ts';
import { windowRows } from '../selectors.ts';
import type { RowView } from '../types.ts';
import { InvocationHeader, InvocationRow } from './invocation-row.tsx';

export interface InvocationListProps {
  rows: readonly RowView[];
  /** Index of the selected row in `rows`, -1 for none. */
  selected: number;
  height: number;
  layout: ColumnLayout;
  bookmarks: ReadonlySet<string>;
  highlights: ReadonlyMap<string, Colour>;
  /** Why the list is empty, when it is. */
  emptyText: string;
}

/** Only the rows that fit are rendered; the ring may hold thousands. */
export function InvocationList({
  rows,
  selected,
  height,
  layout,
  bookmarks,
  highlights,
  emptyText,
}: InvocationListProps) {
  const view = windowRows(rows, selected, height - 1);
  return (
    <Box flexDirection="column" height={height}>
      <InvocationHeader layout={layout} />
      {view.rows.length === 0 ? <Text dimColor>{emptyText}</Text> : null}
      {view.rows.map((row, i) => (
        <InvocationRow
          key={row.requestId}
          row={row}
          selected={i === view.selected}
          layout={layout}
          bookmarked={bookmarks.has(row.requestId)}
          highlight={highlights.get(row.requestId) ?? null}
        />
      ))}
    </Box>
  );
}
