/**
 * Writes documents as NDJSON, one `{"_index","_id","_source"}` object per line (with
 * `_version` for versioned documents), to a file or any writable stream. Same contract as
 * the Elasticsearch shipper, so `ship --to x.ndjson` and stdout output go through the same
 * path; honours backpressure, and never leaves a line waiting more than 100 ms.
 */
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import {
  ConfigError,
  copyFileTo,
  createStreamWriter,
  fileOpenProblem,
  type StreamWriter,
} from '../../collectors/kernel/index.ts';
import { documentSourceJson } from '../bulk-request.ts';
import { defaultContext } from '../context.ts';
import { type IndexMode, type IndexNames, type IndexPeriod, targetIndex } from '../index-names.ts';
import {
  type DocumentTally,
  emptyCounters,
  type ShipDocument,
  type ShipOptions,
  type Shipper,
  type ShipperContext,
  type ShipResult,
} from '../types.ts';

export interface NdjsonShipperConfig {
  /** An open stream (stdout, or a file from `openNdjsonFile`). */
  to: Writable;
  /** Whether `close()` ends the stream (a file it was given to own); never for stdout. */
  owned?: boolean | undefined;
  indexPrefix?: string | undefined;
  indexPeriod?: IndexPeriod | undefined;
  /** `data-stream`: log lines name the `<prefix>-logs-stream` data stream, as the cluster's shipper writes them. */
  indexMode?: IndexMode | undefined;
}

/** A target file that cannot be opened: a missing folder, no permission. Named, no stack. */
export class NdjsonTargetError extends ConfigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NdjsonTargetError';
  }
}

/**
 * Bytes a file takes before it asks the writer to wait: at the default 16 KiB every 64 KiB
 * chunk waited for the disk before the next was built (a profile of a backfill showed the
 * thread idle 15% of the time). 4 MiB was no faster than 1 MiB, and held about 20 MB more.
 */
const NDJSON_FILE_BUFFER = 1 << 20;

/**
 * Opens an NDJSON output file before anything is read: emptied first (a re-run must not
 * duplicate every line), or appended to when asked.
 */
export async function openNdjsonFile(path: string, options: { append?: boolean } = {}): Promise<Writable> {
  try {
    const handle = await open(path, options.append ? 'a' : 'w');
    return handle.createWriteStream({ highWaterMark: NDJSON_FILE_BUFFER });
  } catch (err) {
    throw new NdjsonTargetError(`cannot write NDJSON to "${path}": ${fileOpenProblem(path, err)}`, {
      cause: err,
    });
  }
}

/** The indices an NDJSON file's lines name, as the cluster's shipper would place them. */
export function ndjsonIndexNames(
  indexPrefix?: string,
  indexPeriod?: IndexPeriod,
  indexMode: IndexMode = 'daily',
): IndexNames {
  return { prefix: indexPrefix ?? 'lambdalens', mode: indexMode, period: indexPeriod };
}

/** A document as its NDJSON line, with the newline. */
export function ndjsonLine(names: IndexNames, doc: ShipDocument): string {
  const index = JSON.stringify(targetIndex(names, doc.kind, doc.placement));
  const version = doc.version === null ? '' : `,"_version":${doc.version}`;
  return `{"_index":${index},"_id":${JSON.stringify(doc.id)}${version},"_source":${documentSourceJson(doc)}}\n`;
}

/**
 * Documents already written as lines by `ndjsonLine` (with the same index names), in a
 * file: another thread's part of a run. They are copied out as bytes, after the documents
 * before them, without being read back one by one.
 */
export interface RenderedLines {
  kind: 'rendered';
  path: string;
  /** Lines (documents) the file holds. */
  documents: number;
  /** Its size as written: a file found shorter or longer fails the run, naming it. */
  bytes: number;
  /** What its documents were, counted as they were written. */
  tally: DocumentTally;
}

/**
 * The NDJSON shipper also takes runs of lines already written (`RenderedLines`) among the
 * documents: lines `ndjsonLine` wrote with its `names`.
 */
export interface NdjsonShipper extends Shipper {
  readonly names: IndexNames;
  ship(
    documents: AsyncIterable<ShipDocument | RenderedLines> | Iterable<ShipDocument | RenderedLines>,
    options?: ShipOptions,
  ): Promise<ShipResult>;
}

/**
 * A reader gone (a closed pipe or terminal) ends the output: the stream writer lets what
 * comes after go rather than throw, so the run asks it, and ends through `failed` with those
 * counted not delivered, as a failed write's are (`ship` then says how many, and exits 1).
 */
function failIfReaderLeft(writer: StreamWriter, failed: (err: unknown) => never): void {
  if (writer.readerLeft) failed(new Error('its reader is gone (a closed pipe or terminal)'));
}

export function createNdjsonShipper(
  config: NdjsonShipperConfig,
  context: Partial<ShipperContext> = {},
): NdjsonShipper {
  const ctx = defaultContext(context);
  const names = ndjsonIndexNames(config.indexPrefix, config.indexPeriod, config.indexMode);
  const out = config.to;
  // One listener for the stream's life: an error between writes is kept, not thrown.
  let streamError: Error | null = null;
  out.on('error', (err) => {
    streamError ??= err;
  });

  /**
   * Copies a file of rendered lines to the output once everything before it is taken;
   * resolves once the stream has taken it all. A failed write goes through `failed`, as a
   * document's does.
   */
  async function copyRendered(
    rendered: RenderedLines,
    writer: StreamWriter,
    failed: (err: unknown) => never,
  ): Promise<void> {
    await writer.end().catch(failed);
    failIfReaderLeft(writer, failed);
    const copied = await copyFileTo(rendered.path, out).catch((err: unknown) =>
      err === out.errored ? failed(err) : Promise.reject(err),
    );
    if (streamError) failed(streamError);
    if (copied !== rendered.bytes)
      throw new Error(`${rendered.path} held ${copied} bytes of NDJSON, not the ${rendered.bytes} written`);
    await writer.end().catch(failed);
  }

  async function ship(
    docs: AsyncIterable<ShipDocument | RenderedLines> | Iterable<ShipDocument | RenderedLines>,
    options: ShipOptions = {},
  ): Promise<ShipResult> {
    const counters = emptyCounters();
    const pendingIds: string[] = [];
    // Lines leave within 100 ms (at once on a terminal), so `ship - --to -` on a live pipe streams.
    const writer = createStreamWriter(out, {
      immediate: (out as { isTTY?: boolean }).isTTY === true,
      onFlushed: (writes) => {
        counters.indexed += writes;
        options.onProgress?.({ ...counters });
      },
    });
    const failure: { write: unknown } = { write: null };
    const failed = (err: unknown): never => {
      failure.write = err;
      throw err;
    };
    try {
      for await (const doc of docs) {
        const late = options.deadline !== undefined && ctx.clock.now() >= options.deadline;
        if (doc.kind === 'rendered') {
          counters.received += doc.documents;
          if (late) {
            counters.pending += doc.documents;
            continue;
          }
          try {
            await copyRendered(doc, writer, failed);
          } catch (err) {
            // A failed write leaves all of the run's lines undelivered.
            if (err === failure.write) counters.pending += doc.documents;
            throw err;
          }
          counters.indexed += doc.documents;
          options.onProgress?.({ ...counters });
          continue;
        }
        counters.received++;
        if (late) {
          counters.pending++;
          if (pendingIds.length < 10_000) pendingIds.push(doc.id);
          continue;
        }
        const line = ndjsonLine(names, doc);
        if (streamError) failed(streamError);
        // Buffered without a promise a document (one each cost about 3% of a backfill);
        // waited for only when the stream asks to.
        let wait = false;
        try {
          wait = writer.put(line);
        } catch (err) {
          failed(err);
        }
        failIfReaderLeft(writer, failed);
        if (wait) await writer.drained();
      }
      if (streamError) failed(streamError);
      await writer.end().catch(failed);
      failIfReaderLeft(writer, failed);
    } catch (err) {
      // A failing source (unreadable input) is the caller's to report; only writes end here.
      if (err !== failure.write) throw err;
      counters.pending += writer.pendingWrites;
      return {
        kind: 'incomplete',
        counters,
        reason: {
          kind: 'unavailable',
          message: `writing NDJSON failed: ${(err as Error).message}`,
          retryable: true,
        },
        pendingIds,
      };
    }
    if (counters.pending > 0) {
      return {
        kind: 'incomplete',
        counters,
        reason: { kind: 'deadline', message: 'deadline reached', retryable: true },
        pendingIds,
      };
    }
    return { kind: 'complete', counters };
  }

  return {
    names,
    ship,
    close: () =>
      config.owned
        ? new Promise<void>((resolve, reject) =>
            out.end((err?: Error | null) => (err ? reject(err) : resolve())),
          )
        : Promise.resolve(),
  };
}
