/**
 * Field names of the invocation documents the Elasticsearch shipper writes
 * (shippers/documents.ts, mapped in shippers/elasticsearch/templates.ts), in one place so
 * the cost source and the shipper stay in step. Shipped documents carry no architecture:
 * it comes from the functions config or --arch unless a mapped field is named here.
 */
export interface InvocationDocFields {
  timestamp: string;
  functionName: string;
  region: string;
  architecture: string;
  status: string;
  billedDurationMs: string;
  memorySizeMB: string;
  maxMemoryUsedMB: string;
  durationMs: string;
  coldStart: string;
}

export const INVOCATION_DOC_FIELDS: InvocationDocFields = {
  timestamp: '@timestamp',
  functionName: 'faas.name',
  region: 'cloud.region',
  architecture: 'host.architecture',
  status: 'lambdalens.invocation.status',
  billedDurationMs: 'lambdalens.invocation.billed_duration_ms',
  memorySizeMB: 'lambdalens.invocation.memory_size_mb',
  maxMemoryUsedMB: 'lambdalens.invocation.max_memory_used_mb',
  durationMs: 'lambdalens.invocation.duration_ms',
  coldStart: 'faas.coldstart',
};
