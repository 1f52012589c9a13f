/**
 * Loaded before the CLI (`node --expose-gc --require peak-heap.cjs`) by tests that bound
 * memory: collects garbage every 200 ms and writes the largest heap still in use after a
 * collection to the file PEAK_HEAP_FILE names. What is live, not RSS, which follows how
 * lazily V8 collects as much as what the program keeps.
 *
 * Worker threads load it too (they take the process's `--require`), each measuring its own
 * heap into PEAK_HEAP_FILE.thread-<id>, written as it grows: a thread the main one ends is
 * given no `exit` event to write it at.
 */
const { writeFileSync } = require('node:fs');
const { isMainThread, threadId } = require('node:worker_threads');

let peak = 0;
const file = isMainThread ? process.env.PEAK_HEAP_FILE : `${process.env.PEAK_HEAP_FILE}.thread-${threadId}`;
const measure = () => {
  globalThis.gc();
  const used = process.memoryUsage().heapUsed;
  if (used <= peak) return;
  peak = used;
  if (!isMainThread) writeFileSync(file, String(peak));
};
setInterval(measure, 200).unref();
if (isMainThread) process.on('exit', () => writeFileSync(file, String(peak)));
