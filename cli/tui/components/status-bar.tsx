import { Box, Text } from 'ink';
import { formatAge, formatRate, formatTotalUsd, formatWholeMs } from '../format.ts';
import type { TailSnapshot } from '../types.ts';
import { useGlyphs } from './theme.ts';

export interface StatusBarProps {
  snapshot: TailSnapshot;
  shown: number;
  failed: number;
  paused: boolean;
  /** Invocations that arrived while paused. */
  pendingWhilePaused: number;
}

/** Input problems first (they need acting on), then completeness (rate, lag, throttling, sampling), counts, money. */
export function StatusBar({ snapshot, shown, failed, paused, pendingWhilePaused }: StatusBarProps) {
  const { separator: sep } = useGlyphs();
  const { stats, source } = snapshot;
  const { problems } = source;
  const costs = stats.costByFunction
    .slice(0, 3)
    .map((c) => `${c.functionName} ${formatTotalUsd(c.usd)}`)
    .join('  ');
  const state = source.failure
    ? `input failed: ${source.failure}`
    : source.ended
      ? 'input ended'
      : source.label;
  const unpriced = stats.completed - stats.priced;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {problems.errors + problems.warnings > 0 ? (
          <Text color={problems.errors > 0 ? 'red' : 'yellow'} bold>
            ! input: {problems.errors} unreadable, {problems.warnings} warnings
            {problems.latest ? ` (${problems.latest})` : ''} {sep}{' '}
          </Text>
        ) : null}
        {source.messages.count > 0 ? (
          <Text color="yellow">
            {source.messages.count} message{source.messages.count === 1 ? '' : 's'} ({source.messages.latest}){' '}
            {sep}{' '}
          </Text>
        ) : null}
        <Text bold>{formatRate(stats.eventsPerSecond)}</Text> ev/s {sep} {stats.events} events {sep} lag{' '}
        {formatAge(source.lagMs)} {sep}{' '}
        {source.throttled ? <Text color="yellow">throttled</Text> : 'not throttled'} {sep}{' '}
        {source.sampled ? <Text color="yellow">sampled</Text> : 'not sampled'} {sep}{' '}
        {Math.max(source.logGroups, stats.logGroups)} groups
        {source.intervalMs === null ? '' : ` ${sep} poll ${formatWholeMs(source.intervalMs)}`} {sep}{' '}
        <Text color={source.failure ? 'red' : undefined}>{state}</Text>
      </Text>
      <Text wrap="truncate-end">
        {paused ? (
          <Text color="yellow" bold>
            PAUSED (+{pendingWhilePaused} new) {sep}{' '}
          </Text>
        ) : null}
        shown {shown} of {stats.held} {sep} dropped{' '}
        <Text color={stats.dropped > 0 ? 'yellow' : undefined}>{stats.dropped}</Text>
        {stats.pinnedBeyond > 0 ? ` (${stats.pinnedBeyond} pinned kept)` : ''} {sep} {stats.invocations}{' '}
        invocations {sep} <Text color={failed > 0 ? 'red' : undefined}>{failed} failed</Text> {sep} priced{' '}
        <Text color={unpriced > 0 ? 'yellow' : undefined}>
          {stats.priced} of {stats.completed}
        </Text>{' '}
        {sep} cost {costs || '-'}
      </Text>
    </Box>
  );
}
