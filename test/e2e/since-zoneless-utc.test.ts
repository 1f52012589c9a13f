/**
 * `--since`/`--until` written as a date and time without a zone (`2026-10-05T14:00`,
 * `2026-10-05 14:00:30`) name the UTC instant, as a date alone does, as every time lambdalens
 * shows is written, and as the screen's `t` reads the same text. The Date parser takes such
 * a time as the machine's local time, so on a machine not on UTC the window moved by its
 * offset. Read the way a user meets it: the reversed window's refusal prints both times read.
 */
import { describe, expect, it } from 'vitest';
import { FAKE_AWS, runCli } from '../support/cli.ts';

// Four hours behind UTC in October: a local reading would shift every time below by 4 h.
const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', TZ: 'America/New_York' };

function refusal(since: string, until: string): [number | null, string] {
  const run = runCli(['logs', '--function', 'orders-api', '--since', since, '--until', until], env, {
    timeoutMs: 20_000,
  });
  return [run.code, run.stderr];
}

const said = (until: string, since: string) =>
  `lambdalens: --until (${until}) is before --since (${since})\nhint: see 'lambdalens logs --help'\n`;

describe('--since and --until without a zone, on a machine not on UTC', () => {
  it('are UTC, with a T or a space, to the minute, second or a fraction', () => {
    expect(refusal('2026-10-05T14:00', '2026-10-05T13:00')).toEqual([
      2,
      said('2026-10-05T13:00:00.000Z', '2026-10-05T14:00:00.000Z'),
    ]);
    expect(refusal('2026-10-05 14:00:30', '2026-10-05 14:00:29,5')).toEqual([
      2,
      said('2026-10-05T14:00:29.500Z', '2026-10-05T14:00:30.000Z'),
    ]);
  });

  it('a time with a zone is read in that zone, and a date alone is UTC midnight', () => {
    expect(refusal('2026-10-05T14:00:00+02:00', '2026-10-05')).toEqual([
      2,
      said('2026-10-05T00:00:00.000Z', '2026-10-05T12:00:00.000Z'),
    ]);
  });
});
