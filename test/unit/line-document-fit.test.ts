/**
 * A line too long for one document (the shipper sends none over MAX_DOCUMENT_BYTES) is stored
 * cut to the start that fits, marked `lambdalens.message_truncated`, with its whole size in
 * `message_bytes` and the ID of the whole line; lines of 10 to 16 MiB were dead-lettered whole.
 */
import { describe, expect, it } from 'vitest';
import { ingestedBytes, type LogEvent } from '../../collectors/model.ts';
import { prepareDocument } from '../../shippers/bulk-request.ts';
import { buildLineDocument, type LineFacts, lineDocumentId } from '../../shippers/documents.ts';
import { cutToJsonBytes } from '../../shippers/message-fit.ts';
import { MAX_DOCUMENT_BYTES } from '../../shippers/types.ts';

const jsonBytes = (text: string) => Buffer.byteLength(JSON.stringify(text));

describe('cutToJsonBytes', () => {
  it('keeps the longest start whose JSON string fits, escapes and pairs counted as written', () => {
    expect(cutToJsonBytes('abc', 5)).toBe('abc');
    expect(cutToJsonBytes('abc', 4)).toBe('ab');
    expect(cutToJsonBytes('abc', 2)).toBe('');
    // `"` and `\` take two bytes, a control character six (\u0001), a newline two.
    expect(cutToJsonBytes('a"b', 5)).toBe('a"');
    expect(cutToJsonBytes('a\u0001b', 8)).toBe('a');
    expect(cutToJsonBytes('a\u0001b', 9)).toBe('a\u0001');
    expect(cutToJsonBytes('a\nb', 5)).toBe('a\n');
    // é 2 bytes, € 3, 😀 4 (a pair, never cut in two), a lone surrogate 6 (\ud800).
    expect(cutToJsonBytes('é€😀', 2 + 2 + 3 + 3)).toBe('é€');
    expect(cutToJsonBytes('é€😀', 2 + 2 + 3 + 4)).toBe('é€😀');
    expect(cutToJsonBytes('\ud800x', 8)).toBe('\ud800');
  });

  it('on random texts: what it keeps fits, and one more unit would not', () => {
    const alphabet = ['a', '"', '\\', '\n', '\u0001', '\u007f', 'é', '€', '😀', '\ud800', '\udc00', ' '];
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let round = 0; round < 500; round++) {
      let text = '';
      for (let i = next() % 40; i > 0; i--) text += alphabet[next() % alphabet.length];
      const max = 2 + (next() % 60);
      const kept = cutToJsonBytes(text, max);
      expect(text.startsWith(kept)).toBe(true);
      expect(jsonBytes(kept)).toBeLessThanOrEqual(max);
      if (kept.length < text.length) {
        // The next character (a whole pair when one starts there) would not fit.
        const rest = text.slice(kept.length);
        const unit = /^[\ud800-\udbff][\udc00-\udfff]/.test(rest) ? 2 : 1;
        expect(jsonBytes(text.slice(0, kept.length + unit))).toBeGreaterThan(max);
      }
    }
  });
});

describe('a line document over the limit for one document', () => {
  const facts: LineFacts = {
    requestId: '11111111-1111-4111-8111-111111111111',
    level: 'INFO',
    traceId: null,
    lineKind: 'app',
    ordinal: 0,
    time: Date.parse('2026-10-01T10:00:00.100Z'),
    timeSource: 'event',
  };
  const line = (message: string): LogEvent => ({
    timestamp: facts.time,
    message,
    logGroup: '/aws/lambda/big-fn',
    logStream: '2026/10/01/[$LATEST]big',
  });

  it('stores the start that fits, marked, with the whole line’s size and ID', () => {
    // 12 MiB of text and quotes (two bytes each once written): a 24 MiB message cut to fit.
    const message = `2026-10-01T10:00:00.100Z\t${facts.requestId}\tINFO\t${'x"'.repeat(6 * 1024 * 1024)}\n`;
    const event = line(message);
    const doc = buildLineDocument(event, facts, { functionName: 'big-fn' }, 0);
    const prepared = prepareDocument(doc, 'lambdalens-logs-2026.10.01');
    expect(prepared.bytes).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
    // Within the room kept for the action line of it: nothing more was cut than needed.
    expect(prepared.bytes).toBeGreaterThan(MAX_DOCUMENT_BYTES - 1024);
    const source = JSON.parse(doc.sourceText as string);
    expect(source).toEqual(doc.source);
    expect(message.startsWith(source.message)).toBe(true);
    expect(source.message.length).toBeLessThan(message.length - 1);
    expect(source.lambdalens.message_truncated).toBe(true);
    expect(source.lambdalens.message_bytes).toBe(ingestedBytes(event));
    expect(doc.id).toBe(lineDocumentId(event, 0, facts.time));
  });

  it('cuts alike a message past the bound in characters, cut before it is written, and one past it only once written', () => {
    // 12 Mi characters: past the 10 MiB bound before a byte is written (the first test's,
    // cut without its whole text written first); 6 Mi quotes: within it, but 12 MiB written.
    for (const body of ['x'.repeat(12 * 1024 * 1024), '"'.repeat(6 * 1024 * 1024)]) {
      const doc = buildLineDocument(line(`${body}\n`), facts, { functionName: 'big-fn' }, 0);
      const prepared = prepareDocument(doc, 'lambdalens-logs-2026.10.01');
      expect(prepared.bytes).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
      expect(prepared.bytes).toBeGreaterThan(MAX_DOCUMENT_BYTES - 1024);
      expect(JSON.parse(doc.sourceText as string).lambdalens.message_truncated).toBe(true);
    }
  });

  it('a line that fits is stored whole, unmarked', () => {
    const message = `${'é'.repeat(3 * 1024 * 1024)}\n`;
    const doc = buildLineDocument(line(message), facts, {}, 0);
    const source = JSON.parse(doc.sourceText as string);
    expect(source.message).toBe(message.slice(0, -1));
    expect(source.lambdalens.message_truncated).toBeUndefined();
  });
});
