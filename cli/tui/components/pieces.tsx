import { Text } from 'ink';
import type { Piece } from '../detail-lines.ts';
import { hyperlink } from '../links.ts';

/** One display line's pieces, each with its own style; links as OSC 8 hyperlinks. */
export function Pieces({ pieces }: { pieces: readonly Piece[] }) {
  return (
    <>
      {pieces.map((piece, j) => (
        <Text
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one line never reorder
          key={j}
          color={piece.colour}
          backgroundColor={piece.background}
          bold={piece.bold}
          inverse={piece.inverse}
          dimColor={piece.dim}
        >
          {piece.link ? hyperlink(piece.link, piece.text) : piece.text}
        </Text>
      ))}
    </>
  );
}
