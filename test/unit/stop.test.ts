/**
 * The stop a user asks for, by signal or by closing the terminal: which stop is the first,
 * and when main is told to end the process at once.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

describe('a stop begun by a terminal gone', () => {
  // The stop's state is the process's: each case takes a fresh copy of the module.
  beforeEach(() => vi.resetModules());
  const fresh = () => import('../../cli/stop.ts');

  it('is the hang-up: aborts as SIGHUP would, and the SIGHUP that follows is no second stop', async () => {
    const stop = await fresh();
    const signal = stop.honourStop();
    expect(stop.onTerminalGone()).toBe(true);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('stopped by SIGHUP');
    expect(stop.onTerminalGone()).toBe(true);
    expect(stop.onStopSignal('SIGHUP')).toBeNull();
    // A user insisting after that is heard: the second stop ends the process at once.
    expect(stop.onStopSignal('SIGINT')).toBe(130);
    expect(stop.onStopSignal('SIGHUP')).toBe(129);
  });

  it('after a stop by signal, ends nothing at once', async () => {
    const stop = await fresh();
    stop.honourStop();
    expect(stop.onStopSignal('SIGINT')).toBeNull();
    expect(stop.onTerminalGone()).toBe(true);
    expect(stop.onStopSignal('SIGHUP')).toBe(129);
  });

  it('is not honoured by a command that has nothing to finish: main ends it at once', async () => {
    const stop = await fresh();
    expect(stop.onTerminalGone()).toBe(false);
    expect(stop.stopAsked()).toBe(false);
  });
});
