/**
 * The lines outside any invocation that a run lists at its end, in the order they came:
 * the first 1,000, within 16 MiB of text. They are held until the end of the input, and a
 * line may be 16 MiB long: a thousand such lines were a thousand times that. Past either
 * bound they are counted (`… N more`), and none after the first left out is listed, so
 * that what is listed has no gap.
 */
const MAX_LINES = 1_000;
const MAX_CHARS = 16 * 1024 * 1024;

export class OutsideLines {
  readonly lines: string[] = [];
  private chars = 0;
  private full = false;

  /** Lists the line, unless the list is full. */
  add(line: string): void {
    if (this.full) return;
    if (this.lines.length >= MAX_LINES || this.chars >= MAX_CHARS) {
      this.full = true;
      return;
    }
    this.lines.push(line);
    this.chars += line.length;
  }

  /** Lists what a part of the input listed, of the `count` lines it found outside any invocation. */
  addPart(lines: readonly string[], count: number): void {
    for (const line of lines) this.add(line);
    if (lines.length < count) this.full = true;
  }
}
