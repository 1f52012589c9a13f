/** Why an output file could not be opened, in words a user can act on (no stack, no errno). */
import { dirname } from 'node:path';

export function fileOpenProblem(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `the folder "${dirname(path)}" does not exist`;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return (err as Error).message;
}
