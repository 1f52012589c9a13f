/**
 * The search-engine shipper: the engine-neutral bulk shipper over an Elasticsearch or
 * OpenSearch cluster connection (one made from `connection`, the engine asked of the
 * cluster unless told; or an Elasticsearch client given by the caller).
 */
import type { Client } from '@elastic/elasticsearch';
import { type BulkShipperConfig, createBulkShipper } from '../bulk-shipper.ts';
import type { SearchCluster } from '../cluster.ts';
import { redactUrlUserinfo } from '../secrets.ts';
import { type Shipper, ShipperConfigError, type ShipperContext } from '../types.ts';
import { checkTimeSeriesTarget } from './aws-target.ts';
import { createElasticsearchCluster } from './cluster.ts';
import type { ConnectionConfig } from './config.ts';
import { connectCluster, lazyCluster } from './search-cluster.ts';

export interface ElasticsearchShipperConfig extends BulkShipperConfig {
  connection?: ConnectionConfig | undefined;
  /** An existing client (tests, the Lambda's warm client); `connection` is then ignored. */
  client?: Client | undefined;
  /**
   * A cluster already connected (`connectCluster`, `clusterOfConnection`); `connection`
   * then only says what its target accepts.
   */
  cluster?: SearchCluster | undefined;
}

export function createElasticsearchShipper(
  config: ElasticsearchShipperConfig,
  context: Partial<ShipperContext> = {},
): Shipper {
  const { connection, client, cluster: given, ...core } = config;
  if (!client && !connection && !given)
    throw new ShipperConfigError('elasticsearch shipper: give a connection or a client');
  if (connection) checkTimeSeriesTarget(connection.node, connection.aws);
  const documentIds = core.documentIds ?? connection?.aws?.collectionType !== 'timeseries';
  const cluster: SearchCluster =
    given ??
    (client
      ? createElasticsearchCluster({ client })
      : clusterOfConnection(connection as ConnectionConfig, config.requestTimeoutMs));
  return createBulkShipper(cluster, { ...core, documentIds }, context);
}

/**
 * The cluster a connection reaches, built synchronously: an Elasticsearch cluster at once
 * when the engine is known, else one connected (and asked its engine) on its first
 * request, within that request's time. The Lambda asks it questions before it ships, and
 * gives the same cluster to the shipper, so the engine is asked once.
 */
export function clusterOfConnection(
  connection: ConnectionConfig,
  requestTimeoutMs: number | undefined,
): SearchCluster {
  const c = { ...connection, requestTimeoutMs };
  return c.engine === 'elasticsearch' && !c.aws?.service
    ? createElasticsearchCluster({ connection: c, requestTimeoutMs })
    : lazyCluster(
        ({ timeoutMs, signal }) => connectCluster(c, { timeoutMs, signal }),
        c.node ?? 'the cluster',
        redactUrlUserinfo,
      );
}
