/**
 * Gets a distribution zip into the cache and unpacks it: from the cache, else from the local
 * Maven repository (~/.m2, where `mvn` would have put it), else over HTTPS from Maven
 * Central, checked against the repository's published SHA-512 (or SHA-1) when it has one.
 * Every step writes beside its target and renames, so a concurrent run never sees half a file.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cacheDir } from '../../collectors/kernel/index.ts';
import type { Distribution } from './distributions.ts';
import { hasCommand, run, ServiceStartError } from './process.ts';

/** Maven Central, or a mirror of it named by LAMBDALENS_MAVEN_REPOSITORY. */
export function mavenRepository(env: NodeJS.ProcessEnv = process.env): string {
  return (env.LAMBDALENS_MAVEN_REPOSITORY || 'https://repo1.maven.org/maven2').replace(/\/+$/, '');
}

/** The download cache is the user's lambdalens cache (see kernel/cache-dir.ts). */
export { cacheDir };

const zipName = (d: Distribution) => `${d.artifact}-${d.version}.zip`;
const repositoryPath = (d: Distribution) => `${d.group.replaceAll('.', '/')}/${d.artifact}/${d.version}`;

export type FetchProgress = (message: string) => void;

async function downloadText(url: string): Promise<string | null> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (response.status === 404) return null;
  if (!response.ok) throw new ServiceStartError(`GET ${url} answered HTTP ${response.status}`);
  return (await response.text()).trim().split(/\s+/)[0] ?? null;
}

/** Streams the zip to `target`, hashing as it goes; returns the hex digests. */
async function downloadZip(url: string, target: string, progress: FetchProgress) {
  const response = await fetch(url, { signal: AbortSignal.timeout(30 * 60_000) });
  if (!response.ok || !response.body) {
    throw new ServiceStartError(`GET ${url} answered HTTP ${response.status}`);
  }
  const total = Number(response.headers.get('content-length') ?? 0);
  progress(`downloading ${url}${total ? ` (${(total / 1_048_576).toFixed(0)} MB)` : ''}`);
  const sha1 = createHash('sha1');
  const sha512 = createHash('sha512');
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    sha1.update(chunk);
    sha512.update(chunk);
  });
  await pipeline(body, createWriteStream(target));
  return { sha1: sha1.digest('hex'), sha512: sha512.digest('hex') };
}

/** The zip in the cache, fetched first if it is not there. */
export async function ensureZip(
  dist: Distribution,
  options: { cache?: string; progress?: FetchProgress } = {},
): Promise<string> {
  const dir = join(options.cache ?? cacheDir(), 'distributions');
  const zip = join(dir, zipName(dist));
  if (existsSync(zip)) return zip;
  const progress = options.progress ?? (() => {});
  await mkdir(dir, { recursive: true });
  const staging = await mkdtemp(join(dir, 'download-'));
  try {
    const part = join(staging, zipName(dist));
    const local = join(homedir(), '.m2', 'repository', repositoryPath(dist), zipName(dist));
    if (existsSync(local)) {
      await copyFile(local, part);
    } else {
      const url = `${mavenRepository()}/${repositoryPath(dist)}/${zipName(dist)}`;
      let digests: { sha1: string; sha512: string };
      try {
        digests = await downloadZip(url, part, progress);
      } catch (cause) {
        if (cause instanceof ServiceStartError) throw cause;
        throw new ServiceStartError(
          `cannot download ${dist.display} from ${url}: ${(cause as Error).message}`,
          {
            cause,
          },
        );
      }
      const expected512 = await downloadText(`${url}.sha512`).catch(() => null);
      const expected1 = expected512 ? null : await downloadText(`${url}.sha1`).catch(() => null);
      if (expected512 && expected512 !== digests.sha512) {
        throw new ServiceStartError(
          `${url}: SHA-512 ${digests.sha512} does not match the published ${expected512}`,
        );
      }
      if (expected1 && expected1 !== digests.sha1) {
        throw new ServiceStartError(
          `${url}: SHA-1 ${digests.sha1} does not match the published ${expected1}`,
        );
      }
      // Without a published checksum, TLS carried it and unzip checks every entry's CRC.
    }
    await rename(part, zip);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return zip;
}

/**
 * Where zips are unpacked: under the cache for a normal user; in the system temp dir when
 * root, because the unprivileged account the node then runs as cannot enter /root.
 */
export function unpackRoot(cache = cacheDir()): string {
  return process.getuid?.() === 0 ? join(tmpdir(), 'lambdalens-dist') : join(cache, 'unpacked');
}

/** Unpacks the distribution once, world-readable; returns its home folder. */
export async function ensureUnpacked(
  dist: Distribution,
  options: { cache?: string; progress?: FetchProgress } = {},
): Promise<string> {
  const root = unpackRoot(options.cache);
  const home = join(root, `${dist.engine}-${dist.version}`);
  if (existsSync(join(home, '.complete'))) return home;
  const zip = await ensureZip(dist, options);
  if (!(await hasCommand('unzip', ['-v']))) {
    throw new ServiceStartError(`unzip is not installed; it is needed to unpack ${dist.display}`);
  }
  options.progress?.(`unpacking ${dist.display}`);
  await mkdir(root, { recursive: true, mode: 0o755 });
  await chmod(root, 0o755);
  const staging = await mkdtemp(join(root, `${dist.engine}-${dist.version}-unpack-`));
  try {
    await run('unzip', ['-q', zip, '-d', staging]);
    const unpacked = join(staging, `${dist.artifact}-${dist.version}`);
    await writeFile(join(unpacked, '.complete'), `${dist.version}\n`);
    await run('chmod', ['-R', 'a+rX', unpacked]);
    // No rm of `home` first: rename is atomic, so `home` is either absent or complete, and
    // another run may already be starting a node from it.
    try {
      await rename(unpacked, home);
    } catch (error) {
      if (!existsSync(join(home, '.complete'))) throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return home;
}
