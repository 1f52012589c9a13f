import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCostFn } from '../../../cli/tui/cost.ts';
import { type DetailLayoutOptions, detailLayout, layoutDetail } from '../../../cli/tui/detail-lines.ts';
import { addHighlight, parseSearch } from '../../../cli/tui/filter.ts';
import { UNICODE_GLYPHS } from '../../../cli/tui/glyphs.ts';
import { type KeyView, reduceKey } from '../../../cli/tui/keys.ts';
import { sanitize } from '../../../cli/tui/sanitize.ts';
import { createTailStore, type TailStore } from '../../../cli/tui/store.ts';
import { INITIAL_DETAIL, INITIAL_UI_STATE, type UiState } from '../../../cli/tui/ui-state.ts';
import { traceView } from '../../../cli/tui/waterfall.ts';
import { createCorrelator } from '../../../collectors/correlator/correlator.ts';
import { cellWidth } from '../../../collectors/kernel/index.ts';
import { tracesFromBatchGetTraces } from '../../../collectors/xray/trace-file.ts';
import { AWS_LIST_PRICES } from '../../../pricing/index.ts';
import {
  fixtureEvents,
  press,
  renderApp,
  rowIdOf,
  settle,
  storeOf,
  TRACES,
  waitForFrame,
} from './helpers.tsx';

const ORDERS = 'dbda340c-xmpl-4031-8810-11bb609b4c71';
const REPORTS = 'd661f7cf-9208-46b9-85b0-213b04a91065';
const text = (lines: readonly ReturnType<typeof layoutDetail>[number][]) =>
  lines.map((l) => l.pieces.map((p) => p.text).join(''));
const options = (over: Partial<DetailLayoutOptions> = {}): DetailLayoutOptions => ({
  state: INITIAL_DETAIL,
  search: null,
  highlights: [],
  width: 140,
  glyphs: UNICODE_GLYPHS,
  region: 'us-east-1',
  ...over,
});

function detailOf(id: string) {
  const store = storeOf(fixtureEvents());
  const detail = store.detail(rowIdOf(store, id));
  if (!detail) throw new Error(`${id} not held`);
  return detail;
}

/** The detail of an invocation of one line, `message`, between its START and END. */
function detailOfOneLine(id: string, message: string) {
  const t = Date.UTC(2026, 9, 1, 12);
  const store = storeOf(
    [`START RequestId: ${id} Version: $LATEST\n`, `${message}\n`, `END RequestId: ${id}\n`].map((m, i) => ({
      timestamp: t + i,
      message: m,
      logGroup: '/aws/lambda/long',
      logStream: 's',
    })),
  );
  const detail = store.detail(rowIdOf(store, id));
  if (!detail) throw new Error('held');
  return detail;
}

describe('detail layout', () => {
  it('pretty-prints the first 200 lines of a long JSON line and says how to see it whole', () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const items = Array.from({ length: 300 }, (_, i) => `SKU-${i}`);
    const detail = detailOfOneLine(id, JSON.stringify({ items }));
    const lines = text(layoutDetail(detail, options()));
    expect(lines.some((l) => l.includes('"SKU-197"'))).toBe(true);
    expect(lines.some((l) => l.includes('"SKU-198"'))).toBe(false);
    expect(lines.some((l) => l.endsWith('… 104 more lines (J: compact, whole)'))).toBe(true);
    const compact = text(
      layoutDetail(detail, options({ width: 10_000, state: { ...INITIAL_DETAIL, json: 'compact' } })),
    );
    expect(compact.some((l) => l.includes('"SKU-299"]}'))).toBe(true);
  });

  it('pretty-prints JSON lines, compacts them with J, folds them all with z', () => {
    const detail = detailOf(ORDERS);
    expect(text(layoutDetail(detail, options()))).toContain('                     "customer": "c-77",');
    const compact = text(
      layoutDetail(detail, options({ width: 400, state: { ...INITIAL_DETAIL, json: 'compact' } })),
    );
    expect(
      compact.some((l) => l.endsWith('{"order":{"id":"o-1001","items":3},"customer":"c-77","amount":42.5}')),
    ).toBe(true);
    const folded = text(layoutDetail(detail, options({ state: { ...INITIAL_DETAIL, foldAll: true } })));
    expect(folded.some((l) => l.endsWith('{…} 3 keys'))).toBe(true);
    expect(folded.join('\n')).not.toContain('"customer"');
  });

  it('summarises platform.* records on one line each, and unfolds one on request', () => {
    const detail = detailOf(REPORTS);
    const lines = layoutDetail(detail, options({ width: 400 }));
    const shown = text(lines);
    expect(shown.map((l) => /(platform\.\w+) {2}/.exec(l)?.[1]).filter(Boolean)).toEqual([
      'platform.start',
      'platform.runtimeDone',
      'platform.report',
    ]);
    expect(shown.join('\n')).toContain(
      'platform.report  requestId=d661f7cf-9208-46b9-85b0-213b04a91065  status=success  durationMs=147.156  billedDurationMs=201',
    );
    const reportLine =
      lines.find((l) => l.pieces.some((p) => p.text.startsWith('platform.report')))?.logLine ?? -1;
    const unfolded = text(
      layoutDetail(detail, options({ state: { ...INITIAL_DETAIL, folded: new Set([reportLine]) } })),
    );
    expect(unfolded.join('\n')).toContain('"type": "platform.report"');
  });

  it('wraps long lines under the message, or cuts them at the scroll offset', () => {
    const detail = detailOf(REPORTS);
    const narrow = options({ width: 60 });
    const wrapped = text(layoutDetail(detail, narrow));
    for (const line of wrapped) expect(line.length).toBeLessThanOrEqual(60 + 19);
    const report = wrapped.findIndex((l) => l.includes('platform.report'));
    expect(wrapped[report + 1]).toMatch(/^ {19}\S/);
    const cut = text(
      layoutDetail(detail, { ...narrow, state: { ...INITIAL_DETAIL, wrap: false, scrollX: 16 } }),
    );
    const reportCut = cut.find((l) => l.includes('requestId=d661')) ?? '';
    expect(reportCut).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {7}requestId=d661f7cf/);
    expect(reportCut.length).toBeLessThanOrEqual(60);
  });

  it('lays out at most 64 Ki characters of a line, says how many more, and c copies the line whole', () => {
    // A 15 MiB line took the view 20 seconds and 2.5 GB to wrap; this one is cut where an
    // emoji begins, which is left out whole rather than cut in two.
    const id = '0000000d-aaaa-4bbb-8ccc-000000000002';
    const message = `${'x'.repeat(65_535)}😀${'y'.repeat(1_000)}`;
    const detail = detailOfOneLine(id, message);
    const lines = layoutDetail(detail, options({ width: 140 }));
    const ofLine = lines.filter((l) => l.logLine === 1);
    const shown = text(ofLine);
    // 65,535 characters in rows of 121 beside the time and level: 542 rows, then what was left out.
    expect(shown).toHaveLength(543);
    expect(
      shown
        .slice(0, -1)
        .map((l) => l.slice(19))
        .join(''),
    ).toBe('x'.repeat(65_535));
    expect(shown.at(-1)).toBe(
      `${' '.repeat(19)}… 1,002 more characters of this line not shown: c copies it whole`,
    );
    const viewOf = (): KeyView => ({
      rows: [],
      visible: [],
      detail,
      detailLines: lines,
      maxScrollX: 0,
      pageSize: 10,
      helpLines: 0,
      summaryLines: 0,
    });
    const onMarker: UiState = {
      ...INITIAL_UI_STATE,
      screen: 'detail',
      selectedId: id,
      detail: { ...INITIAL_DETAIL, cursor: lines.indexOf(ofLine.at(-1) as (typeof lines)[number]) },
    };
    // (Compared by a test of its own: a failure would print the 66,537 characters twice.)
    const copied = reduceKey(onMarker, 'c', {}, viewOf).effects.map((e) => e.effect);
    expect(
      copied.map((e) => [e.kind, 'label' in e ? e.label : null, 'text' in e && e.text === message]),
    ).toEqual([['copy', 'line', true]]);
  });

  it('shows JSON longer than that as text, cut the same way, rather than parse it at every layout', () => {
    const detail = detailOfOneLine(
      '0000000d-aaaa-4bbb-8ccc-000000000003',
      `{"blob":"${'z'.repeat(70_000)}"}`,
    );
    const shown = text(layoutDetail(detail, options({ width: 140 })).filter((l) => l.logLine === 1));
    expect(shown[0]?.slice(19, 30)).toBe('{"blob":"zz');
    expect(shown.at(-1)).toBe(
      `${' '.repeat(19)}… 4,475 more characters of this line not shown: c copies it whole`,
    );
  });

  it('measures wide characters and emoji in columns, and never cuts one in two', () => {
    const id = '0000000c-aaaa-4bbb-8ccc-000000000001';
    const t = Date.UTC(2026, 9, 1, 12);
    const messages = [
      `START RequestId: ${id} Version: $LATEST\n`,
      `${'漢字'.repeat(75)}\n`,
      `${'🚀'.repeat(150)}\n`,
      `${'e\u0301👍🏽'.repeat(60)}\n`,
      `END RequestId: ${id}\n`,
    ];
    const store = storeOf(
      messages.map((message, i) => ({
        timestamp: t + i,
        message,
        logGroup: '/aws/lambda/wide',
        logStream: 's',
      })),
    );
    const detail = store.detail(rowIdOf(store, id));
    if (!detail) throw new Error('held');
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const bodyOf = (lines: ReturnType<typeof layoutDetail>, logLine: number) =>
      lines.filter((l) => l.logLine === logLine).map((l) => text([l])[0]?.slice(19) ?? '');
    const wrapped = layoutDetail(detail, options({ width: 160 }));
    for (const line of text(wrapped)) {
      expect(cellWidth(line)).toBeLessThanOrEqual(160);
      expect(line).not.toMatch(loneSurrogate);
    }
    // 150 CJK characters are 300 columns: rows of 140 (141 columns would cut a character) and one of 20, nothing lost
    expect(bodyOf(wrapped, 1).map(cellWidth)).toEqual([140, 140, 20]);
    expect(bodyOf(wrapped, 1).join('')).toBe('漢字'.repeat(75));
    expect(bodyOf(wrapped, 2).join('')).toBe('🚀'.repeat(150));
    expect(bodyOf(wrapped, 3).join('')).toBe('e\u0301👍🏽'.repeat(60));
    // scrolled sideways to an odd column: the half-shown character is a space, the rest in place
    for (const scrollX of [7, 8, 201]) {
      const cut = layoutDetail(
        detail,
        options({ width: 160, state: { ...INITIAL_DETAIL, wrap: false, scrollX } }),
      );
      for (const line of text(cut)) {
        expect(line).not.toMatch(loneSurrogate);
        expect(cellWidth(line)).toBeLessThanOrEqual(160);
      }
      for (const body of [...bodyOf(cut, 1), ...bodyOf(cut, 2)]) expect(body.trim()).not.toBe('');
    }
    const odd = layoutDetail(
      detail,
      options({ width: 160, state: { ...INITIAL_DETAIL, wrap: false, scrollX: 7 } }),
    );
    // and the line goes on past the edge: … in the last column, the rocket it would cut left out
    expect(bodyOf(odd, 2)[0]).toBe(` ${'🚀'.repeat(69)} …`);
  });

  it('scrolls sideways no further than the longest line, and back at once', () => {
    const id = '0000000d-aaaa-4bbb-8ccc-000000000001';
    const t = Date.UTC(2026, 9, 1, 12);
    const long = `${'x'.repeat(4990)}LINE-END\n`;
    const store = storeOf(
      [`START RequestId: ${id} Version: $LATEST\n`, long, `END RequestId: ${id}\n`].map((message, i) => ({
        timestamp: t + i,
        message,
        logGroup: '/aws/lambda/long',
        logStream: 's',
      })),
    );
    const detail = store.detail(rowIdOf(store, id));
    if (!detail) throw new Error('held');
    const viewOf = (state: UiState): KeyView => {
      const laidOut = detailLayout(detail, options({ width: 160, state: state.detail }));
      return {
        rows: [],
        visible: [],
        detail,
        detailLines: laidOut.lines,
        maxScrollX: laidOut.maxScrollX,
        pageSize: 10,
        helpLines: 0,
        summaryLines: 0,
      };
    };
    let state: UiState = { ...INITIAL_UI_STATE, screen: 'detail', selectedId: id };
    for (let i = 0; i < 800; i++) state = reduceKey(state, '', { rightArrow: true }, viewOf);
    // the line is 4998 columns, 141 fit beside the time and level
    expect(state.detail.scrollX).toBe(4998 - 141);
    const end = text(viewOf(state).detailLines).find((l) => l.includes('LINE-END')) ?? '';
    expect(end.endsWith('LINE-END')).toBe(true);
    state = reduceKey(state, '', { leftArrow: true }, viewOf);
    expect(state.detail.scrollX).toBe(4998 - 141 - 8);
    // one press back shows text again: 140 columns of the line, then … for its last 8
    expect(text(viewOf(state).detailLines).some((l) => / {7}x{140}…$/.test(l))).toBe(true);
  });

  it('says a running invocation is not priced yet, not that there is no price table', () => {
    const id = '0000000e-aaaa-4bbb-8ccc-000000000001';
    const t = Date.UTC(2026, 9, 1, 12);
    // priced, as with a region: the running one still has no price
    const store = createTailStore({
      correlator: createCorrelator(),
      publishIntervalMs: 5,
      cost: () => ({ ok: true, cost: { totalUsd: 0.000001, parts: [] } }),
    });
    for (const [i, message] of [
      `START RequestId: ${id} Version: $LATEST\n`,
      `${id}\tINFO\tworking\n`,
    ].entries())
      store.ingest({ timestamp: t + i, message, logGroup: '/aws/lambda/running', logStream: 's' });
    const detail = store.detail(rowIdOf(store, id));
    expect(detail?.live).toBe(true);
    if (!detail) throw new Error('held');
    const shown = text(layoutDetail(detail, options()));
    expect(shown).toContain('not priced yet: still running (no REPORT yet)');
    expect(shown.join('\n')).not.toContain('no price table');
  });

  it('marks search matches and highlight terms without dropping lines', () => {
    const detail = detailOf(ORDERS);
    const search = parseSearch('ec2-instances');
    const highlighted = addHighlight([], 'account');
    if (!search.ok || !highlighted.ok) throw new Error('parses');
    const lines = layoutDetail(detail, options({ search: search.value, highlights: highlighted.value }));
    const hit = lines.find((l) => l.match);
    expect(hit?.pieces.find((p) => p.inverse)?.text).toBe('ec2-instances');
    expect(hit?.pieces.find((p) => p.background === 'yellow')?.text).toBe('account');
    expect(lines.length).toBe(layoutDetail(detail, options()).length);
  });

  it('shows control characters from the data as ^X instead of sending them to the terminal', () => {
    expect(sanitize('a\u001B[2Jb\u0007c\td')).toBe('a^[[2Jb^Gc d');
  });

  it('links to the console, and says why an invocation has no price', () => {
    const detail = {
      ...detailOf(ORDERS),
      cost: { ok: false as const, reason: 'region unknown (pass --region)' },
    };
    const lines = layoutDetail(detail, options());
    const links = lines.find((l) => l.pieces[0]?.text === 'Console ');
    expect(links?.pieces.filter((p) => p.link).map((p) => p.text)).toEqual([
      'log stream',
      'Logs Insights',
      'X-Ray trace',
      'function',
    ]);
    expect(text(lines)).toContain('not priced: region unknown (pass --region)');
  });
});

describe('the detail header at a narrow width, lines not wrapped', () => {
  const RANDOM = 'ac086670-6373-11e7-a174-f31b3397f190';
  const priced = (events = fixtureEvents()) =>
    storeOf(events, {
      cost: createCostFn(AWS_LIST_PRICES, new Map(), { region: 'us-east-1', architecture: 'x86_64' }),
    });
  const unwrapped = { ...INITIAL_DETAIL, wrap: false };
  /** The header as drawn at `columns` (the detail view is one column narrower: the cursor's). */
  const headerAt = (detail: NonNullable<ReturnType<TailStore['detail']>>, columns: number, scrollX = 0) =>
    text(layoutDetail(detail, options({ width: columns - 1, state: { ...unwrapped, scrollX } })))[0];

  it('keeps the total cost, the least needed parts giving way first, down to 50 columns', () => {
    const store = priced();
    const detail = store.detail(rowIdOf(store, RANDOM));
    if (!detail) throw new Error('held');
    expect(headerAt(detail, 160)).toBe(
      `√ success  random-name ($LATEST)  ${RANDOM}  * cold start  $0.00000745`,
    );
    // The version goes first, then the request ID is shortened (the version taking back the
    // room that leaves), then it goes, then the cold start.
    expect(headerAt(detail, 80)).toBe(
      '√ success  random-name ($LATEST)  ac086670…  * cold start  $0.00000745',
    );
    expect(headerAt(detail, 60)).toBe('√ success  random-name ($LATEST)  * cold start  $0.00000745');
    expect(headerAt(detail, 50)).toBe('√ success  random-name  * cold start  $0.00000745');
    expect(headerAt(detail, 45)).toBe('√ success  random-name  $0.00000745');
    // It stays put when the lines below scroll sideways.
    expect(headerAt(detail, 60, 30)).toBe(headerAt(detail, 60));
    // The cost section says the total first, so a line cut at the edge keeps it.
    const cost = text(layoutDetail(detail, options({ width: 59, state: unwrapped })));
    expect(cost[cost.indexOf('Cost') + 1]).toBe(
      'total $0.00000745   compute 0.435250 GB-s $0.00000725   re…',
    );
    // Wrapped, nothing gives way.
    const wrapped = text(layoutDetail(detail, options({ width: 49 })));
    expect(wrapped.slice(0, 3)).toEqual([
      '√ success  random-name ($LATEST)',
      RANDOM,
      '* cold start  $0.00000745',
    ]);
  });

  it('wraps the header between its parts, never inside a request ID or a cost that fits a row', () => {
    const store = priced();
    const detail = store.detail(rowIdOf(store, RANDOM));
    if (!detail) throw new Error('held');
    /** The rows before the time span. */
    const rowsAt = (columns: number) => {
      const lines = text(layoutDetail(detail, options({ width: columns - 1 })));
      return lines.slice(
        0,
        lines.findIndex((l) => l.startsWith('2024-')),
      );
    };
    expect(rowsAt(80)).toEqual([`√ success  random-name ($LATEST)  ${RANDOM}`, '* cold start  $0.00000745']);
    expect(rowsAt(60)).toEqual([
      '√ success  random-name ($LATEST)',
      `${RANDOM}  * cold start`,
      '$0.00000745',
    ]);
    expect(rowsAt(40)).toEqual(['√ success  random-name ($LATEST)', RANDOM, '* cold start  $0.00000745']);
    // Narrower than the request ID, it wraps inside it, as any line does.
    expect(rowsAt(30)).toEqual([
      '√ success  random-name',
      '($LATEST)',
      'ac086670-6373-11e7-a174-f31b3',
      '397f190',
      '* cold start  $0.00000745',
    ]);
  });

  it('wraps its own words between words, a word wider than a row cut, and log lines as written', () => {
    const store = priced();
    const detail = store.detail(rowIdOf(store, RANDOM));
    if (!detail) throw new Error('held');
    const lines = text(layoutDetail(detail, options({ width: 59 })));
    const rowsUnder = (title: string, count: number) =>
      lines.slice(lines.indexOf(title) + 1, lines.indexOf(title) + 1 + count);
    expect(rowsUnder('REPORT', 4)).toEqual([
      'Duration 1740.12 ms   Billed 1741 ms   Memory 256 MB   Max',
      'used 88 MB',
      'Init 752.31 ms   XRAY TraceId',
      '1-59602603-23fc5b688855d396af79b496',
    ]);
    expect(rowsUnder('Cost', 2)).toEqual([
      'total $0.00000745   compute 0.435250 GB-s $0.00000725',
      'request $0.00000020',
    ]);
    expect(rowsUnder('X-Ray trace', 2)).toEqual([
      'trace 1-59602603-23fc5b688855d396af79b496 is not attached:',
      'X-Ray was not asked, or could not be read',
    ]);
    // The log stream's name is one word wider than 30 columns: cut where the row is full.
    const narrow = text(layoutDetail(detail, options({ width: 29 })));
    const span = narrow.findIndex((l) => l.startsWith('2024-'));
    expect(narrow.slice(span, span + 6)).toEqual([
      '2024-06-10 12:00:08.111Z →',
      '2024-06-10 12:00:09.852Z',
      '/aws/lambda/random-name',
      '2017/07/08/[$LATEST]e6d2fe619',
      'f8278042279c0030c955e52',
      'Console log stream · Logs',
    ]);
    // A log line is text as written: it wraps where the row is full, as before.
    const start = lines.findIndex((l) => l.includes('START RequestId'));
    expect(lines.slice(start, start + 2)).toEqual([
      '12:00:08.111       START RequestId: ac086670-6373-11e7-a174',
      '                   -f31b3397f190 Version: $LATEST',
    ]);
  });

  it('cuts a long function name short rather than lose the cost, and names a failure before it', () => {
    const name = 'orders-api-production-eu-central-1-checkout-handler-v2';
    const events = fixtureEvents()
      .filter((e) => e.message.includes('dbb585bb'))
      .map((e) => ({ ...e, logGroup: `/aws/lambda/${name}` }));
    const store = priced(events);
    const detail = store.detail(rowIdOf(store, 'dbb585bb-3a54-4d1a-a690-54e5085c55f8'));
    if (!detail) throw new Error('held');
    const header = headerAt(detail, 50);
    // 300,000 ms of 128 MB, x86_64 in us-east-1
    expect(header).toBe('◊ timeout  orders-api-production-eu…  $0.00062520');
    expect(cellWidth(header ?? '')).toBe(49);
  });
});

describe('X-Ray section without a trace', () => {
  const section = (store: ReturnType<typeof storeOf>, id: string): string[] => {
    const detail = store.detail(rowIdOf(store, id));
    if (!detail) throw new Error(`${id} not held`);
    const lines = text(layoutDetail(detail, options()));
    const at = lines.indexOf('X-Ray trace');
    return lines.slice(at, at + 2);
  };
  const TRACE_ID = '1-5e7d7595-212fxmpl9ee07c4884191322';

  it('says the trace is being fetched while it is, then that X-Ray has none, in the words of the text output', () => {
    const store = storeOf(fixtureEvents());
    expect(section(store, ORDERS)).toEqual([
      'X-Ray trace',
      `trace ${TRACE_ID} is not attached: X-Ray was not asked, or could not be read`,
    ]);
    store.noteTraceFetch(ORDERS, 'fetching');
    expect(section(store, ORDERS)).toEqual(['X-Ray trace', `trace ${TRACE_ID} is being fetched from X-Ray`]);
    store.noteTraceFetch(ORDERS, 'not-found');
    expect(section(store, ORDERS)).toEqual([
      'X-Ray trace',
      `X-Ray has no trace ${TRACE_ID} (not sampled, or older than X-Ray keeps)`,
    ]);
    // An invocation whose logs name no trace says so.
    expect(section(store, REPORTS)).toEqual(['X-Ray trace', 'no trace ID in its logs']);
  });
});

describe('trace waterfall', () => {
  it('nests the Lambda segments under the caller and inferred segments under their call', () => {
    const [trace] = tracesFromBatchGetTraces(JSON.parse(readFileSync(TRACES, 'utf8')));
    if (!trace) throw new Error('fixture has a trace');
    expect(trace.lambdas[0]?.requestId).toBe('ac086670-6373-11e7-a174-f31b3397f190');
    const view = traceView(trace);
    expect(view?.spans.map((s) => `${s.depth}:${s.name}`)).toEqual([
      '0:Scorekeep',
      '1:Lambda',
      '2:random-name',
      '3:random-name',
      '4:Initialization',
      '4:annotations',
      '4:SNS',
      '5:SNS',
      '1:## UserModel.saveUser',
      '2:DynamoDB',
      '3:DynamoDB',
    ]);
    expect(Math.round((view?.endMs ?? 0) - (view?.startMs ?? 0))).toBe(3232);
  });

  it('marks faults in the detail view of the invocation the trace belongs to', async () => {
    const document = {
      id: 'a1',
      name: 'orders',
      start_time: 100,
      end_time: 101,
      origin: 'AWS::Lambda::Function',
      subsegments: [{ id: 'b1', name: 'DynamoDB', start_time: 100.2, end_time: 100.6, fault: true }],
    };
    const lambda = {
      id: 'a0',
      name: 'orders',
      start_time: 100,
      end_time: 101,
      origin: 'AWS::Lambda',
      aws: { request_id: ORDERS },
    };
    const [trace] = tracesFromBatchGetTraces({
      Traces: [
        {
          Id: '1-5e7d7595-212fxmpl9ee07c4884191322',
          Segments: [
            { Id: 'a1', Document: JSON.stringify({ ...document, parent_id: 'a0' }) },
            { Id: 'a0', Document: JSON.stringify(lambda) },
          ],
        },
      ],
    });
    if (!trace) throw new Error('trace expected');
    const store = storeOf(fixtureEvents());
    store.attachTrace(trace);
    const { lastFrame, stdin, unmount } = renderApp(store, 140, 44);
    await settle();
    await press(stdin, 'g', '\r');
    const frame = await waitForFrame(lastFrame, (f) => f.includes('X-Ray trace 1-5e7d7595'));
    expect(frame).toMatch(/orders\s+█+\s+1000\.00 ms/);
    expect(frame).toMatch(/ {4}DynamoDB\s+█+\s+400\.00 ms fault/);
    unmount();
  });
});

describe('untimed input (plain lines on stdin)', () => {
  /** What a script printing Lambda lines writes: START, END and REPORT without a time. */
  const untimed = (n: number, at: string): { timestamp: number; message: string }[] => {
    const id = `aaaa000${n}-1111-2222-3333-444455556666`;
    return [
      `START RequestId: ${id} Version: $LATEST`,
      `${at}\t${id}\tINFO\tstep ${n}`,
      `END RequestId: ${id}`,
      `REPORT RequestId: ${id}\tDuration: 100${n}.00 ms\tBilled Duration: 100${n} ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\t`,
    ].map((message) => ({ timestamp: Number.NaN, message }));
  };

  it('keeps rows in arrival order and does not draw a zero-length span', () => {
    const store = createTailStore({ correlator: createCorrelator(), functionName: 'stdin' });
    for (const e of untimed(1, '2026-01-01T17:55:55.927Z')) store.ingest(e);
    for (const e of untimed(2, '2026-01-01T17:55:57.931Z').slice(0, 2)) store.ingest(e);
    const rows = store.snapshot().rows;
    expect(rows.map((r) => [r.requestId.slice(0, 8), r.live])).toEqual([
      ['aaaa0001', false],
      ['aaaa0002', true],
    ]);
    const detail = store.detail(rows[0]?.id ?? '');
    if (!detail) throw new Error('held');
    expect(text(layoutDetail(detail, options()))[1]).toBe(
      '2026-01-01 17:55:55.927Z → untimed (REPORT Duration 1001.00 ms)',
    );
  });
});
