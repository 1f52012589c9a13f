import { describe, expect, it } from 'vitest';
import { runInsightsQuery } from '../../../collectors/cloudwatch-logs/insights.ts';
import { createGroup, logsClient, putEvents, testContext, uniqueName } from './helpers.ts';

// moto runs queries synchronously and understands only fields/sort/limit: no filter or
// stats semantics are asserted here, only the runner's protocol and row shape.
describe('Logs Insights runner (moto)', () => {
  it('starts a query, polls it to completion, reports progress and returns rows', async () => {
    const client = logsClient();
    const group = uniqueName('/aws/lambda/insights');
    await createGroup(client, group, ['s']);
    const t = Date.now() - 60_000;
    await putEvents(
      client,
      group,
      's',
      [0, 1, 2, 3, 4].map((i) => ({ timestamp: t + i * 1000, message: `REPORT line ${i}` })),
    );
    const progress: string[] = [];
    const rows = await runInsightsQuery(client, testContext(), {
      logGroups: [group],
      queryString: 'fields @timestamp, @message | sort @timestamp asc | limit 3',
      startTime: t - 1000,
      endTime: t + 10_000,
      pollIntervalMs: 50,
      onProgress: (p) => progress.push(p.status),
    });
    expect(rows.map((r) => r['@message'])).toEqual(['REPORT line 0', 'REPORT line 1', 'REPORT line 2']);
    expect(progress.at(-1)).toBe('Complete');
  });
  it('rejects a query without log groups', async () => {
    await expect(
      runInsightsQuery(logsClient(), testContext(), {
        logGroups: [],
        queryString: 'fields @message',
        startTime: 0,
        endTime: 1,
      }),
    ).rejects.toThrow('Logs Insights: between 1 and 50 log groups, got 0');
  });
});
