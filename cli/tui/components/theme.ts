/** What every component draws with: the glyph set chosen for this terminal. */
import { createContext, useContext } from 'react';
import { type GlyphSet, UNICODE_GLYPHS } from '../glyphs.ts';

export const GlyphContext = createContext<GlyphSet>(UNICODE_GLYPHS);

export function useGlyphs(): GlyphSet {
  return useContext(GlyphContext);
}
