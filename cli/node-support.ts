/**
 * The AWS SDK warns, once per process, that Node versions below 22 lose its support after
 * January 2027: nine lines through `process.emitWarning`, on every AWS command. This keeps
 * the news and drops the noise: one line, in lambdalens' own voice. Setting
 * `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true` still silences it (the SDK then
 * emits nothing).
 */

const SDK_WARNING = 'NodeVersionSupportWarning';

/** Replaces the SDK's Node support warning with one line on `err`; other warnings pass untouched. */
export function shortenNodeSupportWarning(err: NodeJS.WritableStream = process.stderr): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  let shown = false;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (!text.startsWith(SDK_WARNING)) return emitWarning(warning, ...rest);
    if (shown) return;
    shown = true;
    const needs = /node >=(\d+)/.exec(text)?.[1] ?? '22';
    err.write(
      `lambdalens: note: the AWS SDK supports Node ${process.versions.node.split('.')[0]} only until January 2027; ` +
        `use Node ${needs} or later (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true hides this note)\n`,
    );
  }) as typeof process.emitWarning;
}
