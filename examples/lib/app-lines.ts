/**
 * What the handler code of each example function writes: plausible application messages,
 * so the data set reads like a real month of logs rather than a pattern.
 */
import type { AppStyle } from './functions.ts';
import type { Rng } from './prng.ts';

export type AppLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** One application line; `untagged` lines carry no request ID (Python `print`, plain stdout). */
export interface AppLine {
  level: AppLevel;
  text: string;
  untagged: boolean;
}

/** The runtime's report of an exception that escaped the handler. */
export interface HandlerError {
  errorType: string;
  errorMessage: string;
  stack: string[];
}

const CUSTOMERS = ['c-1042', 'c-2291', 'c-3310', 'c-4077', 'c-5123', 'c-6802', 'c-7719', 'c-8840'];
const BUCKETS = ['media-uploads-prod', 'media-uploads-eu', 'catalog-images'];
const TABLES = ['orders', 'invoices', 'customers', 'shipments', 'refunds'];

function orderLines(rng: Rng): AppLine[] {
  const order = `ord_${rng.hex(10)}`;
  const lines: AppLine[] = [
    {
      level: 'INFO',
      text: `POST /orders customer=${rng.pick(CUSTOMERS)} items=${rng.int(1, 9)}`,
      untagged: false,
    },
    { level: 'DEBUG', text: `validated payload in ${rng.int(1, 9)} ms`, untagged: false },
  ];
  if (rng.chance(0.15)) {
    lines.push({
      level: 'WARN',
      text: `inventory cache miss for sku-${rng.int(1000, 9999)}`,
      untagged: false,
    });
  }
  if (rng.chance(0.05)) {
    lines.push({
      level: 'ERROR',
      text: `payment provider answered 503, retrying (attempt 1)`,
      untagged: false,
    });
  }
  lines.push({
    level: 'INFO',
    text: `created order ${order} total=${rng.int(5, 900)}.${rng.int(10, 99)} EUR`,
    untagged: false,
  });
  return lines;
}

function paymentLines(rng: Rng): AppLine[] {
  const event = `evt_${rng.hex(24)}`;
  const lines: AppLine[] = [
    { level: 'INFO', text: `Received webhook ${event} type=payment_intent.succeeded`, untagged: false },
    { level: 'INFO', text: `Signature verified for ${event}`, untagged: false },
  ];
  if (rng.chance(0.2)) {
    lines.push({ level: 'DEBUG', text: `Idempotency key ${rng.hex(16)} not seen before`, untagged: false });
  }
  lines.push({
    level: 'INFO',
    text: `Updated ${rng.pick(TABLES)} row in ${rng.int(3, 60)} ms`,
    untagged: false,
  });
  return lines;
}

function notifierLines(rng: Rng): AppLine[] {
  const channel = rng.pick(['email', 'sms', 'push']);
  const lines: AppLine[] = [
    {
      level: 'INFO',
      text: `dequeued ${rng.int(1, 10)} messages from notifications-${channel}`,
      untagged: false,
    },
  ];
  if (rng.chance(0.1))
    lines.push({
      level: 'WARN',
      text: `template ${channel}-v${rng.int(2, 7)} is deprecated`,
      untagged: false,
    });
  lines.push({
    level: 'INFO',
    text: `sent ${channel} notification to ${rng.pick(CUSTOMERS)}`,
    untagged: false,
  });
  return lines;
}

function resizerLines(rng: Rng): AppLine[] {
  const key = `uploads/${rng.hex(8)}/${rng.hex(12)}.jpg`;
  const w = rng.int(800, 6000);
  const h = rng.int(600, 4000);
  const lines: AppLine[] = [
    { level: 'INFO', text: `Fetching s3://${rng.pick(BUCKETS)}/${key}`, untagged: false },
    { level: 'INFO', text: `source ${w}x${h} ${rng.int(200, 9000)} KiB`, untagged: true },
  ];
  for (const size of [1280, 640, 160]) {
    if (rng.chance(0.8)) lines.push({ level: 'INFO', text: `wrote ${size}w variant`, untagged: false });
  }
  if (rng.chance(0.1))
    lines.push({ level: 'WARN', text: 'EXIF orientation tag missing, assuming 1', untagged: false });
  lines.push({ level: 'INFO', text: `done in ${rng.int(100, 4000)} ms`, untagged: true });
  return lines;
}

function etlLines(rng: Rng): AppLine[] {
  const table = rng.pick(TABLES);
  const batches = rng.int(2, 8);
  const lines: AppLine[] = [
    { level: 'INFO', text: `starting export of ${table} partition ${rng.int(1, 64)}`, untagged: false },
  ];
  for (let i = 1; i <= batches; i++) {
    lines.push({ level: 'INFO', text: `batch ${i}/${batches}: ${rng.int(500, 20000)} rows`, untagged: true });
  }
  lines.push({ level: 'INFO', text: `uploaded ${table}.parquet (${rng.int(1, 900)} MB)`, untagged: false });
  return lines;
}

function reportLines(rng: Rng): AppLine[] {
  const report = `rpt-${rng.hex(8)}`;
  const lines: AppLine[] = [
    { level: 'INFO', text: `building ${report} for ${rng.pick(CUSTOMERS)}`, untagged: false },
    { level: 'INFO', text: `query returned ${rng.int(10, 90000)} rows`, untagged: false },
    { level: 'INFO', text: `rendering page ${rng.int(1, 40)} of ${rng.int(40, 80)}`, untagged: true },
  ];
  if (rng.chance(0.15))
    lines.push({ level: 'WARN', text: 'font cache cold, loading from layer', untagged: false });
  lines.push({ level: 'INFO', text: `stored ${report}.pdf`, untagged: false });
  return lines;
}

/** The lines one request of the given function writes. */
export function appLinesFor(functionName: string, rng: Rng): AppLine[] {
  switch (functionName) {
    case 'orders-api':
      return orderLines(rng);
    case 'payments-webhook':
      return paymentLines(rng);
    case 'notifier':
      return notifierLines(rng);
    case 'image-resizer':
      return resizerLines(rng);
    case 'etl-nightly':
      return etlLines(rng);
    default:
      return reportLines(rng);
  }
}

/** Lines written while the module loads, before the first request (no request ID yet). */
export function initLinesFor(style: AppStyle, rng: Rng): AppLine[] {
  if (style === 'python')
    return [{ level: 'INFO', text: `loaded settings from SSM in ${rng.int(20, 300)} ms`, untagged: true }];
  if (style === 'node') return [{ level: 'INFO', text: 'connecting to DynamoDB', untagged: false }];
  return [];
}

export function handlerErrorFor(style: AppStyle, rng: Rng): HandlerError {
  if (style === 'python') {
    const key = rng.pick(['bucket', 'customer_id', 'report_id']);
    return {
      errorType: 'KeyError',
      errorMessage: `'${key}'`,
      stack: [
        `  File "/var/task/app.py", line ${rng.int(20, 180)}, in handler\n    value = event["${key}"]\n`,
      ],
    };
  }
  const field = rng.pick(['customerId', 'items', 'channel']);
  return {
    errorType: 'TypeError',
    errorMessage: `Cannot read properties of undefined (reading '${field}')`,
    stack: [
      `TypeError: Cannot read properties of undefined (reading '${field}')`,
      `    at Runtime.handler (file:///var/task/index.mjs:${rng.int(10, 90)}:${rng.int(5, 40)})`,
    ],
  };
}
