import { Box, Text } from 'ink';
import type { SummaryLine } from '../summary-lines.ts';

export interface SummaryViewProps {
  lines: readonly SummaryLine[];
  scroll: number;
  height: number;
}

/** The per-function health tables, scrolled when they are taller than the screen. */
export function SummaryView({ lines, scroll, height }: SummaryViewProps) {
  const start = Math.max(0, Math.min(scroll, lines.length - height));
  const shown = lines.slice(start, start + height);
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((line, i) => {
        const key = start + i;
        if (line.kind === 'blank') return <Text key={key}> </Text>;
        if (line.kind === 'title') {
          return (
            <Text key={key} bold color="cyan" wrap="truncate-end">
              {line.text}
            </Text>
          );
        }
        return (
          <Text key={key} wrap="truncate-end" bold={line.kind === 'header'} dimColor={line.kind === 'header'}>
            {line.cells.map((cell, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: cells of one line never reorder
              <Text key={j} color={cell.colour} bold={cell.bold}>
                {j === 0 ? '' : ' '}
                {cell.text}
              </Text>
            ))}
          </Text>
        );
      })}
    </Box>
  );
}
