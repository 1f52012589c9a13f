/**
 * Each line document stores its message's size as CloudWatch Logs counted it, the number
 * `cost` sums from files: UTF-8 bytes, the final newline CloudWatch keeps included (the
 * stored `message` drops that newline; the size does not). The line template maps the
 * fields the cost report reads from lines at their paths and types, on every engine.
 */
import { describe, expect, it } from 'vitest';
import { ingestedBytes, type LogEvent } from '../../collectors/model.ts';
import { LINE_DOC } from '../../pricing/sources/es-fields.ts';
import { buildLineDocument, type LineFacts } from '../../shippers/documents.ts';
import { lineMappings, type TemplateFlavour } from '../../shippers/elasticsearch/templates.ts';

const facts: LineFacts = {
  requestId: null,
  level: null,
  traceId: null,
  lineKind: 'app',
  ordinal: 0,
  time: Date.parse('2026-10-05T10:00:00Z'),
  timeSource: 'event',
};

function stored(message: string): { message: string; lambdalens: { message_bytes: number } } {
  const event: LogEvent = { timestamp: facts.time, message, logGroup: '/aws/lambda/f' };
  const doc = buildLineDocument(event, facts, {}, 0);
  const parsed = JSON.parse(doc.sourceText as string);
  expect(parsed).toEqual(doc.source);
  return parsed;
}

describe('a line document’s message_bytes', () => {
  it('counts UTF-8 bytes and the newline CloudWatch kept, which the message drops', () => {
    const kept = stored('prix 12 € ✓ 😀\n');
    expect(kept.message).toBe('prix 12 € ✓ 😀');
    // `prix 12 ` 8 bytes, € and ✓ 3 each, a space after each, 😀 4, the newline 1.
    expect(kept.lambdalens.message_bytes).toBe(8 + 3 + 1 + 3 + 1 + 4 + 1);
    // A text copy lost the newline: one byte less, as `cost` counts that copy.
    expect(stored('prix 12 € ✓ 😀').lambdalens.message_bytes).toBe(20);
    expect(stored('').lambdalens.message_bytes).toBe(0);
  });

  it('is what cost counts from files for the same event', () => {
    for (const message of [
      'START RequestId: x Version: $LATEST\n',
      '\u00e9\r\n',
      'a\nb\n',
      '\ud800 lone\n',
    ]) {
      const event: LogEvent = { timestamp: facts.time, message };
      expect(stored(message).lambdalens.message_bytes).toBe(ingestedBytes(event));
    }
  });
});

describe('the line template', () => {
  const flavours: TemplateFlavour[] = [
    { appJson: 'flattened', indexSettings: true },
    { appJson: 'flat_object', indexSettings: true },
    { appJson: 'source-only', indexSettings: false },
  ];
  it.each(flavours)('maps every field the cost report reads from lines ($appJson)', (flavour) => {
    const mappings = lineMappings(flavour) as { properties: Record<string, unknown> };
    for (const field of Object.values(LINE_DOC)) {
      let node: unknown = mappings;
      for (const segment of field.segments)
        node = (node as { properties: Record<string, unknown> }).properties[segment];
      expect(node, field.path).toMatchObject({ type: field.type });
    }
    expect(
      (mappings.properties.lambdalens as { properties: Record<string, unknown> }).properties.message_bytes,
    ).toEqual({ type: 'long' });
  });
});
