import type { ReceiptDocument } from './document';
import { hasArabic } from './document';
import type { Cell } from './layout';
import { layoutReceipt } from './layout';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function cellHtml(cell: Cell, flex: string): string {
  const dir = hasArabic(cell.text) ? 'rtl' : 'ltr';
  return `<span dir="${dir}" style="flex:${flex};text-align:${cell.align};white-space:pre-wrap">${escapeHtml(cell.text)}</span>`;
}

/**
 * The receipt as a self-contained HTML fragment for the reprint dialog and the preview. Rows keep their
 * physical left/right order (the layout already mirrored them for Arabic), so each row is laid out
 * left-to-right while every cell carries its own text direction.
 */
export function renderReceiptHtml(doc: ReceiptDocument): string {
  const lang = doc.language;
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  const parts: string[] = [
    `<div class="receipt" lang="${lang}" dir="${dir}" style="font-family:monospace;max-width:48ch">`,
  ];
  for (const block of layoutReceipt(doc)) {
    switch (block.kind) {
      case 'rule':
        parts.push('<hr class="receipt-rule">');
        break;
      case 'blank':
        parts.push('<div class="receipt-blank">&nbsp;</div>');
        break;
      case 'barcode':
        parts.push(
          `<div class="receipt-barcode" data-code128="${escapeHtml(block.data)}" style="text-align:center">${escapeHtml(block.data)}</div>`,
        );
        break;
      case 'table': {
        const cell = (tag: string, t: string, i: number): string =>
          `<${tag} style="text-align:${block.aligns[i] ?? 'left'}">${escapeHtml(t)}</${tag}>`;
        parts.push('<table class="receipt-table" dir="ltr" style="width:100%;border-collapse:collapse">');
        parts.push(`<tr>${block.header.map((t, i) => cell('th', t, i)).join('')}</tr>`);
        for (const row of block.rows) parts.push(`<tr>${row.map((t, i) => cell('td', t, i)).join('')}</tr>`);
        parts.push('</table>');
        break;
      }
      case 'row': {
        const style = [
          'display:flex',
          'gap:1ch',
          block.bold ? 'font-weight:bold' : '',
          block.tall ? 'font-size:1.4em' : '',
        ]
          .filter((s) => s !== '')
          .join(';');
        const shares = block.cells.some((c) => c.share !== undefined);
        const cells = block.cells.map((c, i) =>
          cellHtml(c, shares ? String(c.share ?? 1) : i === 0 ? '1 1 auto' : '0 0 auto'),
        );
        parts.push(`<div class="receipt-row" dir="ltr" style="${style}">${cells.join('')}</div>`);
        break;
      }
    }
  }
  parts.push('</div>');
  return parts.join('\n');
}
