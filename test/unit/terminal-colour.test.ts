/**
 * A tool's terminal colour taken out of its text as it streams: every cut of the input into
 * chunks gives the same text, escape sequences gone and every other byte kept.
 */
import { describe, expect, it } from 'vitest';
import { startsWithColour, withoutColour } from '../../collectors/files/terminal-colour.ts';

const GREEN = '\x1b[32m';
const CYAN = '\x1b[36m';
const RESET = '\x1b[0m';

async function strip(chunks: Buffer[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of withoutColour(
    (async function* () {
      yield* chunks;
    })(),
  ))
    out.push(c);
  return out;
}

/** `text` cut at `first` and then every `step` bytes. */
function cut(bytes: Buffer, first: number, step: number): Buffer[] {
  const out = [bytes.subarray(0, first)];
  for (let at = first; at < bytes.length; at += step) out.push(bytes.subarray(at, at + step));
  return out;
}

describe('terminal colour', () => {
  it('is seen when the first line starts with an escape sequence', () => {
    expect(startsWithColour(Buffer.from(`${GREEN}2026-10-03T06:25:08${RESET} x`))).toBe(true);
    expect(startsWithColour(Buffer.from(`\n  ${GREEN}x`))).toBe(true);
    expect(startsWithColour(Buffer.from(`2026-10-03 ${GREEN}x`))).toBe(false);
    expect(startsWithColour(Buffer.from('\x1b'))).toBe(false);
  });

  it('goes, whatever the chunks, and nothing else does', async () => {
    const coloured = Buffer.from(
      `${GREEN}2026-10-03T06:25:08.816000+00:00${RESET} ${CYAN}2026/10/03/[$LATEST]41073dd2${RESET} START RequestId: c362da13 café 東京 🚀\n` +
        `\x1b[1;38;5;208mbold orange\x1b[m\x1b(B plain \x1b]not a colour\x07 \x1bZ end\n`,
    );
    const expected = Buffer.from(
      '2026-10-03T06:25:08.816000+00:00 2026/10/03/[$LATEST]41073dd2 START RequestId: c362da13 café 東京 🚀\n' +
        'bold orange plain \x1b]not a colour\x07 \x1bZ end\n',
    );
    for (let first = 0; first <= coloured.length; first++) {
      for (const step of [1, 2, 5, 64]) {
        const out = Buffer.concat(await strip(cut(coloured, first, step)));
        expect(out.equals(expected), `cut at ${first}, then every ${step}`).toBe(true);
      }
    }
  });

  it('keeps what only looks like a sequence: too long, cut off by the end, or not ending in a final byte', async () => {
    const long = `\x1b[${'1;'.repeat(40)}m`;
    expect(Buffer.concat(await strip([Buffer.from(`a${long}b`)])).toString()).toBe(`a${long}b`);
    expect(Buffer.concat(await strip([Buffer.from('a\x1b[3')])).toString()).toBe('a\x1b[3');
    expect(Buffer.concat(await strip([Buffer.from('a\x1b[3\tb')])).toString()).toBe('a\x1b[3\tb');
  });

  it('passes the empty chunks of a live input’s pauses through, in place', async () => {
    const out = await strip([Buffer.from(`${GREEN}a${RESET}\n`), Buffer.alloc(0), Buffer.from('b\n')]);
    expect(out.map((c) => c.toString())).toEqual(['a\n', '', 'b\n']);
  });
});
