/**
 * Explicit mappings. `dynamic: false` everywhere except where stated means an unexpected
 * field is kept in `_source` but never grows the mapping; the application's JSON lives in
 * one `flattened` field, so any number of app keys costs one mapping entry.
 */
import { invocationDocumentProperties } from '../../pricing/sources/es-fields.ts';
import { aliasOf, dataStreamOf, deadLetterIndex } from '../index-names.ts';

const keyword = { type: 'keyword', ignore_above: 1024 } as const;
const date = { type: 'date' } as const;
const long = { type: 'long' } as const;
const bool = { type: 'boolean' } as const;

const common = {
  '@timestamp': date,
  event: {
    properties: { ingested: date, kind: keyword, dataset: keyword, outcome: keyword, duration: long },
  },
  faas: {
    properties: { name: keyword, execution: keyword, version: keyword, coldstart: bool },
  },
  trace: { properties: { id: keyword } },
  cloud: {
    properties: { provider: keyword, region: keyword, account: { properties: { id: keyword } } },
  },
  aws: {
    properties: {
      cloudwatch: {
        properties: {
          log_group: keyword,
          log_stream: keyword,
          event_id: keyword,
          ingestion_time: date,
          subscription_filters: keyword,
          policy_level: keyword,
        },
      },
    },
  },
};

/**
 * What differs between the engines in the templates: how the application's JSON is mapped
 * (Elasticsearch `flattened`; OpenSearch 2.7+ `flat_object`, which takes no limits; older
 * OpenSearch keeps it in `_source` only), whether index settings may be given (Serverless
 * manages shards itself and refuses them), and the ILM policy to attach, if any.
 */
export interface TemplateFlavour {
  appJson: 'flattened' | 'flat_object' | 'source-only';
  indexSettings: boolean;
  ilmPolicy?: string | undefined;
}

export const ELASTICSEARCH_FLAVOUR: TemplateFlavour = { appJson: 'flattened', indexSettings: true };

function appJsonMapping(flavour: TemplateFlavour) {
  switch (flavour.appJson) {
    case 'flattened':
      return { type: 'flattened', ignore_above: 1024, depth_limit: 10 };
    case 'flat_object':
      return { type: 'flat_object' };
    case 'source-only':
      return { type: 'object', enabled: false };
  }
}

export function lineMappings(flavour: TemplateFlavour = ELASTICSEARCH_FLAVOUR) {
  return {
    dynamic: false,
    properties: {
      ...common,
      message: { type: 'text' },
      log: { properties: { level: keyword } },
      lambdalens: {
        properties: {
          doc: keyword,
          line_kind: keyword,
          // What CloudWatch Logs counted the message as: the cost report sums it.
          message_bytes: long,
          // The message is the start of a line too long for one document (documents.ts).
          message_truncated: bool,
          json: appJsonMapping(flavour),
          json_dropped_fields: long,
          json_truncated_values: long,
          json_cut_keys: long,
          timestamp_missing: bool,
        },
      },
    },
  };
}

/**
 * Fields line documents gained after line indices may have been made from an older
 * template: `es setup` adds them to those indices, so that what is shipped into them from
 * then on is summed (a field added to a mapping conflicts with nothing already there).
 */
export function addedLineFields() {
  return { properties: { lambdalens: { properties: { message_bytes: long, message_truncated: bool } } } };
}

/**
 * Fields invocation documents gained after invocation indices may have been made from an
 * older template: `es setup` adds them to those indices (`dynamic: false` would otherwise
 * keep them in `_source` only, where the cost report cannot search them).
 */
export function addedInvocationFields() {
  return {
    properties: {
      lambdalens: { properties: { invocation: { properties: { unreadable_figures: keyword } } } },
    },
  };
}

/** The invocation document's mapping comes from its schema, which the writer and the cost report share. */
export function invocationMappings() {
  return { dynamic: false, properties: invocationDocumentProperties() };
}

export function deadLetterMappings() {
  return {
    dynamic: false,
    properties: {
      '@timestamp': date,
      error: { properties: { type: keyword, message: { type: 'text' }, status: long } },
      event: {
        properties: {
          original: { type: 'keyword', index: false, doc_values: false },
          original_truncated: bool,
        },
      },
      faas: { properties: { execution: keyword } },
      aws: {
        properties: {
          cloudwatch: { properties: { log_group: keyword, log_stream: keyword, event_id: keyword } },
        },
      },
      lambdalens: {
        properties: {
          dead_letter: {
            properties: { target_index: keyword, doc_id: keyword, kind: keyword, original_bytes: long },
          },
        },
      },
    },
  };
}

/**
 * One primary, and a replica only where a second node can hold it: on one node an
 * unassigned replica still counts against the cluster's shard limit, which a daily
 * backfill reaches twice as fast. Replicas start at 0 so creating an index never needs
 * room for a replica that cannot be placed.
 */
export const INDEX_SETTINGS = {
  number_of_shards: 1,
  number_of_replicas: 0,
  auto_expand_replicas: '0-1',
  'mapping.total_fields.limit': 200,
} as const;

/** The names `indexTemplates` installs, for checking that a target has them. */
export function templateNames(prefix: string): string[] {
  return [`${prefix}-logs`, `${prefix}-invocations`, `${prefix}-dead-letter`];
}

/** Composable index templates, by name; daily indices pick up their read alias from them. */
export function indexTemplates(
  prefix: string,
  dataStreams: boolean,
  flavour: TemplateFlavour = ELASTICSEARCH_FLAVOUR,
): Record<string, Record<string, unknown>> {
  const base = INDEX_SETTINGS;
  const withPolicy = flavour.ilmPolicy ? { ...base, 'lifecycle.name': flavour.ilmPolicy } : base;
  // Serverless refuses shard settings; the template then carries mappings and aliases only.
  const settings = flavour.indexSettings ? withPolicy : {};
  const deadLetterSettings = flavour.indexSettings ? base : {};
  const logs = aliasOf(prefix, 'line');
  const invocations = aliasOf(prefix, 'invocation');
  const out: Record<string, Record<string, unknown>> = {
    [`${prefix}-logs`]: {
      index_patterns: [`${logs}-*`],
      priority: 200,
      template: { settings, mappings: lineMappings(flavour), aliases: { [logs]: {} } },
      _meta: { managed_by: 'lambdalens' },
    },
    [`${prefix}-invocations`]: {
      index_patterns: [`${invocations}-*`],
      priority: 200,
      template: { settings, mappings: invocationMappings(), aliases: { [invocations]: {} } },
      _meta: { managed_by: 'lambdalens' },
    },
    [`${prefix}-dead-letter`]: {
      index_patterns: [deadLetterIndex(prefix)],
      priority: 200,
      template: { settings: deadLetterSettings, mappings: deadLetterMappings() },
      _meta: { managed_by: 'lambdalens' },
    },
  };
  if (dataStreams) {
    out[`${prefix}-logs-stream`] = {
      index_patterns: [dataStreamOf(prefix)],
      priority: 300,
      data_stream: {},
      template: {
        settings: flavour.indexSettings ? { number_of_shards: 1, auto_expand_replicas: '0-1' } : {},
        mappings: lineMappings(flavour),
      },
      _meta: { managed_by: 'lambdalens' },
    };
  }
  return out;
}
