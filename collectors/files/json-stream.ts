/**
 * JSON documents of any size, read in bounded pieces. A pretty-printed
 * `aws logs filter-log-events` or `get-query-results` output, a console JSON download,
 * concatenated documents (`start-query` then `get-query-results`, Firehose objects of
 * payloads written back to back) are cut into their top-level values; the elements of a
 * top-level array, and of the big arrays of a top-level object (`events`, `results`,
 * `records`), come out one by one, and the object around them as an envelope whose arrays
 * are empty. So memory holds one element at a time, not the document.
 */
import { LambdalensError } from '../kernel/index.ts';

/** One value cut out of the text. */
export interface JsonPiece {
  /**
   * The top-level member the value was an element of (`events`, `results`…), `''` for an
   * element of a top-level array, or null for a whole top-level value (an envelope).
   */
  within: string | null;
  text: string;
  /** Line (from 1) where the value starts, for messages about it. */
  line: number;
}

/** A document that cannot be cut into values: cut short, or one value over the bound. */
export class JsonDocumentError extends LambdalensError {
  constructor(
    message: string,
    /** True when the text ended inside a value (invalid JSON), false when a value was too big. */
    readonly cutShort: boolean,
  ) {
    super(message);
    this.name = 'JsonDocumentError';
  }
}

enum Target {
  None = 0,
  Envelope = 1,
  Element = 2,
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Cuts JSON text, fed in chunks of any size, into pieces. Arrays under the names in
 * `streamed` (members of a top-level object) and top-level arrays are cut into elements.
 */
export class JsonPieces {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  /** 1: the top-level value is an object, 2: an array, 3: a scalar; 0: between values. */
  private top = 0;
  /** The depth of the elements of the array being cut into elements, or -1. */
  private elementDepth = -1;
  private within: string | null = null;
  private elementScalar = false;
  /** Where a top-level object expects its next member's name, and that name as it is read. */
  private expectKey = false;
  private readingKey = false;
  /** Where, in the text being fed, the member name being read starts. */
  private keyStart = 0;
  private key = '';
  private lastKey = '';
  private afterColon = false;

  private target: Target = Target.None;
  private parts: string[] = [];
  private length = 0;
  private startLine = 0;
  /** The envelope held while an element is cut out of it. */
  private envelope: string[] = [];
  private envelopeLength = 0;
  private envelopeLine = 0;

  constructor(
    private readonly streamed: ReadonlySet<string>,
    private readonly maxChars: number,
  ) {}

  /** The pieces that the text completes. */
  feed(text: string): JsonPiece[] {
    const out: JsonPiece[] = [];
    let run = 0;
    this.keyStart = 0;
    const flush = (to: number) => {
      if (this.target !== Target.None && to > run) this.append(text.slice(run, to));
      run = to;
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) {
          this.inString = false;
          if (this.readingKey) {
            this.lastKey = this.key + text.slice(this.keyStart, i);
            this.readingKey = false;
          }
        }
        continue;
      }
      if (isSpace(c)) {
        if (this.top === 3 && this.depth === 0) {
          flush(i);
          out.push(this.finish(null));
          this.top = 0;
        }
        continue;
      }
      // A scalar element ends before the comma or bracket that follows it.
      if (this.target === Target.Element && this.elementScalar && this.depth === this.elementDepth) {
        if (c === 44 || c === 93) {
          flush(i);
          out.push(this.finishElement());
        }
      }
      if (this.depth === 0) {
        if (this.top === 3) continue;
        this.startLine = this.line;
        if (c === 91) {
          // A top-level array: only its elements come out.
          this.top = 2;
          this.depth = 1;
          this.elementDepth = 1;
          this.within = '';
          continue;
        }
        flush(i);
        this.target = Target.Envelope;
        run = i;
        if (c === 123) {
          this.top = 1;
          this.depth = 1;
          this.expectKey = true;
          this.afterColon = false;
        } else {
          this.top = 3;
          if (c === 34) this.inString = true;
        }
        continue;
      }
      const startsElement =
        this.depth === this.elementDepth && this.target !== Target.Element && c !== 44 && c !== 93;
      if (startsElement) {
        flush(i);
        this.envelope = this.parts;
        this.envelopeLength = this.length;
        this.envelopeLine = this.startLine;
        this.parts = [];
        this.length = 0;
        this.startLine = this.line;
        this.target = Target.Element;
        run = i;
        this.elementScalar = c !== 123 && c !== 91;
      }
      if (c === 34) {
        this.inString = true;
        if (this.top === 1 && this.depth === 1 && this.expectKey) {
          this.readingKey = true;
          this.key = '';
          this.keyStart = i + 1;
        }
        continue;
      }
      if (c === 123 || c === 91) {
        if (
          c === 91 &&
          this.top === 1 &&
          this.depth === 1 &&
          this.afterColon &&
          this.elementDepth === -1 &&
          this.streamed.has(this.lastKey)
        ) {
          // The array's brackets stay in the envelope; its elements are cut out.
          flush(i + 1);
          this.elementDepth = 2;
          this.within = this.lastKey;
          this.target = Target.None;
        }
        this.depth++;
        continue;
      }
      if (c === 125 || c === 93) {
        this.depth--;
        if (this.target === Target.Element && !this.elementScalar && this.depth === this.elementDepth) {
          flush(i + 1);
          out.push(this.finishElement());
          continue;
        }
        if (this.elementDepth !== -1 && this.depth === this.elementDepth - 1) {
          // The array that was cut into elements is closed.
          this.elementDepth = -1;
          this.within = null;
          if (this.top === 2) {
            this.top = 0;
            this.target = Target.None;
            run = i + 1;
            continue;
          }
          this.target = Target.Envelope;
          run = i;
        }
        if (this.depth === 0 && this.top === 1) {
          flush(i + 1);
          out.push(this.finish(null));
          this.top = 0;
        }
        continue;
      }
      if (this.top === 1 && this.depth === 1) {
        if (c === 44) {
          this.expectKey = true;
          this.afterColon = false;
        } else if (c === 58) {
          this.expectKey = false;
          this.afterColon = true;
        }
      }
    }
    if (this.readingKey) this.key += text.slice(this.keyStart);
    flush(text.length);
    return out;
  }

  /** The pieces left at the end of the text; a value still open is an error. */
  end(): JsonPiece[] {
    if (this.top === 3 && this.depth === 0 && !this.inString) {
      this.top = 0;
      return [this.finish(null)];
    }
    if (this.top !== 0 || this.inString) {
      const at = this.target === Target.Element ? this.startLine : this.envelopeLine || this.startLine;
      throw new JsonDocumentError(`the JSON ends inside a value begun at line ${at}`, true);
    }
    return [];
  }

  private append(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    if (this.length > this.maxChars) {
      throw new JsonDocumentError(
        `the JSON value begun at line ${this.startLine} is over ${Math.round(this.maxChars / 1024 / 1024)} MiB, the most read at once`,
        false,
      );
    }
  }

  private finish(within: string | null): JsonPiece {
    const piece = { within, text: this.parts.join(''), line: this.startLine };
    this.parts = [];
    this.length = 0;
    this.target = Target.None;
    return piece;
  }

  private finishElement(): JsonPiece {
    const piece = this.finish(this.within);
    // Back to the envelope the element was cut out of (a top-level array has none).
    this.parts = this.envelope;
    this.length = this.envelopeLength;
    this.startLine = this.envelopeLine;
    this.envelope = [];
    this.envelopeLength = 0;
    this.target = Target.None;
    return piece;
  }
}
