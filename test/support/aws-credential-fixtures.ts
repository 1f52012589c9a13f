/**
 * What the tests of the credentials a run resolves set up: AWS config files in a folder of
 * their own, a credential_process script, and local endpoints, among them one that answers
 * every request with an error quoting the session token it was signed with (as a proxy or a
 * verbose error may), so a test sees which token was sent and that it is never printed.
 */
import { once } from 'node:events';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type OutgoingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A local HTTP server on a free port. */
export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

export async function listenLocally(handler: RequestListener): Promise<LocalServer> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export type TokenEchoServer = LocalServer & { tokensSeen: string[] };

/**
 * A server that answers every request with `status` and a JSON message quoting the session
 * token the request was signed with; `tokensSeen` holds those tokens in order.
 */
export async function tokenEchoServer(
  status: number,
  headers: OutgoingHttpHeaders = {},
): Promise<TokenEchoServer> {
  const tokensSeen: string[] = [];
  const server = await listenLocally((req, res) => {
    const token = String(req.headers['x-amz-security-token'] ?? '');
    tokensSeen.push(token);
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ message: `request signed with session token ${token}` }));
  });
  return { ...server, tokensSeen };
}

/** An executable shell script `name` in `dir` running `body`; its path. */
export function writeScript(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** What a credential_process prints, in the form the AWS SDK reads. */
export interface ProcessCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
}

/**
 * A new folder (named after `prefix`) with an AWS config file of `lines`, given the path of a
 * credential_process there that prints `credentials`; no credentials file. The config file's
 * path, and the environment that points the CLI at both files.
 */
export function profileFiles(
  prefix: string,
  credentials: ProcessCredentials,
  lines: (credentialProcess: string) => string[],
): { config: string; files: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), `lambdalens-${prefix}-`));
  const script = writeScript(
    dir,
    'credential-process.sh',
    `echo '${JSON.stringify({ Version: 1, ...credentials })}'`,
  );
  const config = join(dir, 'config');
  writeFileSync(config, [...lines(script), ''].join('\n'));
  return {
    config,
    files: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') },
  };
}
