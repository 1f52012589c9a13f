/**
 * Which form `cost` writes its report in. `-o` says it; without `-o`, a report written to a
 * file (`--out report.html`) takes the form its name says, which is what someone who named
 * it meant — the text table in a file called .html opens as a page of nothing. An `-o` the
 * name contradicts is still obeyed (it was asked for), but said, since the file will not
 * open as its name promises.
 */
import { extname } from 'node:path';

export const COST_FORMATS = ['table', 'json', 'csv', 'md', 'html'] as const;
export type CostFormat = (typeof COST_FORMATS)[number];

/** What `--out`'s extension stands for, as the help and the README say. */
const BY_EXTENSION: Record<string, CostFormat> = {
  '.html': 'html',
  '.htm': 'html',
  '.json': 'json',
  '.csv': 'csv',
  '.md': 'md',
  '.markdown': 'md',
  '.txt': 'table',
};

/** Said in `--help`: how the format is chosen when `-o` is not given. */
export const FORMAT_DEFAULT =
  "table, or what --out's extension names: .html/.htm, .json, .csv, .md/.markdown";

/**
 * The form a file named `path` is read as: its extension's (case aside), or null for a name
 * that says none (no extension, or one of no report form: `.log`, `.out`), which holds text.
 */
export function formatOfName(path: string): CostFormat | null {
  return BY_EXTENSION[extname(path).toLowerCase()] ?? null;
}

/** The format to write: `-o`, else `--out`'s extension, else the table; `warn` hears of a contradiction. */
export function chooseCostFormat(
  output: CostFormat | undefined,
  out: string | undefined,
  warn: (message: string) => void,
): CostFormat {
  const named = out === undefined ? null : formatOfName(out);
  if (output === undefined) return named ?? 'table';
  if (named !== null && named !== output) {
    warn(
      `--out ${out} is named as ${named === 'table' ? 'text' : named}, but -o asks for ${output}: writing ${output} (drop -o to write what the name says)`,
    );
  }
  return output;
}
