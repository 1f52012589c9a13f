/**
 * Logs Insights results and log-event tables as the console copies and downloads them:
 * pipe tables and CSV, read a line at a time, their rows put back in time order.
 */
import type { LogEvent } from '../model.ts';
import { lineBatches } from './byte-lines.ts';
import { CsvTableReader } from './csv-table.ts';
import type { RowContext } from './insights-rows.ts';
import { PipeTableReader } from './pipe-table.ts';
import { ROW_WINDOW, RowOrder } from './row-order.ts';
import type { SourceContext } from './source-context.ts';
import { badUtf8Warning, longLineWarning, nulLineWarning } from './text-input.ts';

export async function* readRows(
  all: AsyncIterable<Buffer>,
  kind: 'table' | 'csv',
  src: SourceContext,
): AsyncGenerator<LogEvent[]> {
  src.summary.format = kind === 'table' ? 'insights-table' : 'csv';
  const functionName = src.shape.functionName;
  const ctx: RowContext = { functionName };
  let out: LogEvent[] = [];
  // Lines outside the table (a title, notes) are kept as lines, in their place.
  const onText = (line: string, _n: number) =>
    out.push({
      timestamp: Number.NaN,
      message: line,
      functionName: ctx.logGroup ? undefined : functionName,
      logGroup: ctx.logGroup,
    });
  const warn = (message: string) => src.warn(message);
  const reader =
    kind === 'table' ? new PipeTableReader(ctx, warn, onText) : new CsvTableReader(ctx, warn, onText);
  const order = new RowOrder();
  const rows: LogEvent[] = [];
  let n = 0;
  const take = (): LogEvent[] => {
    for (const row of rows) for (const e of order.push(row)) out.push(e);
    rows.length = 0;
    const batch = out;
    out = [];
    return batch;
  };
  for await (const lines of lineBatches(
    all,
    longLineWarning(src),
    nulLineWarning(src),
    badUtf8Warning(src),
  )) {
    for (const line of lines) reader.push(line, ++n, rows);
    yield take();
  }
  reader.end(rows);
  const last = take();
  for (const e of order.drain()) last.push(e);
  yield last;
  if (order.outOfOrder > 0) {
    src.warn(
      `${order.outOfOrder} rows were past the ${ROW_WINDOW}-row window of rows put back in time order`,
    );
  }
}
