/**
 * What the cost report's text forms say around the figures, over the example month: every
 * total with how many invocations it covers, in the table as in Markdown.
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
});
