import { Box, Text } from 'ink';
import type { DisplayLine } from '../detail-lines.ts';
import { windowStart } from '../selectors.ts';
import { Pieces } from './pieces.tsx';
import { useGlyphs } from './theme.ts';

export interface DetailViewProps {
  lines: readonly DisplayLine[];
  cursor: number;
  height: number;
}

/** A window over the laid-out detail lines; the cursor line is marked for folding and copying. */
export function DetailView({ lines, cursor, height }: DetailViewProps) {
  const glyphs = useGlyphs();
  const start = windowStart(lines.length, cursor, height);
  const shown = lines.slice(start, start + height);
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((line, i) => {
        const index = start + i;
        return (
          <Text key={index} wrap="truncate-end">
            <Text color="cyan">{index === cursor ? glyphs.cursor : ' '}</Text>
            <Pieces pieces={line.pieces} />
          </Text>
        );
      })}
    </Box>
  );
}
