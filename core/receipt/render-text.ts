import type { ReceiptDocument } from './document';
import type { ReceiptColumns } from './layout';
import { layoutReceipt, placedLineToString, placeRow, placeTable } from './layout';

export interface TextRenderOptions {
  columns: ReceiptColumns;
}

/** The receipt as monospace lines, for logs, the till's preview and tests. */
export function renderReceiptLines(doc: ReceiptDocument, options: TextRenderOptions): string[] {
  const { columns } = options;
  const out: string[] = [];
  for (const block of layoutReceipt(doc)) {
    switch (block.kind) {
      case 'rule':
        out.push('-'.repeat(columns));
        break;
      case 'blank':
        out.push('');
        break;
      case 'barcode': {
        const label = `|||| ${block.data} ||||`;
        out.push(' '.repeat(Math.max(0, Math.floor((columns - label.length) / 2))) + label);
        break;
      }
      case 'table':
        for (const line of placeTable(block, columns).lines) out.push(placedLineToString(line, columns));
        break;
      case 'row':
        for (const line of placeRow(block.cells, columns)) out.push(placedLineToString(line, columns));
        break;
    }
  }
  return out;
}

export function renderReceiptText(doc: ReceiptDocument, options: TextRenderOptions): string {
  return renderReceiptLines(doc, options).join('\n') + '\n';
}
