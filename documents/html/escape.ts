/**
 * Text into HTML and CSS. Every name on a document comes from a user (a product, a cooperative, a reason
 * typed at the till): escaped here, it can only ever be text, never markup that Chromium would run or load.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** A CSS string literal (for `content:` in the page margin boxes): quotes, backslashes and newlines escaped. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`;
}
