/**
 * Buffered, back-pressure-aware writing of many small lines to stdout: one write per line
 * costs a syscall each, and ignoring `drain` lets a slow pipe grow memory without bound.
 */
import type { Writable } from 'node:stream';

export interface LineWriter {
  write(text: string): Promise<void>;
  end(): Promise<void>;
}

const FLUSH_AT = 64 * 1024;

export function createLineWriter(out: Writable): LineWriter {
  let buffer = '';
  const flush = async () => {
    if (buffer.length === 0) return;
    const chunk = buffer;
    buffer = '';
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  return {
    async write(text) {
      buffer += text;
      if (buffer.length >= FLUSH_AT) await flush();
    },
    end: flush,
  };
}
