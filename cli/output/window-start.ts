/**
 * Invocations the start of a window of history cuts: begun before `--since`, so the window
 * holds their last lines, END and REPORT, but not their START nor what they wrote first.
 * What was read of such an invocation cannot show a success (its error line may be before
 * the window), so one that reads as a success is shown `incomplete`, as one the window's end
 * cuts is, with its REPORT's figures; a failure its lines in the window show stays that
 * failure. The run says after its summary how many began before the window.
 */
import type { Invocation } from '../../collectors/model.ts';

export class StartCuts {
  /** Invocations begun before the window, whatever they were shown as. */
  count = 0;
  /** Those of them whose REPORT was read: they ended inside the window. */
  private readonly ended = new WeakSet<Invocation>();

  /** For the correlator's `onUnstarted`: the invocation's START was before the window. */
  readonly mark = (inv: Invocation): void => {
    if (inv.status === 'success') {
      inv.status = 'incomplete';
      this.ended.add(inv);
    }
    this.count++;
  };

  /** Whether an `incomplete` invocation ended in the window, shown so only for its start. */
  endedInWindow(inv: Invocation): boolean {
    return this.ended.has(inv);
  }
}
