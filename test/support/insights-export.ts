/**
 * A Logs Insights export of the example's orders-api REPORT rows, as the console's CSV: the
 * copies of lines the function's `filter-log-events` export holds whole, with the group and
 * account (`@log`) that export does not name. Beside that export it is read the same in
 * either order by every command.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const INSIGHTS_ACCOUNT = '123456789012';
export const INSIGHTS_GROUP = '/aws/lambda/orders-api';

/** Writes `orders-api-insights.csv` into `dir` from the `orders` export: its REPORT rows. */
export function writeInsightsExport(orders: string, dir: string): string {
  const events = (
    JSON.parse(readFileSync(orders, 'utf8')) as {
      events: { timestamp: number; message: string; logStreamName: string }[];
    }
  ).events;
  const rows = events
    .filter((e) => e.message.startsWith('REPORT '))
    .map((e) => {
      const time = new Date(e.timestamp).toISOString().replace('T', ' ').replace('Z', '');
      return [time, e.message, e.logStreamName, `${INSIGHTS_ACCOUNT}:${INSIGHTS_GROUP}`]
        .map((v) => `"${v.replaceAll('"', '""')}"`)
        .join(',');
    });
  const path = join(dir, 'orders-api-insights.csv');
  writeFileSync(path, `@timestamp,@message,@logStream,@log\n${rows.join('\n')}\n`);
  return path;
}
