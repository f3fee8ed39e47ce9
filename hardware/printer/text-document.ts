import { CODE_PAGE_NUMBER, encodeText, type CodePage, type CommandSet } from '../text/code-pages';

/**
 * Plain lines (X/Z reports, notes) as ESC/POS: initialise, select the code page so French accents
 * print as letters, the lines, feed and cut. Epson selects a page with ESC t n, Star with ESC GS t n.
 */
export function textDocumentEscPos(
  lines: readonly string[],
  options: { commandSet: CommandSet; characterSet?: CodePage; cut?: boolean },
): Buffer {
  const cs = options.characterSet ?? 'PC858_EURO';
  const page = CODE_PAGE_NUMBER[options.commandSet][cs] ?? 0;
  const select = options.commandSet === 'star' ? [0x1b, 0x1d, 0x74, page] : [0x1b, 0x74, page];
  const cut =
    options.cut === false
      ? []
      : options.commandSet === 'star'
        ? [0x1b, 0x64, 0x02]
        : [0x1d, 0x56, 0x42, 0x00];
  return Buffer.concat([
    Buffer.from([0x1b, 0x40, ...select]),
    // Each line encoded on its own and ended by a raw LF: encodeText maps control characters it cannot
    // print to a placeholder, which would run the whole report into one line.
    ...lines.flatMap((l) => [encodeText(l, cs), Buffer.from([0x0a])]),
    Buffer.from([0x0a, 0x0a, 0x0a, ...cut]),
  ]);
}
