import { homedir } from 'node:os';
import { join } from 'node:path';

/** The user's cache: LAMBDALENS_CACHE_DIR, else $XDG_CACHE_HOME/lambdalens, else ~/.cache/lambdalens. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAMBDALENS_CACHE_DIR) return env.LAMBDALENS_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lambdalens');
}
