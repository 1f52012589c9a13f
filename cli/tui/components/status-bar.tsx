import { Box, Text } from 'ink';
import { formatMs, formatRate, formatUsd } from '../format.ts';
import type { TailSnapshot } from '../types.ts';

export interface StatusBarProps {
  snapshot: TailSnapshot;
  shown: number;
  paused: boolean;
  /** Invocations that arrived while paused. */
  pendingWhilePaused: number;
}

/** Completeness first (rate, lag, throttling, sampling), then counts, then money. */
export function StatusBar({ snapshot, shown, paused, pendingWhilePaused }: StatusBarProps) {
  const { stats, source } = snapshot;
  const costs = stats.costByFunction
    .slice(0, 4)
    .map((c) => `${c.functionName} ${formatUsd(c.usd)}`)
    .join('  ');
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{formatRate(stats.eventsPerSecond)}</Text> ev/s · {stats.events} events · lag{' '}
        {source.lagMs === null ? '-' : formatMs(source.lagMs)} ·{' '}
        {source.throttled ? <Text color="yellow">throttled</Text> : 'not throttled'} ·{' '}
        {source.sampled ? <Text color="yellow">sampled</Text> : 'not sampled'} ·{' '}
        {Math.max(source.logGroups, stats.logGroups)} groups
        {source.intervalMs === null ? '' : ` · poll ${formatMs(source.intervalMs)}`} ·{' '}
        {source.ended ? 'input ended' : source.label}
      </Text>
      <Text wrap="truncate-end">
        {paused ? (
          <Text color="yellow" bold>
            PAUSED (+{pendingWhilePaused} new) ·{' '}
          </Text>
        ) : null}
        shown {shown} of {snapshot.rows.length} · dropped{' '}
        <Text color={stats.dropped > 0 ? 'yellow' : undefined}>{stats.dropped}</Text> · {stats.invocations}{' '}
        invocations · cost {costs || '-'}
      </Text>
    </Box>
  );
}
