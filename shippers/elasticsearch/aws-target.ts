/**
 * Which Amazon OpenSearch target a URL names, and what to sign for: kept apart from the
 * signer so that deciding costs nothing to load for targets that are not AWS.
 */
import { ConfigError } from '../../collectors/kernel/index.ts';

export type SigV4Service = 'es' | 'aoss';

export function isSigV4Service(value: unknown): value is SigV4Service {
  return value === 'es' || value === 'aoss';
}

const AWS_HOST = /\.([a-z]{2}(?:-[a-z]+)+-\d)\.(es|aoss)\.amazonaws\.com(?:\.cn)?$/;

/** The region and service an Amazon OpenSearch endpoint's host name gives away, if it is one. */
export function awsEndpointOf(host: string): { region: string; service: SigV4Service } | null {
  const match = AWS_HOST.exec(host.toLowerCase());
  if (!match?.[1] || !isSigV4Service(match[2])) return null;
  return { region: match[1], service: match[2] };
}

/**
 * The service and region to sign for: explicit settings win; otherwise they come from an
 * `*.es.amazonaws.com` / `*.aoss.amazonaws.com` host. Null when nothing asks for SigV4.
 */
export function resolveSigV4(
  node: string | undefined,
  given: { service?: string | undefined; region?: string | undefined },
): { service: SigV4Service; region: string } | null {
  let fromHost: { region: string; service: SigV4Service } | null = null;
  try {
    fromHost = node ? awsEndpointOf(new URL(node).hostname) : null;
  } catch {
    fromHost = null;
  }
  if (given.service === undefined && !fromHost) return null;
  const service = given.service ?? fromHost?.service;
  if (!isSigV4Service(service)) {
    throw new ConfigError(
      `the AWS signing service must be "es" (domains) or "aoss" (Serverless), not "${service}"`,
    );
  }
  const region = given.region || fromHost?.region;
  if (!region) {
    throw new ConfigError('signing requests for Amazon OpenSearch needs a region', {
      hint: 'give --region or set AWS_REGION',
    });
  }
  return { service, region };
}

/**
 * A time-series collection type is refused for any target but Amazon OpenSearch Serverless:
 * it turns document IDs off (those collections refuse them), and without IDs every run
 * stores its documents again.
 */
export function checkTimeSeriesTarget(
  node: string | undefined,
  aws:
    | { collectionType?: string | undefined; service?: string | undefined; region?: string | undefined }
    | undefined,
): void {
  if (aws?.collectionType !== 'timeseries' || resolveSigV4(node, aws)?.service === 'aoss') return;
  throw new ConfigError(
    `the time-series collection type is for Amazon OpenSearch Serverless (an *.aoss.amazonaws.com endpoint, or --aws-sigv4 aoss), and ${node ?? 'this target'} is not one: without document IDs every run would store its documents again`,
  );
}
