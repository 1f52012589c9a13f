import { Box, Transform } from 'ink';
import { memo } from 'react';

const blanks = new Map<number, string>();
function blank(width: number): string {
  let text = blanks.get(width);
  if (text === undefined) {
    text = ' '.repeat(Math.max(1, width));
    blanks.set(width, text);
  }
  return text;
}

/**
 * One finished screen line. Ink lays out and measures only blanks of the line's width (so
 * its measure cache, which never forgets, holds one entry per width) and the transform puts
 * the styled line in their place when the frame is drawn.
 */
const RawLine = memo(function RawLine({ text, width }: { text: string; width: number }) {
  return <Transform transform={() => text}>{blank(width)}</Transform>;
});

/** A column of finished lines, `height` tall. */
export function Lines({ lines, width, height }: { lines: readonly string[]; width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height}>
      {lines.map((text, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a line is its place on the screen
        <RawLine key={i} text={text} width={width} />
      ))}
    </Box>
  );
}
