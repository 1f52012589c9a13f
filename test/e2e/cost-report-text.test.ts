/**
 * What the cost report's text forms say around the figures, over the example month (its
 * data runs 2026-10-01..2026-10-27): every total with how many invocations it covers, and a
 * period the data covers only in part said to be so at the top.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const data = join(import.meta.dirname, '..', '..', 'examples', 'data');
const examples = [join(data, 'logs'), '--config', join(data, 'functions.json')];

function cost(args: string[]) {
  return runCli(['cost', ...examples, ...args], {});
}

describe('cost report text', () => {
  it('says beside TOTAL how many invocations it covers, in the table and in Markdown', () => {
    const table = cost(['--month', '2026-10']);
    expect(table.stdout.split('\n').filter((l) => l.startsWith('TOTAL'))).toEqual([
      'TOTAL (2,156 of 2,163 invocations priced)                                             $0.2127',
    ]);
    const md = cost(['--month', '2026-10', '--output', 'md']);
    expect(md.stdout.split('\n').filter((l) => l.includes('TOTAL'))).toEqual([
      '**TOTAL $0.2127** (2,156 of 2,163 invocations priced)',
    ]);
  });

  it('says at the top when the data covers only part of the period', () => {
    const range = ['--from', '2026-09-25', '--to', '2026-10-03'];
    const table = cost(range);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').slice(0, 2)).toEqual([
      'Lambda cost 2026-09-25..2026-10-03: $0.0196 — 353 of 353 invocations priced',
      '  the data covers only 2026-10-01..2026-10-03 of 2026-09-25..2026-10-03',
    ]);
    expect(
      cost([...range, '--output', 'md'])
        .stdout.split('\n')
        .slice(0, 5),
    ).toEqual([
      '# Lambda cost report 2026-09-25..2026-10-03',
      '',
      '**$0.0196** — 353 of 353 invocations priced',
      '',
      '- the data covers only 2026-10-01..2026-10-03 of 2026-09-25..2026-10-03',
    ]);
    expect(cost([...range, '--output', 'html']).stdout).toContain(
      '<ul class="summary"><li>the data covers only 2026-10-01..2026-10-03 of 2026-09-25..2026-10-03</li>',
    );
    // A month whose data ends before it does.
    expect(cost(['--month', '2026-10']).stdout.split('\n')[1]).toBe(
      '  the data covers only 2026-10-01..2026-10-27 of 2026-10',
    );
  });

  it('says nothing of it when the data spans the period', () => {
    for (const period of [[], ['--from', '2026-10-02', '--to', '2026-10-03']]) {
      const lines = cost(period).stdout.split('\n');
      expect(lines[1]?.startsWith('  Lambda $')).toBe(true);
      expect(lines.filter((l) => l.includes('the data covers'))).toEqual([]);
    }
  });
});
