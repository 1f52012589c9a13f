/**
 * One schema for the Elasticsearch invocation document: what the shipper writes, what its
 * template maps and what the cost report reads must be the same fields.
 */
import { describe, expect, it } from 'vitest';
import { emptyInvocation } from '../../collectors/model.ts';
import {
  INVOCATION_DOC,
  INVOCATION_DOC_FIELDS,
  invocationDocumentProperties,
  writeInvocationFields,
} from '../../pricing/sources/es-fields.ts';
import { buildInvocationDocument } from '../../shippers/documents.ts';
import { invocationMappings } from '../../shippers/elasticsearch/templates.ts';

/** Leaf paths of a document as JSON holds it (undefined values are not written), dotted. */
function leaves(value: unknown, prefix = ''): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** The mapping type at a dotted path, or undefined. */
function mappedType(properties: Record<string, unknown>, path: string): string | undefined {
  let node: Record<string, unknown> | undefined = properties;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    const entry = node?.[parts[i] as string] as
      | { type?: string; properties?: Record<string, unknown> }
      | undefined;
    if (!entry) return undefined;
    if (i === parts.length - 1) return entry.type;
    node = entry.properties;
  }
  return undefined;
}

describe('the invocation document schema', () => {
  const full = {
    ...emptyInvocation('0f0f0f0f-0000-4000-8000-000000000001'),
    functionName: 'orders-api',
    logGroup: '/aws/lambda/orders-api',
    logStream: '2026/10/01/[$LATEST]abc',
    status: 'timeout' as const,
    errorType: 'Sandbox.Timedout',
    coldStart: true,
    start: '2026-10-01T12:00:00.000Z',
    end: '2026-10-01T12:00:03.100Z',
    durationMs: 3045.79,
    billedDurationMs: 3000,
    memorySizeMB: 128,
    maxMemoryUsedMB: 23,
    initDurationMs: 80,
    restoreDurationMs: 12.5,
    billedRestoreDurationMs: 4,
    traceId: '1-5e1b4151-5ac6c58f5b5dbd6a9e1c8a5c',
    version: '$LATEST',
    region: 'us-east-1',
    accountId: '123456789012',
    runtimeVersion: 'python:3.12.v52',
    initializationType: 'on-demand' as const,
  };
  const doc = buildInvocationDocument(full, {}, Date.parse('2026-10-02T00:00:00Z'), {
    totalUsd: 1,
    computeUsd: 0.5,
    requestUsd: 0.5,
  });
  const mapping = invocationMappings().properties;

  it('writes only schema fields, and the template maps each with its schema type', () => {
    const schemaPaths = new Map(Object.values(INVOCATION_DOC).map((f) => [f.path, f.type]));
    const written = leaves(doc.source);
    expect(written.length).toBeGreaterThan(30);
    for (const path of written) {
      expect(schemaPaths.has(path), path).toBe(true);
      expect(mappedType(mapping, path), path).toBe(schemaPaths.get(path));
    }
    // Everything but the architecture (written when the shipper knows it), the unreadable
    // figures (this one has none) and the mark of an invocation without a time (this one
    // has one) is in this document.
    const unwritten = [...schemaPaths.keys()].filter((p) => !written.includes(p));
    expect(unwritten).toEqual([
      'host.architecture',
      'lambdalens.invocation.unreadable_figures',
      'lambdalens.timestamp_missing',
    ]);
    expect(leaves(writeInvocationFields({ architecture: 'arm64' }))).toContain('host.architecture');
    expect(leaves(writeInvocationFields({ timestampMissing: true }))).toContain(
      'lambdalens.timestamp_missing',
    );
  });

  it('maps every field the cost report reads', () => {
    for (const path of Object.values(INVOCATION_DOC_FIELDS))
      expect(mappedType(mapping, path), path).toBeDefined();
    expect(invocationDocumentProperties()).toEqual(mapping);
  });

  it('names the figures written but unreadable, which JSON holds as null', () => {
    const damaged = buildInvocationDocument(
      {
        ...full,
        durationMs: Number.NaN,
        billedDurationMs: Number.POSITIVE_INFINITY,
        maxMemoryUsedMB: Number.NEGATIVE_INFINITY,
        initDurationMs: null,
        restoreDurationMs: Number.NaN,
      },
      {},
      Date.parse('2026-10-02T00:00:00Z'),
      null,
    );
    const invocation = (JSON.parse(JSON.stringify(damaged.source)) as Record<string, Record<string, unknown>>)
      .lambdalens?.invocation as Record<string, unknown>;
    // In reportValueProblem's order, as each reads: what its message would say.
    expect(invocation.unreadable_figures).toEqual([
      'Billed Duration: Infinity',
      'Duration: NaN',
      'Max Memory Used: -Infinity',
      'Restore Duration: NaN',
    ]);
    expect([invocation.duration_ms, invocation.billed_duration_ms, invocation.max_memory_used_mb]).toEqual([
      null,
      null,
      null,
    ]);
    // Readable figures are kept as they are, and a document without unreadable ones names none.
    expect(invocation.memory_size_mb).toBe(128);
    expect(leaves(doc.source)).not.toContain('lambdalens.invocation.unreadable_figures');
  });
});
