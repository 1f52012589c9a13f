/**
 * What an execution environment's init phase says (INIT_START, INIT_REPORT, RESTORE_*):
 * kept with the stream's pending lines for the request it serves first, and learned as the
 * stream's context when that request takes it. An init that serves no request (a stream
 * that only ever logs an init phase) is never learned: it stays within the bound on
 * pending lines, not in the context table. What holds for the whole group (its Region,
 * its runtime) is learned at once.
 */
import type { Invocation } from '../model.ts';
import { isInitializationType } from '../model.ts';
import type { InitReportLine, InitStartLine, RestoreReportLine, RestoreStartLine } from '../parser/types.ts';
import type { PendingInit, StreamState } from './state.ts';
import type { StreamContextTable } from './stream-context.ts';

export type InitPhaseLine = InitStartLine | InitReportLine | RestoreStartLine | RestoreReportLine;

export function noteInitPhase(
  p: InitPhaseLine,
  init: PendingInit,
  context: StreamContextTable,
  s: StreamState,
): void {
  switch (p.kind) {
    case 'init-start':
      init.runtimeVersion = p.runtimeVersion;
      init.region = p.region;
      init.functionName = p.functionName;
      init.initializationType = isInitializationType(p.initializationType) ? p.initializationType : null;
      context.learnGroup(s.group, { region: p.region, runtimeVersion: p.runtimeVersion });
      return;
    case 'init-report':
      // A failed init is tried again (in the invoke phase): the last one is the one that served.
      init.initDurationMs = p.durationMs ?? init.initDurationMs;
      // Text logs: an environment made ahead of its first request reports its init on its
      // own (AWS: provisioned-concurrency and SnapStart environments always emit INIT_REPORT;
      // on demand, init goes into the first REPORT). A restore already said SnapStart.
      if (p.phase === 'init' && (p.status === null || p.status === 'success')) {
        init.initializationType ??= 'provisioned-concurrency';
      }
      return;
    case 'restore-start':
      init.runtimeVersion ??= p.runtimeVersion;
      init.region ??= p.region;
      init.initializationType = 'snap-start';
      context.learnGroup(s.group, { region: p.region, runtimeVersion: p.runtimeVersion });
      return;
    case 'restore-report':
      init.restoreDurationMs ??= p.durationMs;
      return;
  }
}

/**
 * Gives the invocation that takes a stream's pending lines what they said of its start,
 * and learns it for the stream: a new environment, so what the old one was no longer holds.
 */
export function adoptInitFacts(
  inv: Invocation,
  pending: PendingInit,
  context: StreamContextTable,
  s: StreamState,
): void {
  if (pending.init) {
    inv.coldStart = true;
    context.resetStream(s.group, s.name);
    context.learnStream(s.group, s.name, {
      runtimeVersion: pending.runtimeVersion,
      region: pending.region,
      // An environment whose start showed no other kind (text INIT_START) was made on demand.
      initializationType: pending.initializationType ?? 'on-demand',
    });
  }
  inv.runtimeVersion ??= pending.runtimeVersion;
  inv.region ??= pending.region;
  inv.functionName ??= pending.functionName;
  inv.initDurationMs ??= pending.initDurationMs;
  inv.restoreDurationMs ??= pending.restoreDurationMs;
}

/**
 * An init run inside a request's invoke phase (a suppressed init tried again): the
 * environment was made for that request, so it is a cold start, and the init's duration is
 * its Init Duration unless its REPORT gives one.
 */
export function noteInvokeInit(inv: Invocation, p: InitReportLine): void {
  inv.coldStart = true;
  inv.initDurationMs ??= p.durationMs;
}
