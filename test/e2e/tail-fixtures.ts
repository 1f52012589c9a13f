/** Inputs for the tail's terminal tests, written to a temporary folder at test time. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURE = 'test/fixtures/tail/invocations.ndjson';
export const TRACES = 'test/fixtures/tail/batch-get-traces.json';
export const TAIL = 'node bin/lambdalens.mjs tail --region us-east-1';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'lambdalens-tail-e2e-'));
}

/** The fixture split into one file per function (orders.ndjson, billing.ndjson…), as a folder. */
export function folderPerFunction(): string {
  const dir = tempDir();
  const byFunction = new Map<string, string[]>();
  for (const line of readFileSync(join(ROOT, FIXTURE), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const group = (JSON.parse(line) as { logGroup: string }).logGroup;
    const fn = group.slice(group.lastIndexOf('/') + 1);
    byFunction.set(fn, [...(byFunction.get(fn) ?? []), line]);
  }
  for (const [fn, lines] of byFunction) writeFileSync(join(dir, `${fn}.ndjson`), `${lines.join('\n')}\n`);
  return dir;
}

export const requestIdOfSeq = (seq: number): string =>
  `${seq.toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-000000000001`;

/** NDJSON lines of `count` invocations of `fn`, one every `everyMs` of event time from `startMs`. */
export function invocationLines(
  fn: string,
  count: number,
  everyMs: number,
  startMs = Date.UTC(2026, 0, 1),
): string[] {
  const out: string[] = [];
  for (let seq = 0; seq < count; seq++) {
    const t = startMs + seq * everyMs;
    const id = requestIdOfSeq(seq);
    const event = (offset: number, message: string) =>
      JSON.stringify({ timestamp: t + offset, message, logGroup: `/aws/lambda/${fn}`, logStream: `s-${fn}` });
    out.push(
      event(0, `START RequestId: ${id} Version: $LATEST\n`),
      event(1, `${new Date(t + 1).toISOString()}\t${id}\tINFO\tprocessing order ${seq}\n`),
      event(2, `END RequestId: ${id}\n`),
      event(
        3,
        `REPORT RequestId: ${id}\tDuration: 2.50 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
      ),
    );
  }
  return out;
}

/**
 * A Node program that prints `file` line by line every `everyMs`, then waits until the file
 * `exitWhen` exists and exits; without it, it never ends (it keeps writing blank lines, so
 * it learns when the reader has gone, as a real log producer would).
 */
export function producer(file: string, everyMs: number, exitWhen?: string): string {
  const hold = exitWhen
    ? `setInterval(() => { if (require('fs').existsSync(${JSON.stringify(exitWhen)})) process.exit(0); }, 50);`
    : "setInterval(() => process.stdout.write('\\n'), 100);";
  const script = [
    `const lines = require('fs').readFileSync(${JSON.stringify(file)}, 'utf8').split('\\n').filter(Boolean);`,
    'let i = 0;',
    `const t = setInterval(() => { if (i < lines.length) process.stdout.write(lines[i++] + '\\n'); else { clearInterval(t); ${hold} } }, ${everyMs});`,
  ].join(' ');
  return `node -e ${JSON.stringify(script)}`;
}
