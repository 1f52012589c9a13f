import { Text } from 'ink';
import type { Notice, Prompt, Screen } from '../ui-state.ts';
import { useGlyphs } from './theme.ts';

const PROMPT_LABEL: Record<Prompt['kind'], string> = {
  search: 'search /',
  filter: 'filter:',
  highlight: 'highlight:',
  jump: 'jump to time (12:30, 10-01 12:30, -5m):',
  export: 'export to (file .txt/.ndjson, or | for $PAGER):',
};

const HINTS: Record<Screen, readonly string[]> = {
  list: [
    'Enter open',
    'j/k move',
    'G follow',
    's sort',
    't time',
    '/ search',
    'f filter',
    'h highlight',
    'p pause',
    'Tab summary',
    '? help',
    'q quit',
  ],
  detail: [
    'Esc back',
    'j/k move',
    'space fold',
    'z fold all',
    'J json',
    'w wrap',
    '[ ] prev/next',
    'y/Y/c copy',
    'e export',
    '? help',
  ],
  summary: ['Tab/Esc back', 'j/k scroll', 'p pause', '? help', 'q quit'],
  help: ['Esc back', 'j/k scroll'],
};

/** The prompt being typed, else a notice, else what the keys do here. */
export function Footer({
  prompt,
  notice,
  screen,
}: {
  prompt: Prompt | null;
  notice: Notice | null;
  screen: Screen;
}) {
  const { separator } = useGlyphs();
  if (prompt) {
    return (
      <Text wrap="truncate-end">
        <Text bold color="cyan">
          {PROMPT_LABEL[prompt.kind]}
        </Text>{' '}
        {prompt.text}
        <Text inverse> </Text>
        {prompt.text === '' && prompt.placeholder ? <Text dimColor> {prompt.placeholder}</Text> : null}
      </Text>
    );
  }
  if (notice) {
    return (
      <Text color={notice.tone === 'error' ? 'red' : 'green'} wrap="truncate-end">
        {notice.text}
      </Text>
    );
  }
  return (
    <Text dimColor wrap="truncate-end">
      {HINTS[screen].join(` ${separator} `)}
    </Text>
  );
}
