import { Text } from 'ink';
import { memo } from 'react';
import { type ColumnLayout, headerCells, rowCells } from '../columns.ts';
import type { Colour } from '../format.ts';
import type { RowView } from '../types.ts';
import { useGlyphs } from './theme.ts';

export interface InvocationRowProps {
  row: RowView;
  selected: boolean;
  layout: ColumnLayout;
  bookmarked: boolean;
  /** Colour of the first highlight term the invocation's lines hold, if any. */
  highlight: Colour | null;
}

/** One invocation; memoised on its immutable view, so unchanged rows skip rendering. */
export const InvocationRow = memo(function InvocationRow({
  row,
  selected,
  layout,
  bookmarked,
  highlight,
}: InvocationRowProps) {
  const glyphs = useGlyphs();
  const cells = rowCells(row, layout, glyphs);
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {selected ? glyphs.cursor : ' '}
      {bookmarked ? (
        <Text color="yellow">{glyphs.bookmark}</Text>
      ) : highlight ? (
        <Text backgroundColor={highlight}> </Text>
      ) : (
        ' '
      )}
      {cells.map((cell) => (
        <Text key={cell.id} color={cell.colour} bold={cell.bold} dimColor={cell.dim}>
          {' '}
          {cell.text}
        </Text>
      ))}
    </Text>
  );
});

export function InvocationHeader({ layout }: { layout: ColumnLayout }) {
  const glyphs = useGlyphs();
  return (
    <Text wrap="truncate-end" bold dimColor>
      {'   '}
      {headerCells(layout, glyphs)
        .map((c) => c.text)
        .join(' ')}
    </Text>
  );
}
