/**
 * The REPORT reader and the usual REPORT pattern are one rule written twice (one for speed):
 * they must read the same lines the same way, and the reader may only decline where the
 * pattern would read the line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../collectors/parser/parse-line.ts';
import { readUsualReport } from '../../collectors/parser/report-reader.ts';
import { reportByPattern } from '../../collectors/parser/text-platform.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Every line of every fixture and example that holds a REPORT, from its `REPORT` on. */
function reportLines(): string[] {
  const files = [
    ...readdirSync(FIXTURES).map((f) => `${FIXTURES}${f}`),
    ...readdirSync(`${FIXTURES}log-shapes`).map((f) => `${FIXTURES}log-shapes/${f}`),
    ...readdirSync(fileURLToPath(new URL('../../examples/data/logs/', import.meta.url))).map((f) =>
      fileURLToPath(new URL(`../../examples/data/logs/${f}`, import.meta.url)),
    ),
  ].filter((f) => !f.endsWith('/log-shapes') && !f.endsWith('/tail') && !f.endsWith('/tls'));
  const lines: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const raw of text.split('\n')) {
      const at = raw.indexOf('REPORT RequestId:');
      if (at < 0) continue;
      const line = raw.slice(at);
      lines.push(line);
      // JSON-escaped copies carry `\t` as two characters; CloudWatch's own have tabs.
      if (line.includes('\\t')) lines.push(line.replace(/\\t/g, '\t').replace(/\\n".*$/, '\n'));
      // Console copies separate fields with runs of spaces.
      lines.push(line.replace(/\t/g, '  '));
    }
  }
  return lines;
}

/** Both readers on one line: equal when the reader reads it, and the pattern reads every line the reader does. */
function expectAgree(line: string): void {
  const fast = readUsualReport(line);
  const pattern = reportByPattern(line);
  if (fast !== null) expect(fast).toEqual(pattern);
}

describe('the REPORT reader agrees with the usual REPORT pattern', () => {
  it('on every REPORT line of the fixtures and examples', () => {
    const lines = reportLines();
    expect(lines.length).toBeGreaterThan(100);
    let read = 0;
    for (const line of lines) {
      expectAgree(line);
      if (readUsualReport(line) !== null) read++;
    }
    // The usual shapes are the reader's to take: most lines never reach the pattern.
    const byPattern = lines.filter((l) => reportByPattern(l) !== null).length;
    expect(read).toBe(byPattern);
  });

  it('reads a cold start, a SnapStart restore, a failure and a traced request', () => {
    expect(
      readUsualReport(
        'REPORT RequestId: 8b0a9c1e-1f0e-4c1f-9d3a-3b6a3c0c2f10\tDuration: 812.34 ms\tBilled Duration: 1204 ms\tMemory Size: 512 MB\tMax Memory Used: 201 MB\tInit Duration: 391.12 ms\tStatus: timeout\tError Type: Sandbox.Timedout\t\nXRAY TraceId: 1-6523b1c2-5b1d2f0e8c3a4b5d6e7f8091\tSegmentId: 0f1e2d3c4b5a6978\tSampled: true\t',
      ),
    ).toEqual({
      kind: 'report',
      requestId: '8b0a9c1e-1f0e-4c1f-9d3a-3b6a3c0c2f10',
      durationMs: 812.34,
      billedDurationMs: 1204,
      memorySizeMB: 512,
      maxMemoryUsedMB: 201,
      initDurationMs: 391.12,
      restoreDurationMs: null,
      billedRestoreDurationMs: null,
      status: 'timeout',
      errorType: 'Sandbox.Timedout',
      traceId: '1-6523b1c2-5b1d2f0e8c3a4b5d6e7f8091',
    });
    expect(
      readUsualReport(
        'REPORT RequestId: r1 Duration: 10.5 ms Billed Duration: 220 ms Memory Size: 1024 MB Max Memory Used: 90 MB Restore Duration: 300.25 ms Billed Restore Duration: 209 ms',
      ),
    ).toMatchObject({ restoreDurationMs: 300.25, billedRestoreDurationMs: 209, initDurationMs: null });
  });

  it('declines what the pattern must judge, and the parser still reads it', () => {
    const odd = [
      // Fields reordered, a field missing, a token running into a label, text outside ASCII.
      'REPORT RequestId: r Billed Duration: 2 ms Duration: 1.5 ms Memory Size: 128 MB Max Memory Used: 60 MB',
      'REPORT RequestId: r Duration: 1.5 ms Billed Duration: 2 ms Memory Size: 128 MB',
      'REPORT RequestId: r Duration: 1.5 ms Billed Duration: 2 ms Memory Size: 128 MB Max Memory Used: 60 MB Status: errorError Type: x',
      'REPORT RequestId: r\u00a0Duration: 1.5 ms Billed Duration: 2 ms Memory Size: 128 MB Max Memory Used: 60 MB',
    ];
    for (const line of odd) {
      expect(readUsualReport(line)).toBeNull();
      expect(parseLine(line).kind).toBe('report');
    }
    expect(parseLine(odd[2] as string)).toMatchObject({ status: 'error', errorType: 'x' });
  });

  it('on generated lines: usual ones, and ones bent out of shape', () => {
    const space = fc.constantFrom('\t', ' ', '  ', '\t ', '\n', '', '\u00a0', '\r\n');
    const token = fc.oneof(
      fc.constantFrom('12', '0', '1.5', '3000.00', '1e3', 'NaN', '-4', '12abc', 'ms', 'MB', '∞', ''),
      fc.stringMatching(/^[0-9a-f.-]{1,12}$/),
      fc.string({ maxLength: 6 }),
    );
    const id = fc.oneof(fc.uuid(), fc.string({ maxLength: 8 }));
    const optional = (part: fc.Arbitrary<string>) => fc.option(part, { nil: '' });
    const line = fc
      .record({
        id,
        s: fc.array(space, { minLength: 16, maxLength: 16 }),
        v: fc.array(token, { minLength: 12, maxLength: 12 }),
        init: fc.boolean(),
        restore: fc.boolean(),
        status: optional(fc.constantFrom('error', 'timeout', 'failure', 'errorError')),
        errorType: fc.boolean(),
        xray: fc.boolean(),
        unit: fc.constantFrom(' ms', 'ms', ' MB', '  ms'),
      })
      .map(({ id, s, v, init, restore, status, errorType, xray, unit }) => {
        const [a, b, c, d, e, f, g, h, i, j, k, l] = v;
        const [s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11] = s;
        let text = `REPORT RequestId:${s0}${id}${s1}Duration:${s2}${a}${unit}${s3}Billed Duration: ${b} ms${s4}Memory Size: ${c} MB${s5}Max Memory Used: ${d} MB${s6}`;
        if (init) text += `Init Duration: ${e} ms${s7}`;
        if (restore) text += `Restore Duration: ${f} ms${s8}Billed Restore Duration: ${g} ms${s9}`;
        if (status) text += `Status: ${status}${s10}${errorType ? `Error Type: ${h}${s11}` : ''}`;
        if (xray) text += `XRAY TraceId: ${i}${s1}SegmentId: ${j}${s2}Sampled: ${k}${l === '' ? '' : s3}`;
        return text;
      });
    fc.assert(
      fc.property(line, (text) => {
        expectAgree(text);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads nearly every usual line itself', () => {
    const usual = fc
      .record({
        id: fc.uuid(),
        d: fc.double({ min: 0, max: 900_000, noNaN: true }),
        b: fc.integer({ min: 1, max: 900_000 }),
        m: fc.integer({ min: 128, max: 10_240 }),
        u: fc.integer({ min: 1, max: 10_240 }),
        init: fc.option(fc.double({ min: 0, max: 10_000, noNaN: true }), { nil: undefined }),
      })
      .map(
        ({ id, d, b, m, u, init }) =>
          `REPORT RequestId: ${id}\tDuration: ${d.toFixed(2)} ms\tBilled Duration: ${b} ms\tMemory Size: ${m} MB\tMax Memory Used: ${u} MB\t${init === undefined ? '' : `Init Duration: ${init.toFixed(2)} ms\t`}`,
      );
    fc.assert(
      fc.property(usual, (text) => {
        const fast = readUsualReport(text);
        expect(fast).not.toBeNull();
        expect(fast).toEqual(reportByPattern(text));
      }),
      { numRuns: 2000 },
    );
  });
});
