/**
 * INIT_REPORT in every form the samples hold (with `Phase:` and `Status:`, tab- or
 * space-separated) and in the older form without `Phase:` (`INIT_REPORT Init Duration:
 * 10000.17 ms Status: timeout`, or the duration alone): how each is read, which request
 * it belongs to, and what that request then shows and costs.
 */
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';
import { parseLine } from '../../collectors/parser/parse-line.ts';
import { coldStartBilledMs } from '../../pricing/estimate.ts';
import { blockEvents, fixtureBlocks } from './fixture-blocks.ts';

const initReports = (variant: string) => {
  const block = fixtureBlocks().find((b) => b.variant.includes(variant));
  if (!block) throw new Error(`no sample block "${variant}"`);
  return blockEvents(block)
    .map((e) => e.message)
    .filter((m) => m.startsWith('INIT_REPORT'));
};

describe('INIT_REPORT forms', () => {
  it('reads every form of the samples, and the older form without Phase', () => {
    const read = [
      ...initReports('INIT_REPORT for init error and init timeouts'),
      ...initReports('INIT_REPORT as documented'),
      'INIT_REPORT Init Duration: 10000.17 ms Status: timeout',
      'INIT_REPORT Init Duration: 10000.00 ms',
    ].map((m) => {
      const p = parseLine(m);
      return p.kind === 'init-report' ? [p.durationMs, p.phase, p.status, p.errorType] : p.kind;
    });
    expect(read).toEqual([
      [3250.25, 'init', 'error', 'Runtime.ExitError'],
      [3003.83, 'invoke', 'timeout', null],
      [10007.31, 'init', 'timeout', null],
      [3003.39, 'invoke', 'timeout', null],
      [1236.04, 'init', 'timeout', null],
      [1236.04, 'init', 'error', 'Extension.Crash'],
      [10000.17, null, 'timeout', null],
      [10000, null, null, null],
    ]);
  });

  it('gives an INIT_REPORT without Phase inside a request to that request, not to the next one', () => {
    const stream = '2026/08/21/[$LATEST]d4c955dc80cb4c0c918cb468020b41f7';
    let t = Date.UTC(2026, 7, 21, 7, 6, 12);
    const ev = (message: string): LogEvent => {
      t += 100;
      return { timestamp: t, message, logGroup: '/aws/lambda/rag-app', logStream: stream };
    };
    const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    const request = (n: number, report: string, inside: string[] = []) => [
      ev(`START RequestId: ${id(n)} Version: $LATEST`),
      ...inside.map(ev),
      ev(`END RequestId: ${id(n)}`),
      ev(`REPORT RequestId: ${id(n)}\t${report}\t`),
    ];
    const correlator = createCorrelator();
    const invocations: Invocation[] = [];
    for (const e of [
      ev('INIT_START Runtime Version: python:3.12.v52'),
      // The init phase ran out of its 10 s; the init went on inside the first request.
      ev('INIT_REPORT Init Duration: 10000.17 ms\tStatus: timeout'),
      ...request(
        1,
        'Duration: 59539.36 ms\tBilled Duration: 59540 ms\tMemory Size: 1024 MB\tMax Memory Used: 400 MB',
      ),
      // The environment was made again for this request: its init, inside the request, is billed in it
      // (the lifecycle page's suppressed-init figures, the INIT_REPORT in the form without Phase).
      ...request(
        2,
        'Duration: 3016.78 ms\tBilled Duration: 3101 ms\tMemory Size: 1024 MB\tMax Memory Used: 23 MB\tStatus: timeout',
        ['INIT_REPORT Init Duration: 84.00 ms\tStatus: timeout'],
      ),
      ...request(3, 'Duration: 9.00 ms\tBilled Duration: 9 ms\tMemory Size: 1024 MB\tMax Memory Used: 23 MB'),
    ]) {
      invocations.push(...correlator.push(e).completed);
    }
    invocations.push(...correlator.flush());
    expect(
      invocations.map((i) => [
        i.requestId,
        i.status,
        i.coldStart,
        i.initDurationMs,
        coldStartBilledMs(i),
        i.lines.length,
      ]),
    ).toEqual([
      [id(1), 'success', true, 10000.17, 0, 5],
      [id(2), 'timeout', true, 84, 84, 4],
      [id(3), 'success', false, null, 0, 3],
    ]);
  });
});
