/**
 * Files saved by Windows tools, read by the real CLI: UTF-8 with a byte order mark (Notepad,
 * Excel's "CSV UTF-8", PowerShell 7's `Out-File -Encoding utf8BOM`) and UTF-16 with one
 * (PowerShell 5's `>` and `Out-File`). Every example log, the functions config and a
 * traces file give exactly what their plain UTF-8 copies give, from files and from stdin.
 * UTF-16 logs that lost the mark in a copy are read too, each named once in a warning.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'lambdalens.mjs');
const EXAMPLES = join(root, 'examples', 'data', 'logs');
const CONFIG = join(root, 'examples', 'data', 'functions.json');
const TAIL_LOGS = join(root, 'test', 'fixtures', 'tail', 'invocations.ndjson');
const TRACES = join(root, 'test', 'fixtures', 'tail', 'batch-get-traces.json');
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-encodings-'));

const ENCODINGS = ['utf-8-bom', 'utf-16le', 'utf-16be'] as const;
type Encoding = (typeof ENCODINGS)[number];

/** `text` as a Windows tool saves it: with the mark, in the encoding. */
function saved(text: string, encoding: Encoding): Buffer {
  const withMark = `\ufeff${text}`;
  if (encoding === 'utf-8-bom') return Buffer.from(withMark, 'utf8');
  const le = Buffer.from(withMark, 'utf16le');
  return encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
}

/** A copy of `file` in `encoding`, under the same name (the name gives the function). */
function copyAs(file: string, encoding: Encoding): string {
  const into = join(dir, encoding);
  mkdirSync(into, { recursive: true });
  const path = join(into, file.split('/').pop() as string);
  writeFileSync(path, saved(readFileSync(file, 'utf8'), encoding));
  return path;
}

/** `text` in UTF-16 without the mark, as a copy that dropped it leaves it. */
function withoutMark(text: string, order: 'utf-16le' | 'utf-16be'): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return order === 'utf-16le' ? le : Buffer.from(le).swap16();
}

/** The warning a run gives once for each such input. */
function readAsUtf16(input: string, order: 'utf-16le' | 'utf-16be', gzipped = false): string {
  const name = order === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
  const where = gzipped ? 'the gzip’s content' : 'its start';
  return `lambdalens: warning: ${input}: read as ${name} text without a byte order mark (every other byte of ${where} is NUL, as in ${name})\n`;
}

describe('files saved by Windows tools', () => {
  const plain = runCli(['logs', EXAMPLES, '-o', 'ndjson'], {});

  it('the plain examples are the baseline: every invocation of the month', () => {
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim().split('\n')).toHaveLength(2163);
  });

  for (const encoding of ENCODINGS) {
    it(`${encoding}: logs prints every example's invocations byte for byte as from UTF-8`, () => {
      const files = readdirSync(EXAMPLES).map((name) => copyAs(join(EXAMPLES, name), encoding));
      const r = runCli(['logs', ...files, '-o', 'ndjson'], {});
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(plain.stdout);
      expect(r.stderr).toBe(plain.stderr);
    });

    it(`${encoding}: cost with the config in the same encoding gives the same report`, () => {
      const files = readdirSync(EXAMPLES).map((name) => copyAs(join(EXAMPLES, name), encoding));
      const args = ['--month', '2026-10', '-o', 'json'];
      const expected = runCli(['cost', EXAMPLES, '--config', CONFIG, ...args], {});
      expect(expected.code).toBe(0);
      const r = runCli(['cost', ...files, '--config', copyAs(CONFIG, encoding), ...args], {});
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expected.stdout);
      expect(JSON.parse(r.stdout).coverage.priced).toBe(2156);
    });

    it(`${encoding}: a traces file joins its trace as the UTF-8 one does`, () => {
      const expected = runCli(['logs', TAIL_LOGS, '--traces', TRACES, '-o', 'ndjson'], {});
      const r = runCli(['logs', TAIL_LOGS, '--traces', copyAs(TRACES, encoding), '-o', 'ndjson'], {});
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expected.stdout);
      expect(r.stdout).toContain('"match":"attached"');
    });
  }

  for (const order of ['utf-16le', 'utf-16be'] as const) {
    /** Every example in `order` without a mark, under its own name. */
    const copies = () =>
      readdirSync(EXAMPLES).map((name) => {
        const into = join(dir, `${order}-without-mark`);
        mkdirSync(into, { recursive: true });
        const path = join(into, name);
        writeFileSync(path, withoutMark(readFileSync(join(EXAMPLES, name), 'utf8'), order));
        return path;
      });

    it(`${order} without a mark: logs prints every example's invocations byte for byte as from UTF-8, naming each file once`, () => {
      const files = copies();
      const r = runCli(['logs', ...files, '-o', 'ndjson'], {});
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(plain.stdout);
      expect(r.stdout.trim().split('\n')).toHaveLength(2163);
      expect(r.stderr).toBe(files.map((f) => readAsUtf16(f, order)).join('') + plain.stderr);
    });

    it(`${order} without a mark: cost gives the UTF-8 copy's report`, () => {
      const args = ['--config', CONFIG, '--month', '2026-10', '-o', 'json'];
      const expected = runCli(['cost', EXAMPLES, ...args], {});
      expect(expected.code).toBe(0);
      const files = copies();
      const r = runCli(['cost', ...files, ...args], {});
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expected.stdout);
      expect(JSON.parse(r.stdout).coverage.priced).toBe(2156);
      for (const f of files) expect(r.stderr).toContain(readAsUtf16(f, order));
    });

    it(`${order} without a mark: stdin, and a gzip of the copy, read as the UTF-8 file does`, () => {
      const log = join(EXAMPLES, 'etl-nightly.log');
      const expected = runCli(['logs', log, '-o', 'ndjson', '--function-name', 'etl-nightly'], {});
      expect(expected.stdout.trim().split('\n')).toHaveLength(133);
      const bytes = withoutMark(readFileSync(log, 'utf8'), order);
      const piped = spawnSync(
        process.execPath,
        [bin, 'logs', '-', '-o', 'ndjson', '--function-name', 'etl-nightly'],
        { input: bytes, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      expect(piped.status).toBe(0);
      expect(piped.stdout).toBe(expected.stdout);
      expect(piped.stderr).toBe(readAsUtf16('-', order) + expected.stderr);
      const gz = join(dir, `etl-nightly-${order}.log.gz`);
      writeFileSync(gz, gzipSync(bytes));
      const gunzipped = runCli(['logs', gz, '-o', 'ndjson', '--function-name', 'etl-nightly'], {});
      expect(gunzipped.code).toBe(0);
      expect(gunzipped.stdout).toBe(expected.stdout);
      expect(gunzipped.stderr).toBe(readAsUtf16(gz, order, true) + expected.stderr);
    });
  }

  it('stdin in UTF-16 (PowerShell 5 piping a saved export) reads as the file does', () => {
    const text = readFileSync(join(EXAMPLES, 'etl-nightly.log'), 'utf8');
    const expected = runCli(
      ['logs', join(EXAMPLES, 'etl-nightly.log'), '-o', 'ndjson', '--function-name', 'etl-nightly'],
      {},
    );
    const r = spawnSync(
      process.execPath,
      [bin, 'logs', '-', '-o', 'ndjson', '--function-name', 'etl-nightly'],
      {
        input: saved(text, 'utf-16le'),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stdout.trim().split('\n').length).toBeGreaterThan(100);
  });
});
