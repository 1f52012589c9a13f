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
  /** A cluster already connected (`connectCluster`); `connection` is then ignored. */
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
  let cluster: SearchCluster;
  if (given) cluster = given;
  else if (client) cluster = createElasticsearchCluster({ client });
  else {
    const c = { ...(connection as ConnectionConfig), requestTimeoutMs: config.requestTimeoutMs };
    cluster =
      c.engine === 'elasticsearch' && !c.aws?.service
        ? createElasticsearchCluster({ connection: c, requestTimeoutMs: config.requestTimeoutMs })
        : lazyCluster(
            ({ timeoutMs, signal }) => connectCluster(c, { timeoutMs, signal }),
            c.node ?? 'the cluster',
            redactUrlUserinfo,
          );
  }
  return createBulkShipper(cluster, { ...core, documentIds }, context);
}
