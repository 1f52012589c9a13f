import { Text } from 'ink';
import { memo } from 'react';
import { HEADER_CELLS, rowCells, statusStyle } from '../format.ts';
import type { RowView } from '../types.ts';

/** One invocation; memoised on its immutable view, so unchanged rows skip rendering. */
export const InvocationRow = memo(function InvocationRow({
  row,
  selected,
}: {
  row: RowView;
  selected: boolean;
}) {
  const c = rowCells(row);
  const style = statusStyle(row);
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {selected ? '›' : ' '} {c.time} <Text bold>{c.fn}</Text> <Text color={style.colour}>{c.status}</Text>{' '}
      <Text color="cyan">{c.cold}</Text> {c.duration} {c.billed} {c.memory}{' '}
      <Text color="green">{c.cost}</Text> <Text color="magenta">{c.trace}</Text>{' '}
      <Text dimColor>{c.request}</Text>
    </Text>
  );
});

export function InvocationHeader() {
  const c = HEADER_CELLS;
  return (
    <Text wrap="truncate-end" bold dimColor>
      {'  '}
      {c.time} {c.fn} {c.status} {c.cold} {c.duration} {c.billed} {c.memory} {c.cost} {c.trace} {c.request}
    </Text>
  );
}
