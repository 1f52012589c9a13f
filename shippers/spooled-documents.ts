/**
 * Documents as lines of a spool file: how a thread that builds documents hands them to the
 * one that ships them. A line is the document's kind, ID, placement and version, then its
 * identity and source as JSON, separated by tabs (JSON text holds no raw tab or newline).
 * Read back, the source stays text and is sent as it is; it is parsed only if something
 * asks for the object (a dead letter quoting it).
 */
import { documentSourceJson } from './bulk-request.ts';
import type { DocumentKind, EventIdentity, ShipDocument } from './types.ts';

/** The document as one spool line, with its newline. */
export function spoolLine(doc: ShipDocument): string {
  const version = doc.version === null ? '' : String(doc.version);
  return `${doc.kind}\t${doc.id}\t${doc.placement}\t${version}\t${JSON.stringify(doc.identity)}\t${documentSourceJson(doc)}\n`;
}

class SpooledDocument implements ShipDocument {
  private parsedSource: Record<string, unknown> | null = null;
  private parsedIdentity: EventIdentity | null = null;

  constructor(
    readonly kind: DocumentKind,
    readonly id: string,
    readonly placement: number,
    readonly version: number | null,
    private readonly identityText: string,
    readonly sourceText: string,
  ) {}

  get source(): Record<string, unknown> {
    this.parsedSource ??= JSON.parse(this.sourceText) as Record<string, unknown>;
    return this.parsedSource;
  }

  get identity(): EventIdentity {
    this.parsedIdentity ??= JSON.parse(this.identityText) as EventIdentity;
    return this.parsedIdentity;
  }
}

/** A line `spoolLine` wrote (without its newline), as a document again. */
export function documentFromSpoolLine(line: string): ShipDocument {
  const fields: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const tab = line.indexOf('\t', from);
    if (tab < 0) throw new Error(`a spooled document has ${i + 1} fields, not 6`);
    fields.push(line.slice(from, tab));
    from = tab + 1;
  }
  const [kind, id, placement, version, identity] = fields as [string, string, string, string, string];
  if (kind !== 'line' && kind !== 'invocation') throw new Error(`a spooled document of kind "${kind}"`);
  return new SpooledDocument(
    kind,
    id,
    Number(placement),
    version === '' ? null : Number(version),
    identity,
    line.slice(from),
  );
}
