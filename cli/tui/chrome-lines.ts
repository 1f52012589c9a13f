/**
 * The lines around every view: the title (which view, sort, filter, search, highlights,
 * following or paused), the two status lines (input problems first, then completeness,
 * counts and money) and the footer (the prompt being typed, a notice, or the keys).
 */
import { describeFilter, filterWarning } from './filter.ts';
import { formatAge, formatRate, formatTotalUsd, formatWholeMs } from './format.ts';
import type { GlyphSet } from './glyphs.ts';
import { type Line, type Piece, plain } from './paint.ts';
import type { TailSnapshot } from './types.ts';
import type { Prompt, Screen, UiState } from './ui-state.ts';

const SCREEN_NAME: Record<Screen, string> = {
  list: 'invocations',
  detail: 'invocation',
  summary: 'summary',
  help: 'help',
};

/** "1 invocation", "3 invocations". */
function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `functions`: the names seen so far, to flag a function filter that can match none of them. */
export function titleLine(
  state: UiState,
  searchHits: number | null,
  glyphs: GlyphSet,
  functions: ReadonlySet<string> = new Set(),
): Line {
  const sep = ` ${glyphs.separator} `;
  const filter = describeFilter(state.filter);
  const warning = filterWarning(state.filter, functions);
  const parts = [
    SCREEN_NAME[state.screen],
    state.sort === 'time' ? '' : `sorted by ${state.sort}`,
    filter ? `filter: ${filter}` : '',
    state.search ? `search: ${state.search.text} (${countOf(searchHits ?? 0, 'invocation')})` : '',
    state.highlights.length > 0 ? `highlight: ${state.highlights.map((h) => h.text).join(', ')}` : '',
    state.follow && state.sort === 'time' && state.screen === 'list' ? 'following' : '',
  ].filter(Boolean);
  return [
    plain('lambdalens tail', { bold: true, colour: 'cyan' }),
    plain(`${sep}${parts.join(sep)}`),
    ...(warning ? [plain(`${sep}! ${warning}`, { bold: true, colour: 'yellow' })] : []),
    ...(state.paused ? [plain(`${sep}PAUSED`, { bold: true, colour: 'yellow' })] : []),
  ];
}

export interface StatusView {
  snapshot: TailSnapshot;
  shown: number;
  paused: boolean;
  /** Invocations that arrived while paused. */
  pendingWhilePaused: number;
  glyphs: GlyphSet;
}

export function statusLines(view: StatusView): [Line, Line] {
  const sep = ` ${view.glyphs.separator} `;
  const { stats, source } = view.snapshot;
  const { problems, messages, notes } = source;
  const first: Piece[] = [];
  if (problems.errors + problems.warnings > 0) {
    const latest = problems.latest ? ` (${problems.latest})` : '';
    first.push(
      plain(`! input: ${problems.errors} unreadable, ${problems.warnings} warnings${latest}${sep}`, {
        colour: problems.errors > 0 ? 'red' : 'yellow',
        bold: true,
      }),
    );
  }
  if (notes.count > 0) {
    const more = notes.count > 1 ? ` (+${notes.count - 1} more)` : '';
    first.push(plain(`! ${notes.first}${more}${sep}`, { colour: 'yellow', bold: true }));
  }
  if (messages.count > 0) {
    first.push(
      plain(`${messages.count} message${messages.count === 1 ? '' : 's'} (${messages.latest})${sep}`, {
        colour: 'yellow',
      }),
    );
  }
  const state = source.failure
    ? `input failed: ${source.failure}`
    : source.ended
      ? 'input ended'
      : source.label;
  first.push(
    plain(formatRate(stats.eventsPerSecond), { bold: true }),
    plain(` ev/s${sep}${stats.events} events${sep}lag ${formatAge(source.lagMs)}${sep}`),
  );
  // Throttling, sampling and log groups are CloudWatch's (only its source reports groups):
  // on a file or stdin they would be three words of noise.
  if (source.logGroups > 0) {
    const groups = Math.max(source.logGroups, stats.logGroups);
    first.push(
      source.throttled ? plain('throttled', { colour: 'yellow' }) : plain('not throttled'),
      plain(sep),
      source.sampled ? plain('sampled', { colour: 'yellow' }) : plain('not sampled'),
      plain(`${sep}${groups} log group${groups === 1 ? '' : 's'}`),
      plain(source.intervalMs === null ? '' : `${sep}poll ${formatWholeMs(source.intervalMs)}`),
      plain(sep),
    );
  }
  first.push(plain(state, source.failure ? { colour: 'red' } : {}));
  const costs = stats.costByFunction
    .slice(0, 3)
    .map((c) => `${c.functionName} ${formatTotalUsd(c.usd)}`)
    .join('  ');
  const second: Piece[] = [];
  if (view.paused)
    second.push(plain(`PAUSED (+${view.pendingWhilePaused} new)${sep}`, { bold: true, colour: 'yellow' }));
  second.push(
    plain(`shown ${view.shown} of ${stats.held}${sep}dropped `),
    plain(String(stats.dropped), stats.dropped > 0 ? { colour: 'yellow' } : {}),
    plain(
      `${stats.pinnedBeyond > 0 ? ` (${stats.pinnedBeyond} pinned kept)` : ''}${sep}${stats.invocations} invocation${stats.invocations === 1 ? '' : 's'}${sep}`,
    ),
    plain(`${stats.failed} failed`, stats.failed > 0 ? { colour: 'red' } : {}),
    plain(`${sep}priced `),
    plain(
      `${stats.priced} of ${stats.completed}`,
      stats.completed > stats.priced ? { colour: 'yellow' } : {},
    ),
    plain(stats.completed > stats.priced && stats.unpricedReason ? ` (${stats.unpricedReason})` : '', {
      colour: 'yellow',
    }),
    plain(stats.priced > 0 && stats.assumed.length > 0 ? ` (${stats.assumed.join(', ')})` : ''),
    plain(`${sep}cost ${costs || '-'}`),
  );
  return [first, second];
}

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
export function footerLine(state: UiState, glyphs: GlyphSet): Line {
  const { prompt, notice } = state;
  if (prompt) {
    return [
      plain(PROMPT_LABEL[prompt.kind], { bold: true, colour: 'cyan' }),
      plain(` ${prompt.text}`),
      plain(' ', { inverse: true }),
      ...(prompt.text === '' && prompt.placeholder ? [plain(` ${prompt.placeholder}`, { dim: true })] : []),
    ];
  }
  if (notice) return [plain(notice.text, { colour: notice.tone === 'error' ? 'red' : 'green' })];
  return [plain(HINTS[state.screen].join(` ${glyphs.separator} `), { dim: true })];
}
