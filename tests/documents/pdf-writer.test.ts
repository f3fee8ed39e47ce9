import { createCanvas } from '@napi-rs/canvas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { A4, PdfDocument, fitText, mm, pdfString, textWidth } from '../../documents/pdf-writer';
import { decodePng } from '../../hardware/labels/png-decode';
import { inspectPdf, pageContent, pageTexts } from './pdf-inspect';

describe('PdfDocument', () => {
  it('writes a valid 1.4 file: header, xref offsets, trailer, page tree', () => {
    const doc = new PdfDocument({ title: 'Relevé', creationDate: new Date(Date.UTC(2026, 0, 31, 12)) });
    for (let i = 0; i < 3; i++) doc.addPage().text(mm(20), mm(270), `Page ${i + 1}`, { size: 12 });
    const pdf = inspectPdf(doc.toBytes());
    expect(pdf.version).toBe('1.4');
    expect(pdf.pages).toHaveLength(3);
    const pagesTree = [...pdf.objects.values()].find((o) => o.dict.includes('/Type /Pages'));
    expect(pagesTree?.dict).toContain('/Count 3');
    expect(pdf.trailer).toMatch(/\/Size (\d+)/);
    expect(Number(/\/Size (\d+)/.exec(pdf.trailer)?.[1])).toBe(pdf.objects.size + 1);
    expect(pdf.pages.map((p) => pageTexts(pdf, p))).toEqual([['Page 1'], ['Page 2'], ['Page 3']]);
    expect(pdf.pages[0]?.dict).toContain(`/MediaBox [0 0 ${A4.width} ${A4.height}]`);
    const info = [...pdf.objects.values()].find((o) => o.dict.includes('/Producer'));
    expect(info?.dict).toContain('/CreationDate (D:20260131120000Z)');
    expect(info?.dict).toContain('/Title (Relev\\351)');
  });

  it('encodes French text in WinAnsi and escapes PDF delimiters', () => {
    expect(pdfString('Coopérative (Aït) \\ œuf')).toBe('(Coop\\351rative \\(A\\357t\\) \\\\ \\234uf)');
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'abcéèàçôùÉ()\\ «»-€'.split('')), maxLength: 30 }),
        (text) => {
          const doc = new PdfDocument();
          doc.addPage().text(10, 10, text);
          const pdf = inspectPdf(doc.toBytes());
          expect(pageTexts(pdf, pdf.pages[0]!)).toEqual([text]);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('draws lines and rectangles with the requested paint operator', () => {
    const doc = new PdfDocument();
    doc.compress = false;
    doc
      .addPage(200, 100)
      .rect(10, 10, 20, 5)
      .rect(40, 10, 20, 5, { stroke: [1, 0, 0], lineWidth: 2 })
      .rect(70, 10, 20, 5, { fill: 0.5, stroke: 0 })
      .line(0, 0, 200, 100, { width: 1.5 });
    const pdf = inspectPdf(doc.toBytes());
    const content = pageContent(pdf, pdf.pages[0]!);
    expect(content).toContain('0 g 10 10 20 5 re f');
    expect(content).toContain('1 0 0 RG 2 w 40 10 20 5 re S');
    expect(content).toContain('0.5 g 0 G 0.5 w 70 10 20 5 re B');
    expect(content).toContain('1.5 w 0 0 m 200 100 l S');
    expect(pdf.pages[0]?.dict).toContain('/MediaBox [0 0 200 100]');
  });

  it('embeds a PNG as an image with its alpha as a soft mask, once for many uses', () => {
    const canvas = createCanvas(7, 5);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = 'rgba(255, 0, 0, 1)';
    ctx.fillRect(0, 0, 3, 5);
    ctx.fillStyle = 'rgba(0, 0, 255, 0.5)';
    ctx.fillRect(3, 0, 4, 2);
    const png = canvas.toBuffer('image/png');
    const doc = new PdfDocument();
    const img = doc.addPng(png);
    doc.addPage().image(img, 10, 10, 70, 50);
    doc.addPage().image(img, 20, 20, 7, 5);
    const pdf = inspectPdf(doc.toBytes());
    const images = [...pdf.objects.values()].filter(
      (o) => o.dict.includes('/Subtype /Image') && o.dict.includes('/SMask'),
    );
    expect(images).toHaveLength(1);
    const image = images[0]!;
    expect(image.dict).toContain('/Width 7 /Height 5');
    expect(image.stream?.subarray(0, 3)).toEqual(Buffer.from([255, 0, 0]));
    const maskId = Number(/\/SMask (\d+) 0 R/.exec(image.dict)?.[1]);
    const mask = pdf.objects.get(maskId)?.stream;
    expect(mask?.length).toBe(35);
    expect(mask?.[0]).toBe(255);
    expect(mask?.[3]).toBeGreaterThan(100); // half-transparent blue
    expect(mask?.[3]).toBeLessThan(160);
    expect(mask?.[4 * 7 - 1]).toBe(0); // untouched corner is transparent
    for (const page of pdf.pages) expect(page.dict).toMatch(/\/XObject << \/Im1 \d+ 0 R >>/);
    expect(pageContent(pdf, pdf.pages[0]!)).toContain('70 0 0 50 10 10 cm /Im1 Do');
  });

  it('decodes PNGs as canvas pixels say they are', () => {
    const canvas = createCanvas(33, 17);
    const ctx = canvas.getContext('2d');
    const gradient = ctx.createLinearGradient(0, 0, 33, 17);
    gradient.addColorStop(0, 'rgba(10, 200, 30, 0.2)');
    gradient.addColorStop(1, 'rgba(250, 20, 90, 1)');
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, 33, 17);
    ctx.fillStyle = '#000';
    ctx.fillRect(5, 5, 3, 3);
    const expected = ctx.getImageData(0, 0, 33, 17).data;
    const decoded = decodePng(canvas.toBuffer('image/png'));
    expect(decoded.width).toBe(33);
    expect(decoded.height).toBe(17);
    // Canvas keeps premultiplied pixels, so translucent ones may differ by a unit after un-premultiplying.
    let maxDiff = 0;
    const rgba = decoded.channels === 4 ? decoded.pixels : null;
    expect(rgba).not.toBeNull();
    for (let i = 0; i < expected.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs((rgba?.[i] ?? 0) - (expected[i] ?? 0)));
    expect(maxDiff).toBeLessThanOrEqual(2);
  });

  it('measures Helvetica so text can be centred and cut to fit', () => {
    expect(textWidth('Hello', 10)).toBeCloseTo((722 + 556 + 222 + 222 + 556) / 100, 5);
    expect(textWidth('é', 10)).toBe(textWidth('e', 10));
    const cut = fitText('Huile d’argan alimentaire pressée à froid', 80, 8, 'bold');
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 8, 'bold')).toBeLessThanOrEqual(80);
    const doc = new PdfDocument();
    doc.compress = false;
    doc.addPage().text(100, 50, 'ab', { align: 'center', size: 10 });
    const pdf = inspectPdf(doc.toBytes());
    expect(pageContent(pdf, pdf.pages[0]!)).toContain(`${100 - textWidth('ab', 10) / 2} 50 Td (ab) Tj`);
  });
});
