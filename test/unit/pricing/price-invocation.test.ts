/**
 * The per-invocation pricing entry point: hand-computed cases in exact decimals for each
 * charge and Region rule, the typed reasons it returns instead of a price, and a property
 * that nothing in an invocation makes it throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyInvocation, INVOCATION_STATUSES, type Invocation } from '../../../collectors/model.ts';
import { createInvocationPricer, priceInvocation } from '../../../pricing/price-invocation.ts';
import { add, dec, div, mul, str } from './decimal.ts';

function inv(extra: Partial<Invocation>): Invocation {
  return {
    ...emptyInvocation('r-1'),
    functionName: 'fn',
    status: 'success',
    durationMs: 99.5,
    billedDurationMs: 100,
    memorySizeMB: 128,
    maxMemoryUsedMB: 60,
    region: 'us-east-1',
    ...extra,
  };
}

const x86 = { defaults: { architecture: 'x86_64' as const } };
const arm = { defaults: { architecture: 'arm64' as const } };

/** GB-s of billed ms at memory MB, exact. */
const gbs = (ms: number, mb: number) => div(mul(dec(ms), dec(mb)), dec(1_024_000));

function priced(result: ReturnType<typeof priceInvocation>) {
  if (!result.ok) throw new Error(`expected a price, got ${result.reason}: ${result.message}`);
  return result;
}

describe('priceInvocation', () => {
  it('prices 100 ms at 128 MB, x86_64, us-east-1 to the last digit', () => {
    const r = priced(priceInvocation(inv({}), x86));
    const compute = mul(gbs(100, 128), dec('0.0000166667'));
    const total = add(compute, dec('0.0000002'));
    expect(r.exactUsd.compute).toBe(str(compute));
    expect(r.exactUsd.total).toBe(str(total));
    expect(r.exactUsd.total).toBe('0.00000040833375');
    expect(r.totalUsd).toBe(4.0833375e-7);
  });

  it('prices provisioned-concurrency environments at the provisioned duration rate', () => {
    const pc = inv({
      billedDurationMs: 1000,
      memorySizeMB: 1024,
      initializationType: 'provisioned-concurrency',
    });
    const r = priced(priceInvocation(pc, x86));
    // 1 GB-s × $0.0000097222 (not $0.0000166667) + $0.0000002
    expect(r.provisioned).toBe(true);
    expect(r.exactUsd.total).toBe(str(add(mul(gbs(1000, 1024), dec('0.0000097222')), dec('0.0000002'))));
    const armPc = priced(priceInvocation({ ...pc, region: 'eu-west-1' }, arm));
    // eu-west-1 arm64: 80% of x86_64's 0.0000108407, rounded to 10 places = 0.0000086726 (derived).
    expect(armPc.exactUsd.compute).toBe(str(mul(gbs(1000, 1024), dec('0.0000086726'))));
  });

  it('adds the SnapStart restore for a Python runtime the logs name, in us-east-1', () => {
    const restored = inv({
      billedDurationMs: 500,
      memorySizeMB: 2048,
      coldStart: true,
      restoreDurationMs: 310,
      billedRestoreDurationMs: 75,
      runtimeVersion: 'python:3.12.v52',
    });
    const r = priced(priceInvocation(restored, x86));
    // 2 GB restored × $0.0001397998
    expect(r.exactUsd.snapStartRestore).toBe(str(mul(dec(2), dec('0.0001397998'))));
    expect(r.exactUsd.total).toBe(
      str(add(mul(gbs(500, 2048), dec('0.0000166667')), dec('0.0000002'), mul(dec(2), dec('0.0001397998')))),
    );
    expect(r.unpriced).toEqual([]);
    // Java restores are not charged.
    const java = priced(priceInvocation({ ...restored, runtimeVersion: 'java:21.v33' }, x86));
    expect(java.exactUsd.snapStartRestore).toBe('0');
    expect(java.unpriced).toEqual([]);
  });

  it('names a SnapStart restore it cannot price instead of charging $0 in silence', () => {
    const restored = inv({
      region: 'eu-west-1',
      restoreDurationMs: 310,
      runtimeVersion: 'python:3.12.v52',
    });
    const r = priced(priceInvocation(restored, x86));
    expect(r.exactUsd.snapStartRestore).toBe('0');
    expect(r.unpriced).toEqual([
      {
        charge: 'snapstart-restore',
        message:
          'function "fn": no SnapStart restore rate for eu-west-1 in the price table: the restore charge is not included; pass --prices',
      },
    ]);
    const unknownRuntime = priced(
      priceInvocation({ ...restored, region: 'us-east-1', runtimeVersion: null }, x86),
    );
    expect(unknownRuntime.unpriced.map((u) => u.charge)).toEqual(['snapstart-restore-runtime']);
    // The config's runtime settles it.
    const configured = priced(
      priceInvocation(
        { ...restored, region: 'us-east-1', runtimeVersion: null },
        { ...x86, configs: new Map([['fn', { functionName: 'fn', runtime: 'dotnet8' }]]) },
      ),
    );
    expect(configured.exactUsd.snapStartRestore).toBe(str(mul(dec('0.125'), dec('0.0001397998'))));
  });

  it('prices the filled-in Regions, and marks what was derived', () => {
    const uae = priced(
      priceInvocation(inv({ region: 'me-central-1', billedDurationMs: 1000, memorySizeMB: 1024 }), x86),
    );
    expect(uae.exactUsd.total).toBe(str(add(dec('0.0000206667'), dec('0.00000025'))));
    const telAviv = priced(
      priceInvocation(inv({ region: 'il-central-1', billedDurationMs: 1000, memorySizeMB: 1024 }), arm),
    );
    // arm64 = 80% of 0.0000175
    expect(telAviv.exactUsd.total).toBe(str(add(dec('0.000014'), dec('0.00000021'))));
    const jakarta = priced(
      priceInvocation(inv({ region: 'ap-southeast-3', billedDurationMs: 2000, memorySizeMB: 512 }), x86),
    );
    expect(jakarta.exactUsd.total).toBe(str(add(dec('0.0000166667'), dec('0.0000002'))));
  });

  it('says what of its context came from the defaults, not from the logs or the config', () => {
    const defaults = { region: 'eu-west-1', architecture: 'x86_64' as const };
    const configs = new Map([['fn', { functionName: 'fn', architecture: 'arm64' as const }]]);
    const fromDefaults = (extra: Partial<Invocation>, options: Parameters<typeof priceInvocation>[1]) =>
      priced(priceInvocation(inv(extra), options)).context.fromDefaults;
    expect(fromDefaults({ region: null }, { defaults })).toEqual(['region', 'architecture']);
    expect(fromDefaults({}, { defaults })).toEqual(['architecture']);
    expect(fromDefaults({ region: null }, { defaults, configs })).toEqual(['region']);
    expect(fromDefaults({}, { defaults, configs })).toEqual([]);
    // A config that names another function leaves this one's architecture to the default.
    expect(fromDefaults({ functionName: 'other' }, { defaults, configs })).toEqual(['architecture']);
  });

  it('gives a typed reason and a message that names the fix', () => {
    expect(priceInvocation(inv({ region: 'cn-north-1' }), x86)).toMatchObject({
      ok: false,
      reason: 'unknown-region',
      message: expect.stringContaining('no Lambda prices for region "cn-north-1"'),
    });
    expect(priceInvocation(inv({}), {})).toMatchObject({
      ok: false,
      reason: 'missing-architecture',
      message: expect.stringContaining('pass --arch x86_64|arm64'),
    });
    expect(priceInvocation(inv({ region: null }), {})).toMatchObject({
      reason: 'missing-region-and-architecture',
    });
    expect(
      priceInvocation(
        inv({ billedDurationMs: null, memorySizeMB: null, durationMs: null, status: 'incomplete' }),
        x86,
      ),
    ).toMatchObject({ reason: 'incomplete' });
    // A timeout or an error told by its lines, its REPORT cut from the input: no REPORT either.
    for (const status of ['timeout', 'error'] as const) {
      expect(
        priceInvocation(
          inv({
            billedDurationMs: null,
            memorySizeMB: null,
            durationMs: null,
            maxMemoryUsedMB: null,
            status,
          }),
          x86,
        ),
      ).toMatchObject({
        reason: 'incomplete',
        message: expect.stringContaining('invocation without a REPORT line'),
      });
    }
    expect(priceInvocation(inv({ billedDurationMs: null }), x86)).toMatchObject({
      reason: 'no-billed-duration',
    });
  });

  it('refuses REPORT figures Lambda cannot have billed, naming the field and value', () => {
    const cases: Array<[Partial<Invocation>, string]> = [
      [{ billedDurationMs: 12.5 }, 'REPORT Billed Duration 12.5 is not a whole number of ms'],
      [{ billedDurationMs: -3 }, 'REPORT Billed Duration -3 is negative'],
      [
        { billedDurationMs: 1e23 },
        'REPORT Billed Duration 1e+23 is over the 910,000 ms one invocation can be billed (15 minutes and a 10 s init)',
      ],
      [
        { billedDurationMs: 910_001 },
        'REPORT Billed Duration 910001 is over the 910,000 ms one invocation can be billed (15 minutes and a 10 s init)',
      ],
      [{ memorySizeMB: 1769.5 }, 'REPORT Memory Size 1769.5 is not a whole number of MB'],
      [{ memorySizeMB: 20_000 }, "REPORT Memory Size 20000 is outside Lambda's 128–10240 MB"],
      [{ durationMs: -1 }, 'REPORT Duration -1 is negative'],
    ];
    for (const [extra, text] of cases) {
      expect(priceInvocation(inv(extra), x86)).toEqual({
        ok: false,
        reason: 'invalid-report',
        message: `function "fn": ${text}`,
      });
    }
    // The longest invocation Lambda bills is priced.
    expect(priceInvocation(inv({ billedDurationMs: 910_000 }), x86)).toMatchObject({ ok: true });
  });

  it('never throws, whatever the invocation holds', () => {
    const price = createInvocationPricer({ defaults: { region: 'us-east-1', architecture: 'x86_64' } });
    const num = fc.oneof(fc.constant(null), fc.double(), fc.integer(), fc.constant(Number.NaN));
    fc.assert(
      fc.property(
        fc.record({
          billedDurationMs: num,
          memorySizeMB: num,
          durationMs: num,
          maxMemoryUsedMB: num,
          restoreDurationMs: num,
          region: fc.oneof(fc.constant(null), fc.constantFrom('us-east-1', 'eu-west-1', 'xx-nowhere-9')),
          runtimeVersion: fc.oneof(fc.constant(null), fc.string()),
          initializationType: fc.constantFrom(null, 'on-demand', 'provisioned-concurrency', 'snap-start'),
          status: fc.constantFrom(...INVOCATION_STATUSES),
          coldStart: fc.boolean(),
        }),
        (extra) => {
          const r = price(inv(extra as Partial<Invocation>));
          expect(typeof r.ok).toBe('boolean');
          if (r.ok) expect(Number.isFinite(r.totalUsd)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
