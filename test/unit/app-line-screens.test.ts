/**
 * A runtime's line is read without cutting out its level word (`levelIn`) and passed over
 * for failure phrases by a cheaper alternation first (`failureSignal`'s screen): each must
 * give what the general way gives, on every real line and on fuzzed ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failureSignal, failureSignalOf, levelIn, normaliseLevel } from '../../collectors/parser/app-line.ts';
import { blockEvents, fixtureBlocks } from './fixture-blocks.ts';

const examples = fileURLToPath(new URL('../../examples/data/logs/', import.meta.url));

/** Every message of the samples and every line of the examples. */
function realLines(): string[] {
  const lines = fixtureBlocks().flatMap((b) => blockEvents(b, `stream-${b.index}`).map((e) => e.message));
  for (const name of readdirSync(examples)) {
    lines.push(...readFileSync(`${examples}${name}`, 'utf8').split('\n'));
  }
  return lines;
}

/** Every phrase the failure signals are told by, and parts of them. */
const PHRASES = [
  'Task timed out after',
  'out of memory',
  'OutOfMemory',
  'MemoryError',
  'Runtime exited',
  'Runtime.ExitError',
  'Process exited before completing',
  'exit status 1',
  'Invoke Error',
  'Unhandled exception',
  'Runtime.UnhandledPromiseRejection',
  'Traceback (most recent call last)',
  '[ERROR] KeyError:',
  '"errorType": "Foo"',
  'emory',
  'xit',
  'Task',
  'Traceback',
  'nhandled',
  'nvoke',
];

describe('failure phrases screened by a word each holds', () => {
  it('finds what the full search finds on every real line, from every start', () => {
    const lines = realLines();
    const differing: string[] = [];
    let signals = 0;
    for (const line of lines) {
      for (const from of [0, 1, 24, 62, line.length]) {
        const general = JSON.stringify(failureSignalOf(line, from));
        if (JSON.stringify(failureSignal(line, from)) !== general) differing.push(`${from}: ${line}`);
        if (general !== 'null') signals++;
      }
    }
    expect(differing).toEqual([]);
    expect(lines.length).toBeGreaterThan(1000);
    expect(signals).toBeGreaterThan(20);
  });

  it('finds what the full search finds on fuzzed lines of phrases, their parts and any text', () => {
    const piece = fc.oneof(fc.constantFrom(...PHRASES), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), fc.nat(80), (pieces, from) => {
        const line = pieces.join('');
        expect(failureSignal(line, from)).toEqual(failureSignalOf(line, from));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('a level word read in place', () => {
  const spellings = ['INFO', 'DEBUG', 'WARN', 'WARNING', 'ERROR', 'TRACE', 'FATAL', 'CRITICAL'];

  it('reads every spelling as normaliseLevel does, inside a line', () => {
    for (const word of spellings) {
      const line = `x\t${word}\tmessage`;
      expect(levelIn(line, 2, 2 + word.length)).toBe(normaliseLevel(word));
    }
    expect(spellings.map((w) => levelIn(w, 0, w.length))).toEqual([
      'INFO',
      'DEBUG',
      'WARN',
      'WARN',
      'ERROR',
      'TRACE',
      'FATAL',
      'FATAL',
    ]);
  });

  it('reads fuzzed words of capitals as normaliseLevel does', () => {
    const word = fc.oneof(
      fc.constantFrom(...spellings, 'INF', 'INFOS', 'WARNINGS', 'CRITICA', 'NOTICE', 'EROR'),
      fc.stringMatching(/^[A-Z]{4,8}$/),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 5 }), word, fc.string({ maxLength: 5 }), (before, w, after) => {
        const line = before + w + after;
        expect(levelIn(line, before.length, before.length + w.length)).toBe(normaliseLevel(w));
      }),
      { numRuns: 5000 },
    );
  });
});
