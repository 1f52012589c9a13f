/**
 * Where `ship` writes: `--to` takes a cluster URL (with or without its scheme: `host:port`
 * is a URL, never a file name), an NDJSON file path, or `-` for stdout; without `--to`,
 * `--es-url`/`--cloud-id` and then `ES_URL`/`ES_CLOUD_ID` name the cluster. Nothing at all
 * is a usage error: writing NDJSON to a terminal by default hid a forgotten ES_URL.
 */
import { UsageError } from '../../collectors/kernel/index.ts';

export type ShipTarget =
  | { kind: 'cluster'; url: string | undefined }
  | { kind: 'file'; path: string }
  | { kind: 'stdout' };

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/**
 * `host:port`, `host:port/path`, `[::1]:9200`: a port after a host name or address, with the
 * credentials a URL may carry before it (`elastic:pw@host:9200`, which read as a URL of the
 * scheme `elastic:` was refused, naming the user).
 */
const HOST_PORT = /^(?:[^@/\s]+@)?(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?):(\d{1,5})(\/.*)?$/i;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The URL a `--to` value names, or null when it names a file. A scheme-less host gets
 * https, except the local machine, where clusters for trying things run plain http.
 */
export function urlOfTarget(value: string): string | null {
  // Any other scheme is refused with the connection's own message (http or https only).
  if (SCHEME.test(value)) return value;
  const m = HOST_PORT.exec(value);
  if (!m) return null;
  return `${LOOPBACK.test(m[1] as string) ? 'http' : 'https'}://${value}`;
}

export interface TargetSources {
  to?: string | undefined;
  esUrl?: string | undefined;
  cloudId?: string | undefined;
}

export function resolveShipTarget(flags: TargetSources, env: NodeJS.ProcessEnv = process.env): ShipTarget {
  const to = flags.to;
  if (to !== undefined) {
    if (to === '-') return { kind: 'stdout' };
    if (to.trim() === '') throw new UsageError('--to is empty: give a cluster URL, a file, or - for stdout');
    // `--to --es-url URL` (the value forgotten) gave --to the next option as a file name, and
    // the documents went to a file called `--es-url` while the URL was read as an input.
    if (to.startsWith('-')) {
      throw new UsageError(
        `--to ${to}: "${to}" is taken for --to's value and looks like an option; give a cluster URL, a file, or - for stdout (a file whose name starts with "-" as ./${to})`,
      );
    }
    const url = urlOfTarget(to);
    if (url) return { kind: 'cluster', url };
    return { kind: 'file', path: to };
  }
  if (flags.esUrl) return { kind: 'cluster', url: urlOfTarget(flags.esUrl) ?? flags.esUrl };
  if (flags.cloudId || env.ES_URL || env.ES_CLOUD_ID) return { kind: 'cluster', url: undefined };
  throw new UsageError('where should the documents go? give --to <url|file.ndjson|->, or --es-url / ES_URL', {
    hint: "e.g. 'lambdalens ship logs/ --to localhost:9200' or '--to backfill.ndjson' or '--to -' for stdout",
  });
}
