/**
 * The fonts every document embeds: Noto Sans for Latin text and figures, Noto Naskh Arabic for Arabic, found
 * by the one font locator (hardware/text/arabic.ts). They go into the page as data: URLs, so the page loads
 * nothing from anywhere (Chromium's page and Electron's window alike) and Chromium embeds the subsets
 * it uses in the PDF: the document reads the same on a phone that has neither font.
 */
import { readFileSync } from 'node:fs';
import { locateFonts } from '../../hardware/text/arabic';

export const LATIN_FAMILY = 'Souk Sans';
export const ARABIC_FAMILY = 'Souk Naskh';
/** Latin first: Noto Naskh has no Latin letters, and Noto Sans has no Arabic, so each script finds its face. */
export const FONT_STACK = `'${LATIN_FAMILY}', '${ARABIC_FAMILY}', sans-serif`;
export const ARABIC_STACK = `'${ARABIC_FAMILY}', '${LATIN_FAMILY}', sans-serif`;

const cache = new Map<string, string>();

function face(family: string, file: string | null, weight: 400 | 700): string {
  if (!file) return '';
  const data = readFileSync(file).toString('base64');
  const format = file.endsWith('.otf') ? 'opentype' : 'truetype';
  return `@font-face{font-family:'${family}';font-weight:${weight};font-style:normal;src:url(data:font/${
    format === 'opentype' ? 'otf' : 'ttf'
  };base64,${data}) format('${format}');}\n`;
}

/** The @font-face rules (about 1.4 MB of base64, read once per process and font file). */
export function fontFaceCss(arabicFontPath?: string): string {
  const files = locateFonts(arabicFontPath);
  const key = JSON.stringify(files);
  let css = cache.get(key);
  if (css === undefined) {
    css =
      face(LATIN_FAMILY, files.latin, 400) +
      face(LATIN_FAMILY, files.latinBold, 700) +
      face(ARABIC_FAMILY, files.arabic, 400) +
      // Without a bold file Chromium would fake bold Arabic as outlines (Type 3): the regular face serves.
      face(ARABIC_FAMILY, files.arabicBold ?? files.arabic, 700);
    cache.set(key, css);
  }
  return css;
}
