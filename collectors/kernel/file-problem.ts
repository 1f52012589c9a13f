/** Why a file could not be opened or read, in words a user can act on (no stack, no errno). */
import { dirname } from 'node:path';

/** Why `path` could not be opened to write. */
export function fileOpenProblem(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `the folder "${dirname(path)}" does not exist`;
  return fileProblem(err);
}

/** Why a file could not be read. */
export function fileReadProblem(err: unknown): string {
  return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : fileProblem(err);
}

function fileProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return (err as Error).message;
}
