/**
 * What the engine-question tests of every command that talks to a cluster share: the retry
 * line a refused try prints, a port nothing listens on, and a cluster that takes connections
 * and never answers.
 */
import { createServer, type Server, type Socket } from 'node:net';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The retry line of one try of the question to `url` refused for want of a listener. */
export const refusedRetry = (url: string, attempt: number) =>
  new RegExp(
    `^lambdalens: asking ${escaped(url)} again which engine it runs in \\d+\\.\\d s \\(attempt ${attempt} of 8\\): connection failed: connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+ \\(nothing listens at that address and port\\)$`,
  );

/** A port on which nothing listens: one a server had a moment ago. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A cluster that hangs: it accepts every connection and reads what comes, never answering. */
export interface SilentCluster {
  url: string;
  /** Resolves when the next engine question (`GET /`) has arrived. */
  nextQuestion(): Promise<void>;
  close(): Promise<void>;
}

export async function startSilentCluster(): Promise<SilentCluster> {
  const sockets = new Set<Socket>();
  let sawQuestion = () => {};
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (d: Buffer) => {
      if (d.toString('latin1').startsWith('GET / ')) sawQuestion();
    });
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    nextQuestion: () =>
      new Promise<void>((resolve) => {
        sawQuestion = resolve;
      }),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
