/**
 * Lines of a request already printed, read after it (live input: a later poll, a late
 * ingestion). They are shown as what they are, late lines of that request, in a block of
 * their own, never as another invocation: the summary counts each invocation once.
 *
 * Lines that arrive together (an END and its REPORT) make one block: the block of one
 * request waits, like a reported invocation, `LIVE_HOLD_MS` for more, and is written when
 * that passes without one, when a late line of another request comes, or when the input
 * ends. One block at a time, of at most `maxLines` lines and LATE_BLOCK_MAX_TEXT of text
 * (more are counted, as an invocation's past its bounds).
 *
 * In NDJSON a block is a record of its own kind, `"type":"late-lines"`, with the fields
 * that name its request as an invocation names them; invocation records have no `type`.
 */
import { heldSize, MIB } from '../../collectors/correlator/held-text.ts';
import { functionNameFromLogGroup, type InvocationLine, type LogEvent } from '../../collectors/model.ts';

/**
 * The text one block keeps, counted as the correlator counts what it holds: the lines of a
 * request already written are few (its END and REPORT, a line logged after them), but
 * nothing else bounded their size (a thousand lines of 16 MiB), and the block is written
 * as one string, whose longest (2^29 characters) this keeps it far from however it is
 * written. Any one line fits.
 */
export const LATE_BLOCK_MAX_TEXT = 32 * MIB;

/** Late lines of one request, read in one go. */
export interface LateLines {
  requestId: string;
  functionName: string | null;
  logGroup: string | null;
  logStream: string | null;
  lines: InvocationLine[];
  /** Lines that belonged here but were not kept because of the per-invocation bound. */
  droppedLines: number;
}

/** A block as its NDJSON record: `type` first, then the fields in this fixed order. */
export function lateLinesJson(block: LateLines): string {
  return `${JSON.stringify({
    type: 'late-lines',
    requestId: block.requestId,
    functionName: block.functionName,
    logGroup: block.logGroup,
    logStream: block.logStream,
    lines: block.lines,
    droppedLines: block.droppedLines,
  })}\n`;
}

/** Gathers late lines into blocks, one request's at a time. */
export class LateLineBlocks {
  private block: LateLines | null = null;
  /** The text the block keeps, as `heldSize` counts it. */
  private text = 0;
  /** Wall-clock ms of the block's last line. */
  private lastAt = 0;

  constructor(
    private readonly maxLines: number,
    /** Function name for events whose source names none. */
    private readonly functionName: string | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a late line of `requestId`; returns the block it ends (another request's), to write first. */
  add(requestId: string, event: LogEvent, line: InvocationLine): LateLines | null {
    const logGroup = event.logGroup ?? null;
    const logStream = event.logStream ?? null;
    let ended: LateLines | null = null;
    let block = this.block;
    if (
      block &&
      (block.requestId !== requestId || block.logStream !== logStream || block.logGroup !== logGroup)
    ) {
      ended = block;
      block = null;
    }
    if (!block) {
      block = {
        requestId,
        functionName: event.functionName ?? functionNameFromLogGroup(logGroup) ?? this.functionName,
        logGroup,
        logStream,
        lines: [],
        droppedLines: 0,
      };
      this.block = block;
      this.text = 0;
    }
    const size = heldSize(line);
    // Past a bound it keeps no more: what it keeps stays its first lines, as an invocation's.
    if (
      block.droppedLines === 0 &&
      block.lines.length < this.maxLines &&
      this.text + size <= LATE_BLOCK_MAX_TEXT
    ) {
      block.lines.push(line);
      this.text += size;
    } else block.droppedLines++;
    this.lastAt = this.now();
    return ended;
  }

  /** The block, once no line has come for it for `holdMs`. */
  settled(holdMs: number): LateLines | null {
    return this.block && this.now() - this.lastAt >= holdMs ? this.take() : null;
  }

  /** The block under way, if any (the input ended). */
  take(): LateLines | null {
    const block = this.block;
    this.block = null;
    return block;
  }
}

/**
 * Written blocks of late lines that wait behind invocations still on their way out (waiting
 * for their trace, `logs --traces`): each goes out once the invocations completed before it
 * are written, so it never comes before the invocation it is late to.
 */
export class LateBlocksBehind {
  private readonly waiting: { after: number; text: string }[] = [];

  /** A block's text, to go out after the first `after` invocations. */
  add(after: number, text: string): void {
    this.waiting.push({ after, text });
  }

  /** The text of the blocks that may go out once `written` invocations are (in order; '' for none). */
  due(written: number): string {
    let text = '';
    const waiting = this.waiting;
    while (waiting.length > 0 && (waiting[0] as { after: number }).after <= written) {
      text += (waiting.shift() as { text: string }).text;
    }
    return text;
  }
}
