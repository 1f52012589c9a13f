/**
 * Every command that connects to a cluster (`es setup`, `cost --source elasticsearch`,
 * `ship`), with every way of giving credentials, against a proxy that answers `502
 * text/html` with a page quoting the request's Authorization header, raw and decoded: the
 * page is quoted in the error, the credentials in none of their forms.
 *
 * The proxy is a local HTTP server: a real cluster never echoes credentials.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync as runCli } from '../support/cli.ts';

const ETL = join(
  fileURLToPath(new URL('../..', import.meta.url)),
  'examples',
  'data',
  'logs',
  'etl-nightly.log',
);

const PASSWORD = 'S3cretPw';
const API_KEY_PAIR = 'keyid:K3ySecret';
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** What must never be printed: each secret raw, as a pair, base64- and URL-encoded. */
const FORBIDDEN = [
  PASSWORD,
  `alice:${PASSWORD}`,
  base64(`alice:${PASSWORD}`),
  'K3ySecret',
  API_KEY_PAIR,
  base64(API_KEY_PAIR),
  'p@ss w0rd!',
  encodeURIComponent('p@ss w0rd!'),
  `alice:${encodeURIComponent('p@ss w0rd!')}`,
  base64('alice:p@ss w0rd!'),
];

/** A proxy error page that quotes the Authorization header as sent and decoded. */
function echoingServer(): Server {
  return createServer((req, res) => {
    const header = req.headers.authorization ?? '';
    const decoded = Buffer.from(header.split(' ')[1] ?? '', 'base64').toString('utf8');
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end(
      `<html>proxy error for ${decoded} pw=${decoded.slice(decoded.indexOf(':') + 1)} header=${header}</html>`,
    );
  });
}

let server: Server;
let host: string;
beforeAll(async () => {
  server = echoingServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

type Credential = { name: string; url: (host: string) => string; args: string[]; env: NodeJS.ProcessEnv };

const CREDENTIALS: Credential[] = [
  { name: 'URL userinfo', url: (h) => `http://alice:${PASSWORD}@${h}`, args: [], env: {} },
  {
    name: 'URL userinfo, percent-encoded',
    url: (h) => `http://alice:${encodeURIComponent('p@ss w0rd!')}@${h}`,
    args: [],
    env: {},
  },
  {
    name: '--username and ES_PASSWORD',
    url: (h) => `http://${h}`,
    args: ['--username', 'alice'],
    env: { ES_PASSWORD: PASSWORD },
  },
  {
    name: 'ES_USERNAME and ES_PASSWORD',
    url: (h) => `http://${h}`,
    args: [],
    env: { ES_USERNAME: 'alice', ES_PASSWORD: PASSWORD },
  },
  {
    name: 'ES_API_KEY (encoded)',
    url: (h) => `http://${h}`,
    args: [],
    env: { ES_API_KEY: base64(API_KEY_PAIR) },
  },
  { name: 'ES_API_KEY (id:key)', url: (h) => `http://${h}`, args: [], env: { ES_API_KEY: API_KEY_PAIR } },
];

const COMMANDS: { name: string; args: (url: string) => string[] }[] = [
  { name: 'es setup', args: (url) => ['es', 'setup', '--es-url', url] },
  {
    name: 'es setup --engine elasticsearch',
    args: (url) => ['es', 'setup', '--es-url', url, '--engine', 'elasticsearch'],
  },
  {
    name: 'cost --source elasticsearch',
    args: (url) => ['cost', '--source', 'elasticsearch', '--es-url', url],
  },
  {
    name: 'cost --source elasticsearch --engine elasticsearch',
    args: (url) => ['cost', '--source', 'elasticsearch', '--es-url', url, '--engine', 'elasticsearch'],
  },
  { name: 'ship', args: (url) => ['ship', ETL, '--to', url] },
];

/**
 * Every command but those told the engine asks it again after a 502, 8 tries in about 11 to 23
 * s of waiting: run one after another, the 30 runs took about six minutes. They are run six
 * at a time (most of a run is waiting between tries; all at once, their start-ups crowd two
 * cores), each the whole run it was, every retry line and the failure checked. A test waits
 * for its runs behind the others' (five turns of six): its timeout leaves room for a busy machine.
 */
const AT_ONCE = 6;
let running = 0;
const queued: (() => void)[] = [];

async function inTurn<T>(run: () => Promise<T>): Promise<T> {
  while (running >= AT_ONCE) await new Promise<void>((resolve) => queued.push(resolve));
  running++;
  try {
    return await run();
  } finally {
    running--;
    queued.shift()?.();
  }
}

describe('credentials a proxy echoes back are never printed', { timeout: 300_000 }, () => {
  it.concurrent.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s, with every form of credentials',
    async (_name, command) => {
      const runs = await Promise.all(
        CREDENTIALS.map(async (credential) => ({
          credential,
          r: await inTurn(() =>
            runCli([...command.args(credential.url(host)), ...credential.args], credential.env, {
              timeoutMs: 100_000,
            }),
          ),
        })),
      );
      for (const { credential, r } of runs) {
        const said = `${r.stdout}${r.stderr}`;
        expect({ credential: credential.name, code: r.code }).toEqual({
          credential: credential.name,
          code: 1,
        });
        // The page is quoted (it names the cause), with the credentials in it blotted out.
        expect(r.stderr).toMatch(/HTTP 502: <html>proxy error for .* header=(Basic|ApiKey) \*\*\*<\/html>/);
        for (const secret of FORBIDDEN) expect(said, credential.name).not.toContain(secret);
      }
    },
  );
});
