/**
 * What the AWS cost sources share: the pricing configuration of discovered functions
 * (discovery fills only what the --config file and --arch leave open), the log groups to
 * read and which function each belongs to, and the UTC-day windows of a time range.
 */
import type { DiscoveredFunction } from '../../collectors/lambda/discovery.ts';
import type { Architecture, FunctionConfig } from '../../collectors/model.ts';
import type { FunctionConfigs } from '../context.ts';

const DAY_MS = 86_400_000;

/**
 * Merges discovered configuration under the file configs. Discovery always knows the
 * architecture, so when `--arch` is given discovery's is dropped: otherwise the flag could
 * never win, because resolveContext prefers a config's architecture to the flag.
 */
export function mergeDiscoveredConfigs(
  discovered: readonly DiscoveredFunction[],
  fileConfigs: FunctionConfigs,
  flagArchitecture: Architecture | undefined,
): Map<string, FunctionConfig> {
  const out = new Map<string, FunctionConfig>(fileConfigs);
  for (const fn of discovered) {
    const file = fileConfigs.get(fn.functionName);
    const merged: FunctionConfig = {
      ...stripUndefined(fn),
      ...stripUndefined(file ?? {}),
      functionName: fn.functionName,
    };
    merged.architecture = file?.architecture ?? (flagArchitecture ? undefined : fn.architecture);
    out.set(fn.functionName, merged);
  }
  return out;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Log group → the functions that write to it (several when a custom group is shared). */
export function functionsByLogGroup(
  functions: readonly DiscoveredFunction[],
): Map<string, DiscoveredFunction[]> {
  const out = new Map<string, DiscoveredFunction[]>();
  for (const fn of functions) {
    const list = out.get(fn.logGroup) ?? [];
    list.push(fn);
    out.set(fn.logGroup, list);
  }
  return out;
}

export interface TimeWindow {
  /** Inclusive, epoch ms. */
  startMs: number;
  /** Exclusive, epoch ms. */
  endMs: number;
}

/**
 * Splits [startMs, endMs) at UTC midnights. One day per query keeps a stats result far
 * below Insights' 10,000-row cap, and makes the window itself the row's day.
 */
export function dayWindows(startMs: number, endMs: number): TimeWindow[] {
  const windows: TimeWindow[] = [];
  let start = startMs;
  while (start < endMs) {
    const nextMidnight = Math.floor(start / DAY_MS) * DAY_MS + DAY_MS;
    const end = Math.min(nextMidnight, endMs);
    windows.push({ startMs: start, endMs: end });
    start = end;
  }
  return windows;
}

/** Splits a list into chunks of at most `size` (Insights takes 50 log groups per query). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
