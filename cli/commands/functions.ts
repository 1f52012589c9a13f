/**
 * `lambdalens functions`: the functions a selection resolves to, with the configuration
 * pricing and the log readers rely on (memory, architecture, storage, log group…).
 */
import type { Command } from 'commander';
import type { DiscoveredFunction } from '../../collectors/lambda/discovery.ts';
import { type AwsFlagValues, addAwsFlags, awsSessionOptions, parseTags } from '../flags/aws.ts';
import { addOutputFlag } from '../flags/output.ts';
import { parseFunctionList, repeatable } from '../flags/source.ts';

const COLUMNS: [string, (f: DiscoveredFunction) => string][] = [
  ['FUNCTION', (f) => f.functionName],
  ['RUNTIME', (f) => f.runtime ?? '-'],
  ['ARCH', (f) => f.architecture ?? '-'],
  ['MEMORY', (f) => (f.memorySizeMB === undefined ? '-' : `${f.memorySizeMB} MB`)],
  ['TMP', (f) => (f.ephemeralStorageMB === undefined ? '-' : `${f.ephemeralStorageMB} MB`)],
  ['TIMEOUT', (f) => (f.timeoutSeconds === undefined ? '-' : `${f.timeoutSeconds} s`)],
  ['TRACING', (f) => f.tracingMode ?? '-'],
  ['LOGS', (f) => f.logFormat ?? '-'],
  ['LOG GROUP', (f) => f.logGroup],
  ['REGION', (f) => f.region ?? '-'],
  ['ACCOUNT', (f) => f.accountId ?? '-'],
];

/** A plain aligned table; shared log groups are visible because each row names its group. */
export function formatFunctionsTable(functions: DiscoveredFunction[]): string {
  const rows = [COLUMNS.map(([h]) => h), ...functions.map((f) => COLUMNS.map(([, get]) => get(f)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return `${rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

interface FunctionsFlags extends AwsFlagValues {
  prefix?: string[];
  tag?: string[];
  all?: boolean;
  output: 'text' | 'json';
}

export function registerFunctionsCommand(program: Command): void {
  const cmd = program
    .command('functions')
    .description('list Lambda functions with memory, architecture, storage, timeout, tracing and log group')
    .argument('[names...]', 'function names (name* selects by prefix); none lists every function')
    .option('--prefix <prefix>', 'select functions whose name starts with this (repeatable)', repeatable)
    .option(
      '--tag <key=value>',
      'select functions carrying this tag (repeatable, all must match)',
      repeatable,
    )
    .option('--all', 'every function in the Region');
  addOutputFlag(cmd, ['text', 'json'] as const, 'text');
  addAwsFlags(cmd).action(async (names: string[], flags: FunctionsFlags) => {
    const opts = { ...flags, prefix: flags.prefix ?? [], tag: flags.tag ?? [] };
    const byName = names.length > 0 ? parseFunctionList(names, '') : { names: [], prefixes: [] };
    const tags = parseTags(opts.tag);
    const selector = {
      names: byName.names ?? [],
      prefixes: [...(byName.prefixes ?? []), ...opts.prefix],
      tags,
      all:
        opts.all === true || byName.all === true || (names.length === 0 && opts.prefix.length === 0 && !tags),
    };
    // The AWS SDK is loaded only when the command runs, not for --help.
    const [{ createAwsSession }, { createFunctionDiscovery }] = await Promise.all([
      import('../../collectors/aws/session.ts'),
      import('../../collectors/lambda/discovery.ts'),
    ]);
    const session = createAwsSession(awsSessionOptions(opts));
    const discovery = createFunctionDiscovery({
      client: session.lambda,
      ctx: session.ctx,
      region: session.region,
    });
    const functions = await discovery.discover(selector);
    process.stdout.write(
      opts.output === 'json' ? `${JSON.stringify(functions, null, 2)}\n` : formatFunctionsTable(functions),
    );
  });
}
