/**
 * Retention for the daily indices, in each engine's own lifecycle manager: Elasticsearch
 * ILM (a policy named in the index template) or OpenSearch ISM (a policy whose
 * `ism_template` claims new indices). Both are optional plugins of a sort — the
 * integration-test distributions of either engine have neither, and Serverless manages
 * retention in its own data lifecycle policies — so their absence is reported, never fatal.
 */
import { aliasOf } from '../index-names.ts';
import type { SearchClient } from './search-client.ts';
import { SearchRequestError } from './search-client.ts';

export type LifecycleReport =
  | { kind: 'none' }
  | { kind: 'ilm' | 'ism'; policy: string; deleteAfterDays: number; created: boolean }
  | { kind: 'unavailable'; reason: string };

export const retentionPolicyName = (prefix: string) => `${prefix}-retention`;

/** The ILM policy: the indices are daily already, so nothing rolls over; they are deleted at age. */
export function ilmPolicy(days: number) {
  return {
    policy: { phases: { hot: { actions: {} }, delete: { min_age: `${days}d`, actions: { delete: {} } } } },
  };
}

/** The ISM policy: one state that moves to `delete` at age, applied to new daily indices. */
export function ismPolicy(prefix: string, days: number) {
  return {
    policy: {
      description: `lambdalens: delete ${prefix} daily indices after ${days} days`,
      default_state: 'hot',
      states: [
        {
          name: 'hot',
          actions: [],
          transitions: [{ state_name: 'delete', conditions: { min_index_age: `${days}d` } }],
        },
        { name: 'delete', actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: [
        {
          index_patterns: [`${aliasOf(prefix, 'line')}-*`, `${aliasOf(prefix, 'invocation')}-*`],
          priority: 100,
        },
      ],
    },
  };
}

const missing = (err: unknown) =>
  err instanceof SearchRequestError && err.kind === 'response' && (err.status === 400 || err.status === 404);

/** Whether the cluster has ILM (Elasticsearch) — asked before the template may name a policy. */
export async function hasIlm(client: SearchClient): Promise<boolean> {
  try {
    await client.request({ method: 'GET', path: '/_ilm/status' });
    return true;
  } catch (err) {
    if (missing(err)) return false;
    throw err;
  }
}

export async function installIlm(
  client: SearchClient,
  prefix: string,
  days: number,
): Promise<LifecycleReport> {
  const policy = retentionPolicyName(prefix);
  await client.request({ method: 'PUT', path: `/_ilm/policy/${policy}`, body: ilmPolicy(days) });
  return { kind: 'ilm', policy, deleteAfterDays: days, created: true };
}

/** Installs (or replaces) the ISM policy; reports the plugin missing instead of failing. */
export async function installIsm(
  client: SearchClient,
  prefix: string,
  days: number,
): Promise<LifecycleReport> {
  const policy = retentionPolicyName(prefix);
  const path = `/_plugins/_ism/policies/${policy}`;
  let existing: { _seq_no?: number; _primary_term?: number } | null = null;
  try {
    existing = (await client.request<{ _seq_no?: number; _primary_term?: number }>({ method: 'GET', path }))
      .body;
  } catch (err) {
    if (!(err instanceof SearchRequestError && err.kind === 'response' && err.status === 404)) {
      if (missing(err))
        return { kind: 'unavailable', reason: 'the ISM plugin is not installed on this cluster' };
      throw err;
    }
    // 404 with the plugin present: no policy yet. Without the plugin the path itself is
    // unknown, which OpenSearch also answers with 400 or 404 — told apart by the PUT below.
  }
  try {
    await client.request({
      method: 'PUT',
      path,
      body: ismPolicy(prefix, days),
      ...(existing?._seq_no !== undefined && existing._primary_term !== undefined
        ? { querystring: { if_seq_no: existing._seq_no, if_primary_term: existing._primary_term } }
        : {}),
    });
  } catch (err) {
    if (missing(err))
      return { kind: 'unavailable', reason: 'the ISM plugin is not installed on this cluster' };
    throw err;
  }
  return { kind: 'ism', policy, deleteAfterDays: days, created: existing === null };
}
