/**
 * How an invocation ended, decided once from everything its lines said: one status, in
 * the order timeout, oom, crash, error, then success (reported) or incomplete. Checked over
 * every combination of what can be said, against that order written out here.
 */
import { describe, expect, it } from 'vitest';
import {
  decideOutcome,
  emptyFacts,
  type OutcomeFacts,
  SIGNAL_BIT,
} from '../../collectors/correlator/outcome.ts';

const MEMORY: [number | null, number | null][] = [
  [null, null],
  [128, null],
  [null, 128],
  [128, 100],
  [128, 128],
  [128, 129],
  // Sizes no function has (a damaged REPORT, an emulator): no limit anything ran out of.
  [0, 70],
  [0, 0],
  [10_241, 20_000],
  [200.5, 300],
  [128, Number.NaN],
  [Number.NaN, 70],
];

/** The rule, read off the documented order. */
function expected(f: OutcomeFacts): string {
  const errorType = f.reportErrorType ?? f.runtimeErrorType ?? f.lineErrorType;
  const said = (s: string) => f.reportStatus === s || f.runtimeStatus === s;
  const signal = (s: keyof typeof SIGNAL_BIT) => (f.signals & SIGNAL_BIT[s]) !== 0;
  if (said('timeout') || signal('timeout') || errorType === 'Sandbox.Timedout') return 'timeout';
  const crashed =
    said('failure') || signal('crash') || errorType === 'Runtime.ExitError' || errorType === 'Runtime.Crash';
  const { maxMemoryUsedMB: used, memorySizeMB: size } = f;
  const lambdaSize = size !== null && Number.isInteger(size) && size >= 128 && size <= 10_240;
  const atLimit = used !== null && lambdaSize && (used > size || (crashed && used >= size));
  if (errorType === 'Runtime.OutOfMemory' || signal('oom') || atLimit) return 'oom';
  if (crashed) return 'crash';
  if (said('error') || signal('error') || errorType) return 'error';
  return f.reported ? 'success' : 'incomplete';
}

describe('the outcome of an invocation', () => {
  it('follows the order timeout, oom, crash, error, success, incomplete in every combination', () => {
    let cases = 0;
    for (const reported of [false, true])
      for (const [size, used] of MEMORY)
        for (const reportStatus of [null, 'timeout', 'failure', 'error'])
          for (const runtimeStatus of [null, 'success', 'error'])
            for (const signals of [0, 1, 2, 4, 8, 10])
              for (const errorType of [
                null,
                'Runtime.ExitError',
                'Runtime.OutOfMemory',
                'Sandbox.Timedout',
                'X',
              ])
                for (const where of ['report', 'runtime', 'line'] as const) {
                  const f: OutcomeFacts = {
                    ...emptyFacts(),
                    reported,
                    memorySizeMB: size,
                    maxMemoryUsedMB: used,
                    reportStatus,
                    runtimeStatus,
                    signals,
                    reportErrorType: where === 'report' ? errorType : null,
                    runtimeErrorType: where === 'runtime' ? errorType : null,
                    lineErrorType: where === 'line' ? errorType : null,
                  };
                  const outcome = decideOutcome(f);
                  expect(outcome.status).toBe(expected(f));
                  expect(outcome.errorType).toBe(errorType);
                  cases++;
                }
    expect(cases).toBe(2 * MEMORY.length * 4 * 3 * 6 * 5 * 3);
  });
});
