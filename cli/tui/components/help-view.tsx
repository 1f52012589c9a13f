import { Box, Text } from 'ink';

const BINDINGS: [string, string][] = [
  ['↑ ↓  j k', 'move through invocations (or detail lines)'],
  ['PgUp PgDn', 'move a page'],
  ['g  G', 'first / newest (G follows new invocations)'],
  ['Enter', 'open the selected invocation'],
  ['Esc', 'back; in the list, clear the search'],
  ['/', 'search lines: text, or /regular expression/flags'],
  ['n  N', 'next / previous match in the detail view'],
  ['f', 'filter: fn:NAME status:timeout,oom,crash,error|errors cold min:MS'],
  ['space', 'fold / unfold the JSON line under the cursor'],
  ['p', 'pause / resume the screen (input keeps buffering)'],
  ['?', 'this help'],
  ['q', 'quit'],
];

export function HelpView({ height }: { height: number }) {
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color="cyan">
        Keys
      </Text>
      {BINDINGS.map(([keys, what]) => (
        <Text key={keys}>
          <Text bold>{keys.padEnd(12)}</Text> {what}
        </Text>
      ))}
      <Text> </Text>
      <Text dimColor>
        Status: ● running ✔ ok ⧗ timeout ▲ oom ✖ crash/error ◌ partial · ❄ cold start · ◆ trace ◇ trace ID
      </Text>
    </Box>
  );
}
