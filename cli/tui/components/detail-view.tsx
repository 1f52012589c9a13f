import { Box, Text } from 'ink';
import type { DisplayLine } from '../detail-lines.ts';
import { windowStart } from '../selectors.ts';

export interface DetailViewProps {
  lines: readonly DisplayLine[];
  cursor: number;
  height: number;
}

/** A window over the laid-out detail lines; the cursor line is marked for folding. */
export function DetailView({ lines, cursor, height }: DetailViewProps) {
  const start = windowStart(lines.length, cursor, height);
  const shown = lines.slice(start, start + height);
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((line, i) => {
        const index = start + i;
        return (
          <Text key={index} wrap="truncate-end">
            <Text color="cyan">{index === cursor ? '›' : ' '}</Text>
            {line.pieces.map((piece, j) => (
              <Text
                // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one line never reorder
                key={j}
                color={piece.colour}
                bold={piece.bold}
                inverse={piece.inverse}
                dimColor={piece.dim}
              >
                {piece.text}
              </Text>
            ))}
          </Text>
        );
      })}
    </Box>
  );
}
