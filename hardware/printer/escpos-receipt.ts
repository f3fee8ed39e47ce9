import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { ReceiptDocument } from '../../core/receipt/document';
import { hasArabic, validateReceiptDocument } from '../../core/receipt/document';
import type { ReceiptColumns } from '../../core/receipt/layout';
import type { PlacedCell } from '../../core/receipt/layout';
import { layoutReceipt, placedLineToString, placeRow, placeTable } from '../../core/receipt/layout';
import { rasterizeLine } from '../text/arabic';
import { rasterBytes } from './raster';
import type { CodePage, CommandSet } from '../text/code-pages';
import { encodeText, supportsCodePage } from '../text/code-pages';

export type PaperWidth = '58mm' | '80mm';

export const PAPER: Record<PaperWidth, { columns: ReceiptColumns; dots: number }> = {
  '58mm': { columns: 32, dots: 384 },
  '80mm': { columns: 48, dots: 576 },
};

export interface DrawerKick {
  /** 0 = connector pin 2 (drawer 1), 1 = pin 5 (drawer 2). */
  pin: 0 | 1;
  onMs: number;
  offMs: number;
}

export interface EscPosOptions {
  paper: PaperWidth;
  commandSet: CommandSet;
  /** Default PC858_EURO: it holds every French letter and the euro sign on both Epson and Star. */
  characterSet?: CodePage;
  /** Rows per raster command; small printers (or their serial buffers) overflow on tall images. Default 24. */
  sliceRows?: number;
  /** Kick the cash drawer as printing starts, so the cashier can give change meanwhile. */
  drawer?: DrawerKick | null;
  cut?: 'full' | 'partial' | 'none';
}

export class EscPosOptionError extends Error {
  readonly code = 'ESCPOS_OPTION_INVALID';
}

const ESC = 0x1b;
const GS = 0x1d;
const LF = Buffer.from([0x0a]);

function clampUnits(ms: number, unitMs: number, max: number): number {
  return Math.min(max, Math.max(1, Math.round(ms / unitMs)));
}

/** ESC p m t1 t2 (Epson; times in 2 ms units) or ESC BEL n1 n2 + BEL/SUB (Star; 10 ms units). */
export function drawerKickBytes(commandSet: CommandSet, kick: DrawerKick): Buffer {
  if (commandSet === 'epson') {
    return Buffer.from([ESC, 0x70, kick.pin, clampUnits(kick.onMs, 2, 255), clampUnits(kick.offMs, 2, 255)]);
  }
  return Buffer.from([
    ESC,
    0x07,
    clampUnits(kick.onMs, 10, 127),
    clampUnits(kick.offMs, 10, 127),
    kick.pin === 0 ? 0x07 : 0x1a,
  ]);
}

function alignLeftBytes(commandSet: CommandSet): Buffer {
  return commandSet === 'epson' ? Buffer.from([ESC, 0x61, 0]) : Buffer.from([ESC, GS, 0x61, 0]);
}

const CHARSET: Record<CodePage, CharacterSet> = {
  PC437_USA: CharacterSet.PC437_USA,
  PC850_MULTILINGUAL: CharacterSet.PC850_MULTILINGUAL,
  PC858_EURO: CharacterSet.PC858_EURO,
  WPC1252: CharacterSet.WPC1252,
};

type Code128Settings = Parameters<ThermalPrinter['code128']>[1];

/**
 * The ESC/POS (or Star line mode) bytes of a receipt. node-thermal-printer provides the command
 * vocabulary; its buffer is built without any connection (the interface URI is only parsed, never
 * opened). Text is encoded here in one code page; rows holding Arabic are rasterised.
 */
export function buildReceiptEscPos(doc: ReceiptDocument, options: EscPosOptions): Buffer {
  validateReceiptDocument(doc);
  const { columns, dots } = PAPER[options.paper];
  const commandSet = options.commandSet;
  const cs = options.characterSet ?? 'PC858_EURO';
  if (!supportsCodePage(commandSet, cs)) {
    throw new EscPosOptionError(`character set ${cs} is not available with the ${commandSet} command set`);
  }
  const sliceRows = options.sliceRows ?? 24;
  if (!Number.isInteger(sliceRows) || sliceRows < 1 || sliceRows > 255) {
    throw new EscPosOptionError(`sliceRows must be an integer in 1..255, got ${sliceRows}`);
  }
  const lib = new ThermalPrinter({
    type: commandSet === 'epson' ? PrinterTypes.EPSON : PrinterTypes.STAR,
    interface: 'tcp://127.0.0.1:9100',
    width: columns,
  });
  // node-thermal-printer concatenates its whole buffer on every append (quadratic on a receipt with
  // images), so each command is taken from it alone and the parts are joined once at the end.
  const parts: Buffer[] = [];
  const printer = {
    add: (b: Buffer): void => void parts.push(b),
    cmd: (f: (p: ThermalPrinter) => void): void => {
      lib.clear();
      f(lib);
      const b = lib.getBuffer() as Buffer | null;
      if (b) parts.push(b);
    },
  };
  printer.add(Buffer.from([ESC, 0x40]));
  printer.cmd((p) => p.setCharacterSet(CHARSET[cs]));
  if (options.drawer) printer.add(drawerKickBytes(commandSet, options.drawer));

  const emitLine = (cells: PlacedCell[], style: { bold?: boolean; tall?: boolean }): void => {
    if (cells.some((c) => hasArabic(c.text))) {
      const image = rasterizeLine(cells, { widthDots: dots, columns, bold: style.bold, tall: style.tall });
      // Raster images obey the justification; an explicit left keeps them on the column grid and
      // separates consecutive images for anyone reading the stream back.
      printer.add(alignLeftBytes(commandSet));
      printer.add(rasterBytes(commandSet, image, sliceRows));
      return;
    }
    if (style.bold) printer.cmd((p) => p.bold(true));
    if (style.tall) printer.cmd((p) => p.setTextDoubleHeight());
    printer.add(encodeText(placedLineToString(cells, columns), cs));
    printer.add(LF);
    if (style.tall) printer.cmd((p) => p.setTextNormal());
    if (style.bold) printer.cmd((p) => p.bold(false));
  };

  for (const block of layoutReceipt(doc)) {
    switch (block.kind) {
      case 'row':
        for (const cells of placeRow(block.cells, columns)) emitLine(cells, block);
        break;
      case 'table': {
        const { lines, headerLines } = placeTable(block, columns);
        lines.forEach((cells, i) => emitLine(cells, { bold: i < headerLines }));
        break;
      }
      case 'rule':
        printer.add(encodeText('-'.repeat(columns), cs));
        printer.add(LF);
        break;
      case 'blank':
        printer.add(LF);
        break;
      case 'barcode': {
        printer.cmd((p) => p.alignCenter());
        const settings =
          commandSet === 'epson'
            ? { hriPos: 2, hriFont: 0, width: 2, height: 60 }
            : { text: 2, width: 'MEDIUM', height: 60 };
        printer.cmd((p) => p.code128(block.data, settings as unknown as Code128Settings));
        printer.add(LF);
        printer.cmd((p) => p.alignLeft());
        break;
      }
    }
  }
  if (options.cut === 'partial') printer.cmd((p) => p.partialCut());
  else if (options.cut !== 'none') printer.cmd((p) => p.cut());
  return Buffer.concat(parts);
}
