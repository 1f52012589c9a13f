/**
 * `--function` (or `functions NAME`) with a `*` not at the end of its value (`orders-*-api`, `**`): a
 * usage error naming the value (exit 2), before AWS is asked anything. The value was taken
 * as a function's name (or `**` as the prefix `*`) and asked of Lambda, which has no such
 * name: the run ended in whatever the service answered to a name it refuses (exit 1).
 */
import { describe, expect, it } from 'vitest';
import { FAKE_AWS, runCli } from '../support/cli.ts';

// Nothing may be asked of AWS: an endpoint that answers nothing.
const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };

describe('a --function value with a * before its end', () => {
  it('is a usage error naming it', () => {
    for (const value of ['orders-*-api', '**', 'orders-api,*-worker']) {
      const bad = value.split(',').find((v) => v.slice(0, -1).includes('*'));
      const r = runCli(['logs', '--function', value], env);
      expect([value, r.code, r.stdout, r.stderr]).toEqual([
        value,
        2,
        '',
        `lambdalens: --function: "${bad}" has a * before its end: * ends a prefix (orders-*) or stands alone for every function\nhint: see 'lambdalens logs --help'\n`,
      ]);
    }
    // `functions` takes names as its arguments: the value alone is named.
    const listed = runCli(['functions', 'orders-*-api'], env);
    expect([listed.code, listed.stdout, listed.stderr]).toEqual([
      2,
      '',
      `lambdalens: "orders-*-api" has a * before its end: * ends a prefix (orders-*) or stands alone for every function\nhint: see 'lambdalens functions --help'\n`,
    ]);
  });
});
