/**
 * Whether a failed write to `out` means its reader is gone, not that the output failed: a
 * pipe or socket whose reader left (EPIPE: `lambdalens logs … | head`), or a terminal that
 * was closed (EIO on a terminal: the window shut, the SSH session dropped). EIO on a file
 * is a failing disk, and data lost: an error like any other.
 */
export function readerGone(err: NodeJS.ErrnoException, out: object): boolean {
  return err.code === 'EPIPE' || (err.code === 'EIO' && (out as { isTTY?: unknown }).isTTY === true);
}
