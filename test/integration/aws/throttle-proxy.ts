/**
 * A real HTTP proxy in front of moto that answers some calls with CloudWatch's
 * ThrottlingException (moto never throttles). It records the arrival time and target of
 * every call, throttled or not, so the test measures the rate on the wire.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyCall {
  at: number;
  target: string;
  throttled: boolean;
}

export interface ThrottleProxy {
  url: string;
  calls: ProxyCall[];
  /** Decides per call (0-based index among calls) whether to throttle it. */
  setPolicy(policy: (index: number, target: string) => boolean): void;
  close(): Promise<void>;
}

export async function startThrottleProxy(upstream: string): Promise<ThrottleProxy> {
  const up = new URL(upstream);
  const calls: ProxyCall[] = [];
  let policy: (index: number, target: string) => boolean = () => false;
  const server: Server = createServer((req, res) => {
    const target = String(req.headers['x-amz-target'] ?? req.url ?? '');
    const index = calls.length;
    const throttled = policy(index, target);
    calls.push({ at: Date.now(), target, throttled });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (throttled) {
        const body = JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' });
        res.writeHead(400, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': `throttle-${index}`,
        });
        res.end(body);
        return;
      }
      const fwd = request(
        { host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        },
      );
      fwd.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      fwd.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    setPolicy(p) {
      policy = p;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Largest number of calls whose arrival times fall within any window of `windowMs`. */
export function maxCallsInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
