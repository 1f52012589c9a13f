/**
 * An HTTP proxy in front of Elasticsearch that tests drive to create the failures a real
 * cluster produces under load or outage: it can go down and come back on the same port,
 * hang connections, answer whole requests with a status (429, 413), and turn successful
 * bulk items into per-item 429s by rewriting the response.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FaultProxy {
  url: string;
  /** Stops accepting and cuts every open connection (Elasticsearch "down"). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Requests received from now on are held open and never answered until `release()`. */
  hang(count?: number): void;
  release(): void;
  /** The next `count` requests to `pathPrefix` are answered with `status` without reaching ES. */
  failRequests(status: number, count: number, pathPrefix?: string, headers?: Record<string, string>): void;
  /** The next `count` successful bulk items are reported back as per-item 429s. */
  inject429Items(count: number): void;
  readonly stats: { requests: number; hung: number; failed: number; rewrittenItems: number };
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, port = 0): Promise<FaultProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const held: ServerResponse[] = [];
  let hangBudget = 0;
  let failure: { status: number; count: number; prefix: string; headers: Record<string, string> } | null =
    null;
  let item429 = 0;
  const stats = { requests: 0, hung: 0, failed: 0, rewrittenItems: 0 };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    if (hangBudget > 0) {
      hangBudget--;
      stats.hung++;
      req.resume();
      held.push(res);
      return;
    }
    const path = req.url ?? '/';
    if (failure && failure.count > 0 && path.startsWith(failure.prefix)) {
      failure.count--;
      stats.failed++;
      req.resume();
      const body = JSON.stringify({
        error: { type: 'injected', reason: `fault proxy answered ${failure.status}` },
        status: failure.status,
      });
      res.writeHead(failure.status, {
        'content-type': 'application/json',
        'x-elastic-product': 'Elasticsearch',
        ...failure.headers,
      });
      res.end(body);
      return;
    }
    const rewrite = item429 > 0 && req.method === 'POST' && path.startsWith('/_bulk');
    const headers = { ...req.headers, host: upstream.host };
    if (rewrite) delete headers['accept-encoding'];
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers },
      (up) => {
        if (!rewrite) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          let text = Buffer.concat(chunks).toString('utf8');
          try {
            const body = JSON.parse(text) as {
              errors?: boolean;
              items?: Record<string, { status: number; error?: unknown }>[];
            };
            for (const entry of body.items ?? []) {
              const item = Object.values(entry)[0];
              if (item && item.status < 300 && item429 > 0) {
                item429--;
                stats.rewrittenItems++;
                item.status = 429;
                item.error = { type: 'es_rejected_execution_exception', reason: 'injected by fault proxy' };
                body.errors = true;
              }
            }
            text = JSON.stringify(body);
          } catch {
            // Not JSON: pass through unchanged.
          }
          const h = { ...up.headers, 'content-length': String(Buffer.byteLength(text)) };
          delete h['content-encoding'];
          delete h['transfer-encoding'];
          res.writeHead(up.statusCode ?? 502, h);
          res.end(text);
        });
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  };

  let server: Server = createServer(handler);
  const track = (s: Server) =>
    s.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  track(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const boundPort = (server.address() as AddressInfo).port;
  let listening = true;

  async function stop() {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    held.length = 0;
    await closed;
  }

  return {
    url: `http://127.0.0.1:${boundPort}`,
    stats,
    stop,
    async start() {
      if (listening) return;
      server = createServer(handler);
      track(server);
      await new Promise<void>((resolve) => server.listen(boundPort, '127.0.0.1', resolve));
      listening = true;
    },
    hang(count = Number.POSITIVE_INFINITY) {
      hangBudget = count;
    },
    release() {
      hangBudget = 0;
      for (const res of held.splice(0)) res.destroy();
    },
    failRequests(status, count, pathPrefix = '/', headers = {}) {
      failure = { status, count, prefix: pathPrefix, headers };
    },
    inject429Items(count) {
      item429 = count;
    },
    close: stop,
  };
}
