/**
 * The `_bulk` body of a document: its action line and its source, serialized once, kept as
 * bytes (payload-bytes.ts) and reused by every retry. Write-once documents go with
 * `create` (a second write answers 409, already there); versioned ones with `index` and an
 * external version, which the cluster keeps only if higher than what it holds
 * (Elasticsearch and OpenSearch refuse external versions on `create`). Both engines read
 * the same body.
 */
import { jsonText } from '../collectors/kernel/index.ts';
import type { Prepared } from './batcher.ts';
import { PayloadWriter, SentDocument } from './payload-bytes.ts';
import type { ShipDocument } from './types.ts';

// The action's start for the last index named: documents come in runs of one index.
let lastIndex = '';
let lastCreate = '';
let lastVersioned = '';

/** The alphabet of the IDs documents.ts makes (base64url): quoted as they are, nothing to escape. */
const PLAIN_ID = /^[\w-]*$/;

/** An ID as a JSON string: a made ID needs no escaping, and `JSON.stringify` cost twice the test. */
const quotedId = (id: string) => (PLAIN_ID.test(id) ? `"${id}"` : JSON.stringify(id));

export function actionLine(index: string, id: string, version: number | null = null): string {
  if (index !== lastIndex) {
    lastIndex = index;
    const name = JSON.stringify(index);
    lastCreate = `{"create":{"_index":${name},"_id":`;
    lastVersioned = `{"index":{"_index":${name},"_id":`;
  }
  if (version === null) return `${lastCreate}${quotedId(id)}}}\n`;
  return `${lastVersioned}${quotedId(id)},"version":${version},"version_type":"external"}}\n`;
}

/**
 * The document's source as JSON. Sources are built bounded (app JSON is capped and
 * flattened without recursion), so `JSON.stringify` is safe and fastest; should anything
 * still nest too deep for it, the bounded writer takes over rather than the run failing.
 */
export function sourceJson(source: Record<string, unknown>): string {
  try {
    return JSON.stringify(source);
  } catch {
    return jsonText(source).text;
  }
}

/** A document's source as JSON: as it came when it came serialized, else serialized now. */
export function documentSourceJson(doc: ShipDocument): string {
  return doc.sourceText ?? sourceJson(doc.source);
}

/** Without IDs (a target that refuses them), a plain `create`: no dedupe, no versions. */
export const anonymousActionLine = (index: string) => `{"create":{"_index":${JSON.stringify(index)}}}\n`;

/** The slabs this thread's shippers write their payloads into (see payload-bytes.ts). */
const payloads = new PayloadWriter();

/**
 * A document ready to send: its payload written as bytes, and the document kept as the
 * facts the shipper reads and those bytes (the text it was built with is let go).
 */
export function prepareDocument(doc: ShipDocument, index: string, withIds = true): Prepared {
  const action = withIds ? actionLine(index, doc.id, doc.version) : anonymousActionLine(index);
  const payload = payloads.write(action, documentSourceJson(doc));
  return {
    doc: new SentDocument(doc.kind, doc.id, doc.placement, doc.version, doc.identity, payload),
    payload,
    bytes: payload.length,
  };
}
