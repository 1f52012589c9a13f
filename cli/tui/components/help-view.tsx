import { Box, Text } from 'ink';
import type { HelpLine } from '../help.ts';

export interface HelpViewProps {
  lines: readonly HelpLine[];
  scroll: number;
  height: number;
}

/** The help, scrolled so it reads at any terminal size; the last line says how much is left. */
export function HelpView({ lines, scroll, height }: HelpViewProps) {
  const room = Math.max(1, height - 1);
  const start = Math.max(0, Math.min(scroll, lines.length - room));
  const shown = lines.slice(start, start + room);
  const below = lines.length - start - shown.length;
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((line, i) => {
        const key = start + i;
        if (line.kind === 'section') {
          return (
            <Text key={key} bold color="cyan" wrap="truncate-end">
              {line.text}
            </Text>
          );
        }
        if (line.kind === 'text') {
          return (
            <Text key={key} wrap="truncate-end">
              {line.text}
            </Text>
          );
        }
        return (
          <Text key={key} wrap="truncate-end">
            <Text bold>{line.keys}</Text> {line.text}
          </Text>
        );
      })}
      <Text dimColor wrap="truncate-end">
        {below > 0 || start > 0
          ? `lines ${start + 1}-${start + shown.length} of ${lines.length} · j/k PgUp/PgDn scroll · Esc back`
          : 'Esc back'}
      </Text>
    </Box>
  );
}
