/**
 * Decimal arithmetic for hand-computed expectations: a value is a BigInt count of 1e-40,
 * so sums and products of published prices stay exact, independent of the code under test.
 */
const SCALE = 40;
const ONE = 10n ** BigInt(SCALE);

export type Dec = bigint;

/** `dec('0.0000166667')`, `dec(128)`. */
export function dec(value: string | number | bigint): Dec {
  const text = String(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const fraction = (m[3] ?? '').padEnd(SCALE, '0');
  if (fraction.length > SCALE) throw new Error(`more than ${SCALE} places: ${text}`);
  const v = BigInt(m[2] as string) * ONE + BigInt(fraction || '0');
  return m[1] ? -v : v;
}

export function mul(...xs: Dec[]): Dec {
  return xs.reduce((a, b) => {
    const p = a * b;
    if (p % ONE !== 0n) throw new Error('product has more than 40 decimal places');
    return p / ONE;
  }, ONE);
}

/** a / b, which must come out exact at 40 places. */
export function div(a: Dec, b: Dec): Dec {
  const n = a * ONE;
  if (n % b !== 0n) throw new Error('quotient is not exact at 40 places');
  return n / b;
}

export function add(...xs: Dec[]): Dec {
  return xs.reduce((a, b) => a + b, 0n);
}

/** The canonical decimal string (no trailing zeros), as the report's exact fields print. */
export function str(x: Dec): string {
  const negative = x < 0n;
  const abs = negative ? -x : x;
  const digits = abs.toString().padStart(SCALE + 1, '0');
  const whole = digits.slice(0, -SCALE);
  const fraction = digits.slice(-SCALE).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
