/**
 * The text block of an invocation that could be longer than V8's longest string goes a line
 * at a time: a line break in a message is written as five characters (it is indented), and
 * on a terminal a character can be shown as eight (`<U+2028>`), so an invocation holding the
 * text the correlator lets it hold could make a block that building as one string threw
 * "Invalid string length" on. Building one past it here would take half a minute (a hundred
 * million line breaks indented): these hold the pieces to the block, byte for byte, on an
 * invocation whose text could pass it, and `logs-memory-bounds.test.ts` runs the CLI over
 * one whose NDJSON does.
 */
import { describe, expect, it } from 'vitest';
import type { TextStyle } from '../../cli/output/invocation-text.ts';
import { formatInvocationText, putInvocationText } from '../../cli/output/invocation-text.ts';
import { LONGEST_STRING } from '../../collectors/longest-string.ts';
import { emptyInvocation, type Invocation } from '../../collectors/model.ts';

/** An invocation of `count` lines, each `message`, two more left out by the bound. */
function invocationOf(message: string, count: number): Invocation {
  const inv = emptyInvocation('6f1b3a2e-1111-4222-8333-444455556666');
  inv.status = 'error';
  inv.lines = Array.from({ length: count }, (_, i) => ({
    timestamp: null,
    level: i % 2 === 0 ? 'ERROR' : 'INFO',
    message,
  }));
  inv.droppedLines = 2;
  return inv;
}

/** What `putInvocationText` handed over, piece by piece. */
function pieces(inv: Invocation, style: TextStyle, notes: string[] = []): string[] {
  const out: string[] = [];
  putInvocationText(
    inv,
    style,
    (text) => {
      out.push(text);
      return false;
    },
    notes,
  );
  return out;
}

describe('an invocation text block that could pass the longest string', () => {
  it('is handed over a line at a time, the text of the block, to a file and to a terminal', () => {
    // 67 million characters, each of which a terminal could show as eight: past the longest string.
    const message = `${'a'.repeat(8_400_000)}\n\u0001 \u2028 end`;
    const inv = invocationOf(message, 8);
    expect(8 * message.length * 8).toBeGreaterThan(LONGEST_STRING);
    for (const style of [{ color: false }, { color: true, terminal: true }]) {
      const got = pieces(inv, style, ['trace 1-5f84c7a1-2b3c4d5e6f7a8b9c0d1e2f3a']);
      // Header and note, 8 lines, the lines left out, the blank line that ends the block.
      expect(got.length).toBe(11);
      expect(got.join('')).toBe(
        formatInvocationText(inv, style, ['trace 1-5f84c7a1-2b3c4d5e6f7a8b9c0d1e2f3a']),
      );
    }
  });

  it('any other is handed over whole, as formatInvocationText writes it', () => {
    const inv = invocationOf('a line\nits second', 3);
    const style = { color: false };
    expect(pieces(inv, style)).toEqual([formatInvocationText(inv, style)]);
  });
});
