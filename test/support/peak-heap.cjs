/**
 * Loaded before the CLI (`node --expose-gc --require peak-heap.cjs`) by tests that bound
 * memory: collects garbage every 200 ms and writes the largest heap still in use after a
 * collection to the file PEAK_HEAP_FILE names. What is live, not RSS, which follows how
 * lazily V8 collects as much as what the program keeps.
 */
const { writeFileSync } = require('node:fs');

let peak = 0;
const measure = () => {
  globalThis.gc();
  const used = process.memoryUsage().heapUsed;
  if (used > peak) peak = used;
};
setInterval(measure, 200).unref();
process.on('exit', () => writeFileSync(process.env.PEAK_HEAP_FILE, String(peak)));
