/**
 * Reads back the PDFs our writer produces, independently of it: checks the cross-reference table
 * against the real byte offsets and extracts objects, streams and shown text. Not a general PDF
 * parser (no object streams, no incremental updates), which the writer never produces.
 */
import { inflateSync } from 'node:zlib';

export interface PdfObject {
  id: number;
  dict: string;
  stream?: Buffer;
}

export interface InspectedPdf {
  version: string;
  objects: Map<number, PdfObject>;
  trailer: string;
  pages: PdfObject[];
}

export function inspectPdf(bytes: Uint8Array): InspectedPdf {
  const buf = Buffer.from(bytes);
  const s = buf.toString('latin1');
  const header = /^%PDF-(\d\.\d)\n/.exec(s);
  if (!header) throw new Error('no %PDF header');
  if (!s.endsWith('%%EOF\n')) throw new Error('no %%EOF at end');
  const startxref = /startxref\n(\d+)\n%%EOF\n$/.exec(s);
  if (!startxref) throw new Error('no startxref');
  const xrefAt = Number(startxref[1]);
  if (s.slice(xrefAt, xrefAt + 5) !== 'xref\n')
    throw new Error(`startxref ${xrefAt} does not point at the xref table`);
  const sub = /^xref\n0 (\d+)\n/.exec(s.slice(xrefAt));
  if (!sub) throw new Error('bad xref subsection');
  const count = Number(sub[1]);
  const entriesAt = xrefAt + sub[0].length;
  const objects = new Map<number, PdfObject>();
  for (let i = 0; i < count; i++) {
    const entry = s.slice(entriesAt + i * 20, entriesAt + (i + 1) * 20);
    if (entry.length !== 20 || !/^\d{10} \d{5} [fn] \n$/.test(entry))
      throw new Error(`xref entry ${i} malformed: ${JSON.stringify(entry)}`);
    if (i === 0) continue;
    const offset = Number(entry.slice(0, 10));
    const head = `${i} 0 obj\n`;
    if (s.slice(offset, offset + head.length) !== head)
      throw new Error(`xref offset of object ${i} is wrong`);
    const start = offset + head.length;
    const end = s.indexOf('\nendobj\n', start);
    const body = s.slice(start, end);
    const streamAt = body.indexOf('\nstream\n');
    if (streamAt < 0) {
      objects.set(i, { id: i, dict: body });
      continue;
    }
    const dict = body.slice(0, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const dataStart = start + streamAt + '\nstream\n'.length;
    let data = buf.subarray(dataStart, dataStart + length);
    if (s.slice(dataStart + length, dataStart + length + 10) !== '\nendstream')
      throw new Error(`stream ${i} /Length is wrong`);
    if (dict.includes('/FlateDecode')) data = inflateSync(data);
    objects.set(i, { id: i, dict, stream: data });
  }
  const trailer = s.slice(s.indexOf('trailer', entriesAt), s.lastIndexOf('startxref'));
  const pages = [...objects.values()].filter((o) => /\/Type \/Page\b(?!s)/.test(o.dict));
  return { version: header[1] ?? '', objects, trailer, pages };
}

/** 0x80-0x9F of Windows-1252 (Node's TextDecoder treats the label as Latin-1); the rest is Latin-1. */
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWinAnsi(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes)
    out += b >= 0x80 && b < 0xa0 ? (CP1252_80_9F[b - 0x80] ?? '') : String.fromCharCode(b);
  return out;
}

/** Text shown on a page by Tj, in content order, decoded from WinAnsi. */
export function pageTexts(pdf: InspectedPdf, page: PdfObject): string[] {
  const contentId = Number(/\/Contents (\d+) 0 R/.exec(page.dict)?.[1]);
  const content = pdf.objects.get(contentId)?.stream?.toString('latin1') ?? '';
  const out: string[] = [];
  for (const m of content.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)) {
    const raw = (m[1] ?? '').replace(/\\([0-7]{3}|.)/g, (_, e: string) =>
      e.length === 3 ? String.fromCharCode(parseInt(e, 8)) : e,
    );
    out.push(decodeWinAnsi(Buffer.from(raw, 'latin1')));
  }
  return out;
}

export function pageContent(pdf: InspectedPdf, page: PdfObject): string {
  const contentId = Number(/\/Contents (\d+) 0 R/.exec(page.dict)?.[1]);
  return pdf.objects.get(contentId)?.stream?.toString('latin1') ?? '';
}
