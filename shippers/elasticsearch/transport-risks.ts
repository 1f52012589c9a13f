/**
 * What a connection's settings expose, said before anything is sent: TLS verification
 * turned off, or credentials going to a remote host over plain HTTP. Both are sometimes
 * meant (a test cluster, a private network), so neither is refused; but a setting copied
 * from a test into production should not go unnoticed, and the flag that turned it off
 * says nothing at the moment it matters.
 */
import type { ConnectionConfig } from './config.ts';

/** Hosts a request to which never leaves the machine. */
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** One sentence per risk, without credentials; empty when the settings expose nothing. */
export function transportRisks(config: ConnectionConfig): string[] {
  const risks: string[] = [];
  const url = parseNode(config.node);
  const where = url ? url.host : 'the cluster';
  if (config.verifyTls === false && (!url || url.protocol === 'https:')) {
    risks.push(
      `TLS certificates of ${where} are not verified (--insecure or ES_TLS_VERIFY=false): anyone on the path can read and change what is sent, credentials included`,
    );
  }
  const sendsCredentials =
    (config.auth !== undefined && config.auth.kind !== 'none') || Boolean(url?.username || url?.password);
  if (sendsCredentials && url?.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    risks.push(
      `the credentials go to ${url.host} over plain HTTP, readable by anyone on the path: use https://`,
    );
  }
  return risks;
}

function parseNode(node: string | undefined): URL | undefined {
  if (!node) return undefined;
  try {
    return new URL(node);
  } catch {
    // A node the connection cannot use is refused with its own message when it is built.
    return undefined;
  }
}
