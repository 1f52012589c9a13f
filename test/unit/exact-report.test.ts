/**
 * REPORT lines in CloudWatch's exact shape are read without the usual expression's
 * captures (`exact-report.ts`): on every line that way reads, it must give what the usual
 * expression gives, field for field and in the same order; every other line it must leave
 * to the expression. Held on the real samples, the examples and fuzzed lines, exact and
 * altered.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyReport, exactReport, exactReportInto } from '../../collectors/parser/exact-report.ts';
import { FigureReader, numberIn } from '../../collectors/parser/field-number.ts';
import { reportByExpression, reportByPattern } from '../../collectors/parser/text-platform.ts';
import { blockEvents, fixtureBlocks } from './fixture-blocks.ts';

/** Both ways on one line: the exact way reads it as the expression does, or not at all. */
function agree(line: string): 'exact' | 'left' {
  const exact = exactReport(line);
  const usual = reportByExpression(line);
  // Stringified as well, so that the fields' order counts (the NDJSON and tests see it).
  if (exact !== undefined) {
    expect(JSON.stringify(exact)).toBe(JSON.stringify(usual));
    expect(exact).toEqual(usual);
  }
  expect(reportByPattern(line)).toEqual(usual);
  return exact === undefined ? 'left' : 'exact';
}

const examples = fileURLToPath(new URL('../../examples/data/logs/', import.meta.url));

/** REPORT messages of the examples and the samples, as their events carry them. */
function realReports(): string[] {
  const messages = fixtureBlocks().flatMap((b) => blockEvents(b, `stream-${b.index}`).map((e) => e.message));
  for (const name of readdirSync(examples).filter((n) => n.endsWith('.log'))) {
    for (const line of readFileSync(`${examples}${name}`, 'utf8').split('\n')) {
      const at = line.indexOf('REPORT RequestId:');
      if (at >= 0) messages.push(line.slice(at));
    }
  }
  return messages.filter((m) => m.trimStart().startsWith('REPORT'));
}

describe('REPORT lines in the exact shape', () => {
  it('read alike on every real REPORT line, most of them the exact way', () => {
    const lines = realReports();
    const ways = lines.map(agree);
    const exact = ways.filter((w) => w === 'exact').length;
    // The examples' text copies are CloudWatch's own tab-separated lines.
    expect(lines.length).toBeGreaterThan(300);
    expect(exact).toBeGreaterThan(lines.length / 2);
    expect(ways).toContain('left');
  });

  const value = fc.oneof(
    fc.stringMatching(/^[0-9]{1,6}(\.[0-9]{1,3})?$/),
    // Digits grouped by commas, and commas that group nothing.
    fc.stringMatching(/^[0-9]{1,3}(,[0-9]{3}){1,2}(\.[0-9]{1,3})?$/),
    fc.stringMatching(/^[0-9]{0,4}(,[0-9]{0,4}){1,2}$/),
    fc.constantFrom(
      'ms',
      'MB',
      'Status:',
      'Duration:',
      '1e3',
      '.',
      '-0',
      'Infinity',
      '9007199254740993',
      'x\u00e9',
    ),
    fc.string({ minLength: 1, maxLength: 6 }),
  );
  /** A line in the exact shape but for what its values hold, with those values. */
  const part = (label: string, unit = '') =>
    fc.option(
      value.map((v) => ({ text: `\t${label}: ${v}${unit}`, values: [v] })),
      { nil: null },
    );
  const exactLine = fc
    .tuple(
      fc.uuid(),
      fc.tuple(value, value, value, value),
      part('Init Duration', ' ms'),
      fc.option(fc.tuple(value, value), { nil: null }),
      fc.option(fc.tuple(value, part('Error Type')), { nil: null }),
      fc.option(fc.tuple(value, value, value), { nil: null }),
      fc.constantFrom('', '\t', '\n', '\t\n', ' \r\n'),
    )
    .map(([id, [d, b, m, u], init, restore, status, xray, end]) => {
      let text = `REPORT RequestId: ${id}\tDuration: ${d} ms\tBilled Duration: ${b} ms\tMemory Size: ${m} MB\tMax Memory Used: ${u} MB`;
      const values = [d, b, m, u];
      if (init) {
        text += init.text;
        values.push(...init.values);
      }
      if (restore) {
        text += `\tRestore Duration: ${restore[0]} ms\tBilled Restore Duration: ${restore[1]} ms`;
        values.push(...restore);
      }
      if (status) {
        text += `\tStatus: ${status[0]}${status[1]?.text ?? ''}`;
        values.push(status[0], ...(status[1]?.values ?? []));
      }
      if (xray) {
        text += `\tXRAY TraceId: ${xray[0]}\tSegmentId: ${xray[1]}\tSampled: ${xray[2]}`;
        values.push(...xray);
      }
      return { line: text + end, values };
    });

  it('read alike on fuzzed lines of that shape, each the exact way when its values are printable ASCII', () => {
    let exact = 0;
    fc.assert(
      fc.property(exactLine, ({ line, values }) => {
        const way = agree(line);
        const printable = values.every((v) => /^[!-~]+$/.test(v));
        if (printable) expect(way).toBe('exact');
        if (way === 'exact') exact++;
      }),
      { numRuns: 20_000 },
    );
    expect(exact).toBeGreaterThan(5_000);
  });

  it('left to the expression, or read alike, when altered anywhere', () => {
    const altered = fc
      .tuple(
        exactLine.map((l) => l.line),
        fc.nat(),
        fc.constantFrom('', ' ', '\t', '  ', '\u00a0', '\u2003', '\n', 'ms', 'X', ':', '\t\t', '\v'),
        fc.nat({ max: 3 }),
      )
      .map(([line, at, insert, drop]) => {
        const i = at % (line.length + 1);
        return line.slice(0, i) + insert + line.slice(i + drop);
      });
    fc.assert(
      fc.property(altered, (line) => {
        agree(line);
      }),
      { numRuns: 30_000 },
    );
  });

  it('reads each figure as numberIn does, up to the space that ends it', () => {
    const figure = new FigureReader();
    const value = fc.oneof(
      fc.stringMatching(/^[0-9]{0,18}(\.[0-9]{0,18})?$/),
      fc.double().map(String),
      fc.constantFrom('1e3', '1e', '9007199254740993', '1.2.3', '12a4', 'a1234', '-0', 'Infinity', '.'),
      fc.stringMatching(/^[0-9]{1,3}(,[0-9]{3}){1,4}(\.[0-9]{1,6})?$/),
      fc.constantFrom('1,024', '1,234.5', '1,5', '1,0245', ',123', '1,024,', '1,,024'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(value, fc.constantFrom(' ms', ' ', ''), (v, after) => {
        const text = `\t${v}${after}`;
        const space = text.indexOf(' ', 1);
        const end = space < 0 ? text.length : space;
        expect(figure.read(text, 1)).toBe(numberIn(text, 1, end));
        expect(figure.end).toBe(end);
      }),
      { numRuns: 20_000 },
    );
  });

  it('refills every field of a REPORT read into, and leaves it as it was for another shape', () => {
    const full =
      'REPORT RequestId: 0b1e6e2a-9f3c-4a57-a0c4-8d2b7f7d1e01\tDuration: 3001.05 ms\tBilled Duration: 3002 ms\tMemory Size: 256 MB\tMax Memory Used: 90 MB\tInit Duration: 150.22 ms\tRestore Duration: 80.1 ms\tBilled Restore Duration: 81 ms\tStatus: error\tError Type: Runtime.ExitError\tXRAY TraceId: 1-6581f1c2-0a1b2c3d4e5f60718293a4b5\tSegmentId: 1a2b3c4d5e6f7a8b\tSampled: true\t';
    const plain =
      'REPORT RequestId: 5d6c0e4b-1111-4a57-a0c4-8d2b7f7d1e02\tDuration: 1.5 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t';
    const into = emptyReport();
    expect(exactReportInto(full, into)).toBe(true);
    expect(into).toEqual(reportByExpression(full));
    expect(exactReportInto(plain, into)).toBe(true);
    expect(JSON.stringify(into)).toBe(JSON.stringify(reportByExpression(plain)));
    expect(exactReportInto('REPORT RequestId: x  Duration: 1 ms', into)).toBe(false);
    expect(into).toEqual(reportByExpression(plain));
  });

  it('reads figures whose digits are grouped by commas as the whole number, both ways', () => {
    const tabbed =
      'REPORT RequestId: 7a1e9a55-8c2f-4f7a-9d0e-0c2b1a7d2e12\tDuration: 1,200.50 ms\tBilled Duration: 1,201 ms\tMemory Size: 1,024 MB\tMax Memory Used: 60 MB\tInit Duration: 1,003.25 ms\t';
    const figures = {
      durationMs: 1200.5,
      billedDurationMs: 1201,
      memorySizeMB: 1024,
      maxMemoryUsedMB: 60,
      initDurationMs: 1003.25,
    };
    expect(exactReport(tabbed)).toMatchObject(figures);
    expect(reportByExpression(tabbed)).toMatchObject(figures);
    const spaced = tabbed.replaceAll('\t', '  ');
    expect(exactReport(spaced)).toBeUndefined();
    expect(reportByPattern(spaced)).toMatchObject(figures);
    // A comma that groups nothing is unreadable either way, never the digits before it.
    const odd = tabbed.replace('1,024 MB', '1,02 MB');
    expect(exactReport(odd)?.memorySizeMB).toBeNaN();
    expect(reportByExpression(odd)?.memorySizeMB).toBeNaN();
  });

  it('leaves console copies, spaces for tabs, to the expression', () => {
    const spaced =
      'REPORT RequestId: 3f1e9a55-8c2f-4f7a-9d0e-0c2b1a7d2e11  Duration: 12.34 ms  Billed Duration: 13 ms  Memory Size: 128 MB  Max Memory Used: 70 MB';
    expect(exactReport(spaced)).toBeUndefined();
    expect(reportByPattern(spaced)).toMatchObject({
      requestId: '3f1e9a55-8c2f-4f7a-9d0e-0c2b1a7d2e11',
      billedDurationMs: 13,
    });
    const tabbed = spaced.replaceAll('  ', '\t');
    expect(exactReport(tabbed)).toEqual(reportByExpression(tabbed));
    expect(exactReport(`${tabbed}\tInit Duration: 150.22 ms\tStatus: timeout`)).toMatchObject({
      initDurationMs: 150.22,
      status: 'timeout',
      errorType: null,
      traceId: null,
    });
  });
});
