/** The kernel: what every layer may use. Named exports only. */
export { type BackoffPolicy, backoffDelay } from './backoff.ts';
export { cacheDir } from './cache-dir.ts';
export {
  cellWidth,
  glyphsOf,
  padEndCells,
  padStartCells,
  sliceCells,
  takeCells,
} from './cell-width.ts';
export { type Clock, systemClock } from './clock.ts';
export { SHOWN_CONTROL, showControls, showControlsInLine } from './control-chars.ts';
export { cutString } from './cut-string.ts';
export {
  ConfigError,
  isRetryable,
  LambdalensError,
  type LambdalensErrorOptions,
  settingError,
  UsageError,
} from './errors.ts';
export { fileOpenProblem, fileReadProblem } from './file-problem.ts';
export { type JsonText, jsonText } from './json-text.ts';
export { jsonLogger, type LogFields, type Logger, silentLogger } from './logger.ts';
export { ownCopy } from './own-copy.ts';
export { type Random, systemRandom } from './random.ts';
export { readerGone } from './reader-gone.ts';
export { isAbortError, type Sleep, sleep } from './sleep.ts';
export {
  copyFileTo,
  createStreamWriter,
  MAX_UTF8_PER_UNIT,
  type StreamWriter,
  type StreamWriterOptions,
  utf8Over,
} from './stream-writer.ts';
export { untilAborted } from './until-aborted.ts';
