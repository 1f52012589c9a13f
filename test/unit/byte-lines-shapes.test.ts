import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { endingAtFailure, peek } from '../../collectors/files/byte-lines.ts';

// V8's own answer to whether two objects share a hidden class ("map"): what `lineBatches`'
// optimised code checks of the chunks it is handed, and throws itself out on when it differs.
setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

async function* chunks(...texts: string[]): AsyncGenerator<Buffer> {
  for (const text of texts) yield Buffer.from(text);
}

async function all(source: AsyncIterable<Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of source) text += chunk.toString();
  return text;
}

describe('every input hands its lines reader chunks of one hidden class', () => {
  it('peek: the stream from its start has the same map for every input, and holds every byte', async () => {
    const first = await peek(chunks('a\nb', '\nc\n'), 2);
    const second = await peek(chunks('x\n', 'y\n', 'z\n'), 1);
    expect(haveSameMap(first.all, second.all)).toBe(true);
    expect(await all(first.all)).toBe('a\nb\nc\n');
    expect(await all(second.all)).toBe('x\ny\nz\n');
  });

  it('endingAtFailure: the chunks have the same map for every input, and a failure is still rethrown', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('kept\n');
      throw new Error('unexpected end of file');
    }
    const first = endingAtFailure(chunks('a\n'));
    const second = endingAtFailure(failing());
    expect(haveSameMap(first.chunks, second.chunks)).toBe(true);
    expect(await all(first.chunks)).toBe('a\n');
    expect(() => first.rethrow()).not.toThrow();
    expect(await all(second.chunks)).toBe('kept\n');
    expect(() => second.rethrow()).toThrow('unexpected end of file');
  });
});
