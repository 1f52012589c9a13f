import { Box, Text } from 'ink';
import { windowRows } from '../selectors.ts';
import type { RowView } from '../types.ts';
import { InvocationHeader, InvocationRow } from './invocation-row.tsx';

export interface InvocationListProps {
  rows: readonly RowView[];
  selectedId: string | null;
  follow: boolean;
  height: number;
  /** Why the list is empty, when it is. */
  emptyText: string;
}

/** Only the rows that fit are rendered; the ring may hold thousands. */
export function InvocationList({ rows, selectedId, follow, height, emptyText }: InvocationListProps) {
  const view = windowRows(rows, selectedId, follow, height - 1);
  return (
    <Box flexDirection="column" height={height}>
      <InvocationHeader />
      {view.rows.length === 0 ? <Text dimColor>{emptyText}</Text> : null}
      {view.rows.map((row, i) => (
        <InvocationRow key={row.requestId} row={row} selected={i === view.selected} />
      ))}
    </Box>
  );
}
