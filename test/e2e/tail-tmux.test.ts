import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isDetail, isList, listRows, startSession, type TmuxSession } from './tmux.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = 'test/fixtures/tail/invocations.ndjson';
const TRACES = 'test/fixtures/tail/batch-get-traces.json';
const TAIL = `node bin/lambdalens.mjs tail --region us-east-1 --traces ${TRACES}`;

let session: TmuxSession | null = null;

function start(args: string): TmuxSession {
  session = startSession(`${TAIL} ${args}`, ROOT);
  return session;
}

afterEach(() => {
  session?.kill();
  session = null;
});

const ended = (s: string) => s.includes('input ended');

describe('lambdalens tail in a real terminal', () => {
  it('opens a timed-out invocation and shows its Task timed out line and status', async () => {
    const tty = start(FIXTURE);
    const list = await tty.waitFor(ended);
    expect(listRows(list)).toHaveLength(8);
    tty.keys('g');
    await tty.waitFor((s) => (listRows(s)[0] ?? '').startsWith('›'));
    tty.keys('j', 'j');
    await tty.waitFor((s) => (listRows(s)[2] ?? '').startsWith('›'));
    tty.keys('Enter');
    // A frame reaches tmux in pieces: wait for the detail's last line, not only its title.
    const detail = await tty.waitFor(
      (s) => isDetail(s) && s.includes('WARN upstream') && s.includes('Task timed out'),
    );
    expect(detail).toContain(
      '◊ timeout  orders ($LATEST)  dbb585bb-3a54-4d1a-a690-54e5085c55f8  * cold start',
    );
    expect(detail).toContain('Task timed out after 300.10 seconds');
    expect(detail).toContain('Duration 300099.78 ms   Billed 300000 ms   Memory 128 MB   Max used 28 MB');
    expect(detail).toContain(
      'WARN  2024-06-10T12:00:00.520Z dbb585bb-3a54-4d1a-a690-54e5085c55f8 WARN upstream',
    );
    tty.keys('Escape');
    const back = await tty.waitFor(isList);
    expect(listRows(back)).toHaveLength(8);
  });

  it('filters to errors with f', async () => {
    const tty = start(FIXTURE);
    await tty.waitFor(ended);
    tty.keys('f');
    await tty.waitFor((s) => s.includes('filter:'));
    tty.type('errors');
    tty.keys('Enter');
    const screen = await tty.waitFor((s) => s.includes('shown 4 of 8'));
    const rows = listRows(screen);
    expect(rows.map((r) => r.match(/(× crash|◊ timeout|▲ oom|√ ok)/)?.[1])).toEqual([
      '× crash',
      '◊ timeout',
      '▲ oom',
      '◊ timeout',
    ]);
    expect(screen).toContain('filter: status:timeout,oom,crash,error');
    tty.keys('f');
    await tty.waitFor((s) => s.includes('filter: errors'));
    tty.type(' fn:billing');
    tty.keys('Enter');
    const billing = await tty.waitFor((s) => s.includes('shown 3 of 8'));
    expect(listRows(billing).every((r) => r.includes(' billing '))).toBe(true);
  });

  it('opens a row of the filtered list, or of the search, when keys are typed ahead', async () => {
    const tty = start(FIXTURE);
    await tty.waitFor(ended);
    tty.burst('f', 'status:timeout', 'Enter', 'g', 'Enter');
    const detail = await tty.waitFor((s) => isDetail(s) && s.includes('REPORT'));
    expect(detail).toContain('filter: status:timeout');
    expect(detail).toContain('◊ timeout  orders ($LATEST)  dbb585bb-3a54-4d1a-a690-54e5085c55f8');
    tty.keys(']');
    const next = await tty.waitFor((s) => isDetail(s) && !s.includes('dbb585bb-3a54'));
    expect(next).toMatch(/◊ timeout {2}billing/);
    tty.burst('Escape', 'Escape', '/', 'timed out', 'Enter', 'Enter');
    const found = await tty.waitFor((s) => isDetail(s) && s.includes('search: timed out'));
    expect(found).toContain('◊ timeout  orders ($LATEST)  dbb585bb-3a54-4d1a-a690-54e5085c55f8');
  });

  it('searches lines by text and by regular expression', async () => {
    const tty = start(FIXTURE);
    await tty.waitFor(ended);
    tty.keys('/');
    tty.type('invoice sent');
    tty.keys('Enter');
    const text = await tty.waitFor((s) => s.includes('shown 1 of 8'));
    expect(listRows(text)[0]).toContain('a719c94f-0532-4394-b47d-28595a7b3105');
    // the search also finds a function name and a request ID
    tty.keys('/');
    await tty.waitFor((s) => s.includes('search / invoice sent'));
    tty.keys('C-u');
    tty.type('reports');
    tty.keys('Enter');
    const byName = await tty.waitFor((s) => s.includes('search: reports (1 invocation)'));
    expect(listRows(byName)[0]).toContain('d661f7cf-9208-46b9-85b0-213b04a91065');
    expect(text).toContain('search: invoice sent (1 invocation)');
    tty.keys('/');
    await tty.waitFor((s) => s.includes('search / reports'));
    for (let i = 0; i < 'reports'.length; i++) tty.keys('BSpace');
    tty.type('/timed out after \\d+\\.\\d+ seconds/');
    tty.keys('Enter');
    const regex = await tty.waitFor((s) => s.includes('(1 invocation)') && s.includes('dbb585bb'));
    expect(listRows(regex)).toHaveLength(1);
    tty.keys('Enter');
    const detail = await tty.waitFor((s) => isDetail(s) && s.includes('Task timed out'));
    expect(detail).toContain('Task timed out after 300.10 seconds');
    tty.keys('Escape');
    await tty.waitFor(isList);
    tty.keys('Escape');
    const cleared = await tty.waitFor((s) => s.includes('shown 8 of 8'));
    expect(cleared).not.toContain('search:');
  });

  it('pauses the screen while input keeps buffering, and resumes', async () => {
    // paced at twice the logged speed: the 8 invocations arrive over about 5 s
    const tty = start(`--replay 2 ${FIXTURE}`);
    await tty.waitFor((s) => listRows(s).length >= 1);
    tty.keys('p');
    const paused = await tty.waitFor((s) => s.includes('PAUSED'));
    const frozen = listRows(paused).length;
    expect(frozen).toBeLessThan(8);
    const later = await tty.waitFor(ended, 30_000);
    expect(later).toContain('PAUSED');
    expect(listRows(later)).toHaveLength(frozen);
    expect(later).toContain('33 events');
    expect(later).toMatch(new RegExp(`PAUSED \\(\\+${8 - frozen} new\\)`));
    tty.keys('p');
    const resumed = await tty.waitFor((s) => !s.includes('PAUSED'));
    expect(listRows(resumed)).toHaveLength(8);
  });

  it('shows help with ? and leaves it with Esc; q quits', async () => {
    const tty = start(FIXTURE);
    await tty.waitFor(ended);
    tty.keys('?');
    const help = await tty.waitFor((s) => s.includes('· help'));
    expect(help).toContain('filter: fn:NAME status:timeout,oom|errors cold min:MS');
    expect(help).toContain('open the selected invocation');
    expect(listRows(help)).toHaveLength(0);
    tty.keys('Escape');
    const list = await tty.waitFor(isList);
    expect(listRows(list)).toHaveLength(8);
    tty.keys('q');
    const after = await tty.waitFor((s) => s.includes('EXITED'), 10_000);
    expect(after).toContain('EXITED 0');
  });
});
