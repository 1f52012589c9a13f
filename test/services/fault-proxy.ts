/**
 * An HTTP proxy in front of Elasticsearch that tests drive to create the failures a real
 * cluster produces under load or outage: it can go down and come back on the same port,
 * hang connections, answer whole requests with a status (429, 413), and turn successful
 * bulk items into per-item 429s by rewriting the response. `intercept` answers requests
 * itself (a maintenance page, an echoed header, a body-size limit), and `rewriteItems`
 * rewrites bulk items knowing the document each one was for.
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
  /** Answers requests itself while the function returns an answer; null lets one through. */
  intercept(fn: Interceptor | null): void;
  /** Rewrites bulk items that reached the server; `source` is the document line each item was for. */
  rewriteItems(fn: ItemRewriter | null): void;
  readonly stats: { requests: number; hung: number; failed: number; rewrittenItems: number };
  close(): Promise<void>;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface CannedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (until `release()`), like a hung server. */
  hang?: boolean;
}

export type Interceptor = (req: ProxiedRequest) => CannedAnswer | null;
export type ItemRewriter = (item: { status: number; error?: unknown }, source: string) => void;

export async function startFaultProxy(target: string, port = 0): Promise<FaultProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const held: ServerResponse[] = [];
  let hangBudget = 0;
  let failure: { status: number; count: number; prefix: string; headers: Record<string, string> } | null =
    null;
  let item429 = 0;
  let interceptor: Interceptor | null = null;
  let itemRewriter: ItemRewriter | null = null;
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
    if (interceptor || itemRewriter) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => forward(req, res, path, Buffer.concat(chunks)));
      return;
    }
    forward(req, res, path, null);
  };

  /** Sends the request on (its body already read, or still to pipe), rewriting bulk items when asked. */
  const forward = (req: IncomingMessage, res: ServerResponse, path: string, body: Buffer | null) => {
    if (body && interceptor) {
      const canned = interceptor({ method: req.method ?? 'GET', path, headers: req.headers, body });
      if (canned?.hang) {
        stats.hung++;
        held.push(res);
        return;
      }
      if (canned) {
        stats.failed++;
        res.writeHead(canned.status, canned.headers ?? {});
        res.end(canned.body ?? '');
        return;
      }
    }
    const isBulk = req.method === 'POST' && path.startsWith('/_bulk');
    const rewrite = isBulk && (item429 > 0 || (itemRewriter !== null && body !== null));
    const sources =
      rewrite && body
        ? body
            .toString('utf8')
            .split('\n')
            .filter((_, i) => i % 2 === 1)
        : [];
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
            (body.items ?? []).forEach((entry, i) => {
              const item = Object.values(entry)[0];
              if (item && itemRewriter) {
                itemRewriter(item, sources[i] ?? '');
                if (item.status >= 300) body.errors = true;
              }
              if (item && item.status < 300 && item429 > 0) {
                item429--;
                stats.rewrittenItems++;
                item.status = 429;
                item.error = { type: 'es_rejected_execution_exception', reason: 'injected by fault proxy' };
                body.errors = true;
              }
            });
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
    if (body) out.end(body);
    else req.pipe(out);
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
    intercept(fn) {
      interceptor = fn;
    },
    rewriteItems(fn) {
      itemRewriter = fn;
    },
    close: stop,
  };
}
