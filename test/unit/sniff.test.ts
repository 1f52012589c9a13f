/** Which form an input's head is: a JSON array begins with a value; text lines begin with a bracket too. */
import { describe, expect, it } from 'vitest';
import { sniff } from '../../collectors/files/sniff.ts';

const kind = (text: string) => sniff(Buffer.from(text), true).kind;

describe('sniff', () => {
  it('takes a bracket followed by a JSON value for a JSON array', () => {
    for (const text of [
      '[{"events":[]}]',
      '[\n  {\n "a": 1 }]',
      '[]',
      '[ "x" ]',
      '[1, 2]',
      '[-1.5e3]',
      '[true]',
      '[null]',
      '[[1]]',
    ]) {
      expect(kind(text), text).toBe('json');
    }
  });

  it('takes a bracket followed by anything else for text', () => {
    for (const text of [
      '[INFO]\t2026-10-01T11:31:55.845Z\t2b1c8f1e-4a8b-4d52-9d0e-1f0c3c5a7b21\thello\n',
      '[ERROR] Runtime.ImportModuleError: cannot find module\n',
      '[2026-10-01T11:31:55Z] (2026/10/01/[$LATEST]0bb14ce8) START RequestId: x\n',
      '[2026-10-01 11:31:55] worker started\n',
      '[truefalse]\n',
    ]) {
      expect(kind(text), text).toBe('text');
    }
  });
});
