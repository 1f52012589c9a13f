/**
 * Files saved by Windows tools, read by the real CLI: UTF-8 with a byte order mark (Notepad,
 * Excel's "CSV UTF-8", PowerShell 7's `Out-File -Encoding utf8BOM`) and UTF-16 with one
 * (PowerShell 5's `>` and `Out-File`). Every example log, the functions config and a
 * traces file give exactly what their plain UTF-8 copies give, from files and from stdin.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
