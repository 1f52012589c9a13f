/** What `logs` prints as text to a terminal never sends a log's control characters to it. */
import { describe, expect, it } from 'vitest';
import { formatInvocationText } from '../../cli/output/invocation-text.ts';
import { showControls, showControlsInLine } from '../../collectors/kernel/control-chars.ts';
import { emptyInvocation } from '../../collectors/model.ts';

const HOSTILE =
  'x \u001b]0;PWNED\u0007 \u001b]52;c;ZXZpbA==\u0007 \u001b[31mred\u007f \u009b2J \u202eevil\u2069';
const SHOWN = 'x ^[]0;PWNED^G ^[]52;c;ZXZpbA==^G ^[[31mred^? ^[[2J <U+202E>evil<U+2069>';

describe('control characters in text output', () => {
  it('are shown, not sent; tabs and line breaks are kept', () => {
    expect(showControls(HOSTILE)).toBe(SHOWN);
    expect(showControls('a\tb\nc\r')).toBe('a\tb\nc^M');
    expect(showControls('grüße 🌍 漢字')).toBe('grüße 🌍 漢字');
  });

  it('shows what draws nothing: zero-width characters, direction marks, a byte order mark', () => {
    expect(showControls('zero\u200bwidth \u200fmark \ufeffbom \u2060joined')).toBe(
      'zero<U+200B>width <U+200F>mark <U+FEFF>bom <U+2060>joined',
    );
    // A joiner between two pictographs writes one emoji: kept; elsewhere, shown.
    expect(showControls('👨\u200d👩\u200d👧 a\u200db')).toBe('👨\u200d👩\u200d👧 a<U+200D>b');
    const inv = emptyInvocation('req');
    inv.lines = [{ timestamp: null, level: null, message: 'pay\u200bment ok' }];
    expect(formatInvocationText(inv, { color: false, terminal: true })).toContain('  pay<U+200B>ment ok\n');
    expect(formatInvocationText(inv, { color: false })).toContain('  pay\u200bment ok\n');
  });

  it('inside one line (a table cell, a warning): tabs and line breaks shown too', () => {
    expect(showControlsInLine(HOSTILE)).toBe(SHOWN);
    expect(showControlsInLine('a\tb\nc\r\n')).toBe('a^Ib^Jc^M^J');
  });

  it('in an invocation block on a terminal: its lines, its function name and its request ID', () => {
    const inv = emptyInvocation('req\u001b[2J');
    inv.functionName = 'fn\u001b]0;T\u0007';
    inv.lines = [{ timestamp: null, level: null, message: HOSTILE }];
    const text = formatInvocationText(inv, { color: false, terminal: true });
    // Nothing a terminal acts on is left: what remains is the text, tabs and line breaks.
    expect(showControls(text)).toBe(text);
    expect(text).toContain('fn^[]0;T^G');
    expect(text).toContain('req^[[2J');
    expect(text).toContain(`  ${SHOWN}\n`);
    // Not to a terminal (a file, a pipe): the log's own text.
    expect(formatInvocationText(inv, { color: false })).toContain(`  ${HOSTILE}\n`);
  });
});
