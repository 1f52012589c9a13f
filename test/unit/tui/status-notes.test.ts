/**
 * CloudWatch's completeness on tail's status bar: what the bar has no words of its own for (a
 * missing group, future-stamped or late events) is counted there with the first of them.
 */
import { describe, expect, it } from 'vitest';
import { statusBarOf } from '../../../cli/tui/aws-feed.ts';
import { statusLines } from '../../../cli/tui/chrome-lines.ts';
import { UNICODE_GLYPHS } from '../../../cli/tui/glyphs.ts';
import { StatusBoard } from '../../../collectors/cloudwatch-logs/source-status.ts';
import { storeOf } from './helpers.tsx';

function bar(board: StatusBoard): string {
  const store = storeOf([]);
  store.setSource(statusBarOf(board.snapshot()));
  const [first] = statusLines({
    snapshot: store.snapshot(),
    shown: 0,
    paused: false,
    pendingWhilePaused: 0,
    glyphs: UNICODE_GLYPHS,
  });
  return first.map((p) => p.text).join('');
}

describe('the status bar of a CloudWatch tail', () => {
  it('counts the notes it has no words for, and shows the first', () => {
    const board = new StatusBoard('follow', ['/aws/lambda/nogroup', '/aws/lambda/fast-clock'], () => ({}));
    expect(bar(board)).not.toContain('!');
    board.group('/aws/lambda/nogroup').missing = true;
    expect(bar(board)).toContain('! log group /aws/lambda/nogroup does not exist (yet) · ');
    const g = board.group('/aws/lambda/fast-clock');
    g.futureStamped = 4;
    g.maxAheadMs = 1_800_000;
    g.skewedStream = 'fast-clock';
    g.throttled = true;
    // Throttling has its own word on the bar: not a note.
    expect(bar(board)).toContain('! log group /aws/lambda/nogroup does not exist (yet) (+1 more) · ');
    expect(bar(board)).toContain('throttled');
    board.group('/aws/lambda/nogroup').missing = false;
    expect(bar(board)).toContain(
      '! 4 events of /aws/lambda/fast-clock stamped up to 1800 s ahead of their ingestion (stream fast-clock',
    );
  });
});

describe('a shared log group on the status bar', () => {
  it("says while running how many events of other functions' streams it left out", () => {
    const board = new StatusBoard('follow', ['/trial/shared'], () => ({}));
    expect(bar(board)).not.toContain('!');
    board.group('/trial/shared').otherFunctions = 4;
    expect(bar(board)).toContain("! 4 events of other functions' streams in /trial/shared left out · ");
    board.group('/trial/shared').otherFunctions = 5;
    expect(bar(board)).toContain("! 5 events of other functions' streams in /trial/shared left out · ");
  });
});
