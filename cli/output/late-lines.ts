/**
 * Lines of a request already printed, read after it (live input: a later poll, a late
 * ingestion). They are shown as what they are, late lines of that request, in a block of
 * their own, never as another invocation: the summary counts each invocation once.
 *
 * Lines that arrive together (an END and its REPORT) make one block: the block of one
 * request waits, like a reported invocation, `LIVE_HOLD_MS` for more, and is written when
 * that passes without one, when a late line of another request comes, or when the input
 * ends. One block at a time, of at most `maxLines` lines (more are counted), so the memory
 * is one invocation's.
 *
 * In NDJSON a block is a record of its own kind, `"type":"late-lines"`, with the fields
 * that name its request as an invocation names them; invocation records have no `type`.
 */
import { functionNameFromLogGroup, type InvocationLine, type LogEvent } from '../../collectors/model.ts';

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
    }
    if (block.lines.length < this.maxLines) block.lines.push(line);
    else block.droppedLines++;
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
