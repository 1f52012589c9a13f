/**
 * START and END lines in CloudWatch's exact shape are read without the usual expressions'
 * captures (`exact-start-end.ts`): on every line that way reads, it must give what the usual
 * expression gives, field for field and in the same order; every other line it must leave
 * to the expression. Held on the real samples, the examples and fuzzed lines, exact and
 * altered.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactEnd, exactStart } from '../../collectors/parser/exact-start-end.ts';
import { parseLine } from '../../collectors/parser/parse-line.ts';
import { endByExpression, startByExpression } from '../../collectors/parser/text-platform.ts';
import { blockEvents, fixtureBlocks } from './fixture-blocks.ts';

/** Both ways on one line: the exact way reads it as the expression does, or not at all. */
function agree(line: string): 'exact' | 'left' {
  const start = line.startsWith('S');
  const exact = start ? exactStart(line) : exactEnd(line);
  const usual = start ? startByExpression(line) : endByExpression(line);
  // Stringified as well, so that the fields' order counts (the NDJSON and tests see it).
  if (exact !== undefined) {
    expect(JSON.stringify(exact)).toBe(JSON.stringify(usual));
    expect(exact).toEqual(usual);
  }
  if (usual !== null) expect(parseLine(line)).toEqual(usual);
  return exact === undefined ? 'left' : 'exact';
}

const examples = fileURLToPath(new URL('../../examples/data/logs/', import.meta.url));

/** START and END messages of the examples and the samples, as their events carry them. */
function realLines(): string[] {
  const messages = fixtureBlocks().flatMap((b) => blockEvents(b, `stream-${b.index}`).map((e) => e.message));
  for (const name of readdirSync(examples).filter((n) => n.endsWith('.log'))) {
    for (const line of readFileSync(`${examples}${name}`, 'utf8').split('\n')) {
      const at = line.search(/(START|END) RequestId:/);
      if (at >= 0) messages.push(line.slice(at));
    }
  }
  return messages.filter((m) => m.startsWith('START') || m.startsWith('END'));
}

const value = fc.oneof(
  fc.uuid(),
  fc.constantFrom(
    '$LATEST',
    '8',
    'Version:',
    'RequestId:',
    'id:',
    'x\u00e9',
    'a'.repeat(256),
    'a'.repeat(257),
  ),
  fc.stringMatching(/^[!-~]{1,12}$/),
  fc.string({ minLength: 1, maxLength: 6 }),
);
const ending = fc.constantFrom('', '\t', '\n', '\t\n', ' \r\n', '\u00a0');
const exactLine = fc.oneof(
  fc.tuple(value, value, ending).map(([id, version, end]) => ({
    line: `START RequestId: ${id} Version: ${version}${end}`,
    values: [id, version],
    end,
  })),
  fc.tuple(value, ending).map(([id, end]) => ({ line: `END RequestId: ${id}${end}`, values: [id], end })),
);

describe('START and END lines in the exact shape', () => {
  it('read alike on every real START and END line, most of them the exact way', () => {
    const lines = realLines();
    const ways = lines.map(agree);
    const exact = ways.filter((w) => w === 'exact').length;
    expect(lines.length).toBeGreaterThan(600);
    expect(exact).toBeGreaterThan(lines.length / 2);
    expect(ways).toContain('left');
  });

  it('read alike on fuzzed lines of that shape, each the exact way when its values are printable ASCII IDs the expression takes', () => {
    let exact = 0;
    fc.assert(
      fc.property(exactLine, ({ line, values, end }) => {
        const way = agree(line);
        const [id] = values as [string];
        const taken = id.length <= 256 && !id.endsWith(':');
        if (taken && end !== '\u00a0' && values.every((v) => /^[!-~]+$/.test(v))) expect(way).toBe('exact');
        if (way === 'exact') exact++;
      }),
      { numRuns: 20_000 },
    );
    expect(exact).toBeGreaterThan(5_000);
  });

  it('left to the expression, or read alike, when altered anywhere', () => {
    const altered = fc
      .tuple(
        exactLine.map((l) => l.line),
        fc.nat(),
        fc.constantFrom('', ' ', '\t', '  ', '\u00a0', '\u2003', '\n', 'X', ':', '\t\t', '\v'),
        fc.nat({ max: 3 }),
      )
      .map(([line, at, insert, drop]) => {
        const i = at % (line.length + 1);
        return line.slice(0, i) + insert + line.slice(i + drop);
      });
    fc.assert(
      fc.property(altered, (line) => {
        agree(line);
      }),
      { numRuns: 30_000 },
    );
  });

  it('leaves an ID past the bound or ending in a colon to the expression, which takes neither', () => {
    for (const id of ['a'.repeat(257), 'Version:', 'abc:']) {
      expect(exactStart(`START RequestId: ${id} Version: $LATEST`)).toBeUndefined();
      expect(exactEnd(`END RequestId: ${id}`)).toBeUndefined();
    }
    expect(parseLine(`END RequestId: ${'a'.repeat(257)}`).kind).toBe('app');
    expect(parseLine('START RequestId: Version: $LATEST').kind).toBe('app');
  });
});
