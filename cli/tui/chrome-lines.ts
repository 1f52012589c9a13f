/**
 * The lines around every view: the title (which view, sort, filter, search, highlights,
 * following or paused), the two status lines (input problems first, then completeness,
 * counts and money) and the footer (the prompt being typed, a notice, or the keys).
 */
import { describeFilter, filterWarning } from './filter.ts';
import { fitParts, type LinePart, piecesWidth } from './fit-parts.ts';
import { formatAge, formatRate, formatSumUsd, formatWholeMs } from './format.ts';
import type { GlyphSet } from './glyphs.ts';
import { type Line, type Piece, plain } from './paint.ts';
import type { TailSnapshot, TailStats } from './types.ts';
import type { Prompt, Screen, UiState } from './ui-state.ts';

const SCREEN_NAME: Record<Screen, string> = {
  list: 'invocations',
  detail: 'invocation',
  summary: 'summary',
  help: 'help',
};

/** "1 invocation", "3 invocations". */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * `functions`: the names seen so far, to flag a function filter that can match none of them;
 * `searching`: the search has rows yet to ask (their texts not yet on its thread), so its
 * count is of the rows asked so far.
 */
export function titleLine(
  state: UiState,
  searchHits: number | null,
  glyphs: GlyphSet,
  functions: ReadonlySet<string> = new Set(),
  searching = false,
): Line {
  const sep = ` ${glyphs.separator} `;
  const filter = describeFilter(state.filter);
  const warning = filterWarning(state.filter, functions);
  const parts = [
    SCREEN_NAME[state.screen],
    state.sort === 'time' ? '' : `sorted by ${state.sort}`,
    filter ? `filter: ${filter}` : '',
    state.search
      ? `search: ${state.search.text} (${searching ? 'searching, ' : ''}${countOf(searchHits ?? 0, 'invocation')}${searching ? ' so far' : ''})`
      : '',
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
  /** Columns the lines may take (unbounded when not given). */
  width?: number;
}

/** A part that may go when there is no room: the last of its forms says nothing. */
const mayGo = (keep: number, pieces: Piece[], extra: Partial<LinePart> = {}): LinePart => ({
  keep,
  forms: [pieces, []],
  ...extra,
});
const stays = (keep: number, pieces: Piece[]): LinePart => ({ keep, forms: [pieces] });

/**
 * The first status line: input problems, CloudWatch's notes and captured messages first,
 * then the rate, lag and CloudWatch's state, then the source's own state. Narrow, the
 * counts of least use go first and the words quoted (a path, a note, a failure) are cut
 * short before they go; what went wrong is never what gives way.
 */
function sourceParts(view: StatusView): LinePart[] {
  const { stats, source } = view.snapshot;
  const { problems, messages, notes } = source;
  const parts: LinePart[] = [];
  if (problems.errors + problems.warnings > 0) {
    const style = { colour: problems.errors > 0 ? 'red' : 'yellow', bold: true } as const;
    const head = plain(`! input: ${problems.errors} unreadable, ${problems.warnings} warnings`, style);
    parts.push({
      keep: 10,
      forms: [
        problems.latest
          ? [head, plain(' (', style), plain(problems.latest, style), plain(')', style)]
          : [head],
        [head],
      ],
      cut: { from: 2, whole: 1 },
    });
  }
  if (notes.count > 0) {
    const style = { colour: 'yellow', bold: true } as const;
    const more = notes.count > 1 ? ` (+${notes.count - 1} more)` : '';
    parts.push({
      keep: 9,
      forms: [
        [plain('! ', style), plain(notes.first ?? '', style), plain(more, style)],
        [plain(`! ${countOf(notes.count, 'CloudWatch note')}`, style)],
      ],
      cut: { from: 1, whole: 1 },
    });
  }
  if (messages.count > 0) {
    const style = { colour: 'yellow' } as const;
    const count = countOf(messages.count, 'message');
    parts.push({
      keep: 5,
      forms: [
        [plain(`${count} (`, style), plain(messages.latest ?? '', style), plain(')', style)],
        [plain(count, style)],
      ],
      cut: { from: 1, whole: 1 },
    });
  }
  parts.push(stays(8, [plain(formatRate(stats.eventsPerSecond), { bold: true }), plain(' ev/s')]));
  parts.push(mayGo(4, [plain(`${stats.events} events`)]));
  parts.push(mayGo(7, [plain(`lag ${formatAge(source.lagMs)}`)]));
  // Throttling, sampling and log groups are CloudWatch's (only its source reports groups):
  // on a file or stdin they would be three words of noise.
  if (source.logGroups > 0) {
    const groups = Math.max(source.logGroups, stats.logGroups);
    parts.push(
      source.throttled
        ? stays(9, [plain('throttled', { colour: 'yellow' })])
        : mayGo(2, [plain('not throttled')]),
      source.sampled ? stays(9, [plain('sampled', { colour: 'yellow' })]) : mayGo(2, [plain('not sampled')]),
      mayGo(3, [plain(countOf(groups, 'log group'))]),
    );
    if (source.intervalMs !== null) parts.push(mayGo(1, [plain(`poll ${formatWholeMs(source.intervalMs)}`)]));
  }
  if (source.failure) {
    const style = { colour: 'red' } as const;
    parts.push({
      keep: 10,
      forms: [[plain('input failed: ', style), plain(source.failure, style)], [plain('input failed', style)]],
      cut: { from: 1 },
    });
  } else if (source.ended) parts.push(stays(9, [plain('input ended')]));
  else parts.push(mayGo(6, [plain(source.label)]));
  return parts;
}

/**
 * What the money line says of cost: the total since the start, then each function's, highest
 * first, as many as there is room for (it showed three at most, whatever the width) and how
 * many more. Narrow, the names go before the counts do, and the total stays. A total of
 * which some invocations could not be priced is said to be at least that (`cost ≥$0.17`):
 * narrow, the "priced N of M" that says so goes, and the sum must not read as complete. So
 * is each function's, as the summary's COST says it (`image-resizer ≥$0.0202`).
 */
function costParts(
  costs: TailStats['costByFunction'],
  width: number,
  partial: boolean,
  glyphs: GlyphSet,
): LinePart[] {
  if (costs.length === 0) return [stays(8, [plain('cost -')])];
  const usd = (n: number) => formatSumUsd(n, partial, glyphs.atLeast);
  const named = costs.map((c) => `${c.functionName} ${formatSumUsd(c.usd, c.partial, glyphs.atLeast)}`);
  const [only] = costs;
  if (only && costs.length === 1)
    return [
      {
        keep: 8,
        forms: [[plain(`cost ${only.functionName} ${usd(only.usd)}`)], [plain(`cost ${usd(only.usd)}`)]],
      },
    ];
  const total = stays(8, [plain(`cost ${usd(costs.reduce((n, c) => n + c.usd, 0))}`)]);
  // Forms of more names than the line could ever hold are not worth building.
  let room = width;
  let most = 0;
  while (most < named.length && room > 0) room -= piecesWidth([plain(`${named[most++]}  `)]);
  const forms: Piece[][] = [];
  for (let shown = most; shown >= 1; shown--) {
    const more = shown < named.length ? `  +${named.length - shown} more` : '';
    forms.push([plain(` (${named.slice(0, shown).join('  ')}${more})`)]);
  }
  forms.push([]);
  return [total, { keep: 4, joined: true, forms }];
}

/**
 * What is priced, as one part so that its remarks go with it: the commonest reason some
 * are not and what the prices assumed, then the counts alone, then the counts short, then
 * nothing (the total says when it is partial).
 */
function pricedPart(stats: TailStats): LinePart {
  const unpriced = stats.completed > stats.priced;
  const yellow = unpriced ? ({ colour: 'yellow' } as const) : {};
  const counts = [plain('priced '), plain(`${stats.priced} of ${stats.completed}`, yellow)];
  const reason =
    unpriced && stats.unpricedReason
      ? [plain(' (', yellow), plain(stats.unpricedReason, yellow), plain(')', yellow)]
      : [];
  const assumed =
    stats.priced > 0 && stats.assumed.length > 0 ? [plain(` (${stats.assumed.join(', ')})`)] : [];
  const forms: Piece[][] = [[...counts, ...reason, ...assumed]];
  if (assumed.length > 0) forms.push([...counts, ...reason]);
  if (reason.length > 0) forms.push(counts);
  forms.push([plain(`${stats.priced}/${stats.completed}`, yellow), plain(' priced')], []);
  // The reason's words may be cut short (…) before the reason goes.
  return reason.length > 0 && assumed.length === 0
    ? { keep: 5, forms, cut: { from: 3, whole: 1 } }
    : { keep: 5, forms };
}

/**
 * The second status line: rows shown and held, failures, what is priced and the money.
 * Narrow, what stays is what was lost, what failed and what it cost (README: down to 50
 * columns); the rows shown and what is priced go to short forms, then go.
 */
function countParts(view: StatusView, width: number): LinePart[] {
  const { stats } = view.snapshot;
  const parts: LinePart[] = [];
  if (view.paused)
    parts.push(
      stays(10, [plain(`PAUSED (+${view.pendingWhilePaused} new)`, { bold: true, colour: 'yellow' })]),
    );
  parts.push({
    keep: 6,
    forms: [
      [plain(`shown ${view.shown} of ${stats.held}`)],
      [plain(`${view.shown}/${stats.held} shown`)],
      [],
    ],
  });
  const dropped = [
    plain('dropped '),
    plain(String(stats.dropped), stats.dropped > 0 ? { colour: 'yellow' } : {}),
  ];
  const pinned = stats.pinnedBeyond > 0 ? [plain(` (${stats.pinnedBeyond} pinned kept)`)] : [];
  // Rows lost are said at every width; none lost, the words can go.
  parts.push(
    stats.dropped > 0
      ? { keep: 7, forms: [[...dropped, ...pinned], dropped] }
      : { keep: 2, forms: [[...dropped, ...pinned], ...(pinned.length > 0 ? [dropped] : []), []] },
  );
  parts.push(mayGo(4, [plain(countOf(stats.invocations, 'invocation'))]));
  const failed = plain(`${stats.failed} failed`, stats.failed > 0 ? { colour: 'red' } : {});
  parts.push(stats.failed > 0 ? stays(8, [failed]) : mayGo(3, [failed]));
  parts.push(pricedPart(stats));
  parts.push(...costParts(stats.costByFunction, width, stats.completed > stats.priced, view.glyphs));
  return parts;
}

/** The two status lines, laid out for the width, the least needed giving way first. */
export function statusLines(view: StatusView): [Line, Line] {
  const width = view.width ?? Number.POSITIVE_INFINITY;
  const sep = plain(` ${view.glyphs.separator} `);
  return [
    fitParts(sourceParts(view), width, sep, view.glyphs.ellipsis),
    fitParts(countParts(view, width), width, sep, view.glyphs.ellipsis),
  ];
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
