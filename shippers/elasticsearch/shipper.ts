/**
 * The Elasticsearch shipper: the engine-neutral bulk shipper over an Elasticsearch
 * cluster connection (one made from `connection`, or a client given by the caller).
 */
import type { Client } from '@elastic/elasticsearch';
import { type BulkShipperConfig, createBulkShipper } from '../bulk-shipper.ts';
import { type Shipper, ShipperConfigError, type ShipperContext } from '../types.ts';
import { createElasticsearchCluster } from './cluster.ts';
import type { ConnectionConfig } from './config.ts';

export interface ElasticsearchShipperConfig extends BulkShipperConfig {
  connection?: ConnectionConfig | undefined;
  /** An existing client (tests, the Lambda's warm client); `connection` is then ignored. */
  client?: Client | undefined;
}

export function createElasticsearchShipper(
  config: ElasticsearchShipperConfig,
  context: Partial<ShipperContext> = {},
): Shipper {
  const { connection, client, ...core } = config;
  if (!client && !connection)
    throw new ShipperConfigError('elasticsearch shipper: give a connection or a client');
  const cluster = client
    ? createElasticsearchCluster({ client })
    : createElasticsearchCluster({
        connection: connection as ConnectionConfig,
        requestTimeoutMs: config.requestTimeoutMs,
      });
  return createBulkShipper(cluster, core, context);
}
