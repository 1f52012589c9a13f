/**
 * Invocations the end of a window of history cuts: begun before `--until`, their END and
 * REPORT after it (or not yet written, for a window that ends now), so what was read of
 * them stops mid-run. They are shown as read, `incomplete`, and the run says how many after
 * its summary (run-end.ts), lest they be taken for invocations that failed to end; a screen
 * says the same of each one in its detail view.
 */
import type { Invocation } from '../../collectors/model.ts';
import { cutKeyOf, type StartCuts } from './window-start.ts';

/** What a screen says of an invocation the window's end cut, in the words the run's closing note uses. */
export function endCutNote(endTime: number | undefined): string {
  if (endTime === undefined) {
    return 'had not ended when read: shown as incomplete (still running, or its last lines not yet in CloudWatch)';
  }
  return `had not ended by --until ${new Date(endTime).toISOString()}: shown as incomplete; its END and REPORT, if any, are after the window (a later --until shows them)`;
}

export class EndCuts {
  /** Invocations still running where the window ends. */
  count = 0;
  /**
   * Their identities (`cutKeyOf`), for a screen to say why one is shown so: at most the
   * requests open when the input ends, which the correlator bounds.
   */
  private readonly open = new Set<string>();

  constructor(private readonly startCuts: StartCuts) {}

  /** For an invocation closed because the input ended: whether the window's end cut it. */
  note(inv: Invocation): boolean {
    // One whose START was before the window but whose REPORT was read is shown incomplete for its start alone.
    if (inv.status !== 'incomplete' || this.startCuts.endedInWindow(inv)) return false;
    this.open.add(cutKeyOf(inv));
    this.count++;
    return true;
  }

  /** Whether the invocation (this one, not another of its request ID) was still running where the window ends. */
  cutAtEnd(inv: Invocation): boolean {
    return this.open.has(cutKeyOf(inv));
  }
}
