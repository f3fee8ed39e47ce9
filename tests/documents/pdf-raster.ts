/**
 * A preview rasteriser for the PDFs our writer produces (the operators it emits, nothing more), so a
 * statement can be looked at as a PNG where no PDF renderer is installed. Helvetica is stood in for by
 * a system sans font; widths differ slightly, layout does not.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { InspectedPdf, PdfObject } from './pdf-inspect';
import { decodeWinAnsi, pageContent } from './pdf-inspect';

type Token = number | string | { name: string } | { str: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\((?:\\.|[^\\)])*\))|\/([^\s/[\]()<>]+)|(-?\d*\.?\d+)|([A-Za-z*'"]+))/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null) {
    if (m[1] !== undefined) {
      const raw = m[1]
        .slice(1, -1)
        .replace(/\\([0-7]{3}|.)/g, (_, e: string) =>
          e.length === 3 ? String.fromCharCode(parseInt(e, 8)) : e,
        );
      out.push({ str: decodeWinAnsi(Buffer.from(raw, 'latin1')) });
    } else if (m[2] !== undefined) out.push({ name: m[2] });
    else if (m[3] !== undefined) out.push(Number(m[3]));
    else if (m[4] !== undefined) out.push(m[4]);
    if (re.lastIndex >= src.length) break;
  }
  return out;
}

function imageCanvas(pdf: InspectedPdf, obj: PdfObject) {
  const w = Number(/\/Width (\d+)/.exec(obj.dict)?.[1]);
  const h = Number(/\/Height (\d+)/.exec(obj.dict)?.[1]);
  const rgb = obj.dict.includes('/DeviceRGB');
  const maskId = /\/SMask (\d+) 0 R/.exec(obj.dict)?.[1];
  const mask = maskId ? pdf.objects.get(Number(maskId))?.stream : undefined;
  const data = obj.stream ?? Buffer.alloc(0);
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    const r = rgb ? data[i * 3] : data[i];
    img.data[i * 4] = r ?? 0;
    img.data[i * 4 + 1] = (rgb ? data[i * 3 + 1] : data[i]) ?? 0;
    img.data[i * 4 + 2] = (rgb ? data[i * 3 + 2] : data[i]) ?? 0;
    img.data[i * 4 + 3] = mask ? (mask[i] ?? 255) : 255;
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

/** One page as a PNG at `dpi`. */
export function rasterPage(pdf: InspectedPdf, page: PdfObject, dpi = 110): Buffer {
  const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(page.dict);
  const pw = Number(box?.[1]);
  const ph = Number(box?.[2]);
  const s = dpi / 72;
  const canvas = createCanvas(Math.ceil(pw * s), Math.ceil(ph * s));
  const ctx: SKRSContext2D = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(s, 0, 0, -s, 0, ph * s);
  const xobjects = new Map<string, number>();
  for (const m of page.dict.matchAll(/\/(Im\d+) (\d+) 0 R/g)) xobjects.set(m[1]!, Number(m[2]));
  const stack: number[] = [];
  const color = (args: number[]) =>
    args.length === 1
      ? `rgb(${args[0]! * 255},${args[0]! * 255},${args[0]! * 255})`
      : `rgb(${args[0]! * 255},${args[1]! * 255},${args[2]! * 255})`;
  let font = { bold: false, size: 10 };
  let tx = 0;
  let lastName = '';
  let lastStr = '';
  let ty = 0;
  for (const t of tokenize(pageContent(pdf, page))) {
    if (typeof t === 'number' || typeof t === 'object') {
      if (typeof t === 'number') stack.push(t);
      else if ('name' in t) lastName = t.name;
      else lastStr = t.str;
      continue;
    }
    const nums = [...stack];
    stack.length = 0;
    switch (t) {
      case 'q':
        ctx.save();
        break;
      case 'Q':
        ctx.restore();
        break;
      case 'cm':
        ctx.transform(nums[0]!, nums[1]!, nums[2]!, nums[3]!, nums[4]!, nums[5]!);
        break;
      case 'g':
      case 'rg':
        ctx.fillStyle = color(nums);
        break;
      case 'G':
      case 'RG':
        ctx.strokeStyle = color(nums);
        break;
      case 'w':
        ctx.lineWidth = nums[0]!;
        break;
      case 'm':
        ctx.beginPath();
        ctx.moveTo(nums[0]!, nums[1]!);
        break;
      case 'l':
        ctx.lineTo(nums[0]!, nums[1]!);
        break;
      case 'S':
        ctx.stroke();
        break;
      case 're':
        ctx.beginPath();
        ctx.rect(nums[0]!, nums[1]!, nums[2]!, nums[3]!);
        break;
      case 'f':
        ctx.fill();
        break;
      case 'B':
        ctx.fill();
        ctx.stroke();
        break;
      case 'Tf':
        font = { bold: lastName === 'F2', size: nums[0]! };
        break;
      case 'Td':
        tx = nums[0]!;
        ty = nums[1]!;
        break;
      case 'Tj':
        ctx.save();
        ctx.translate(tx, ty);
        ctx.scale(1, -1);
        ctx.font = `${font.bold ? 'bold ' : ''}${font.size}px "Liberation Sans", "DejaVu Sans", sans-serif`;
        ctx.fillText(lastStr, 0, 0);
        ctx.restore();
        break;
      case 'Do': {
        const obj = pdf.objects.get(xobjects.get(lastName) ?? -1);
        if (obj) {
          // An image fills the unit square, its first row at the top.
          ctx.save();
          ctx.translate(0, 1);
          ctx.scale(1, -1);
          const img = imageCanvas(pdf, obj);
          ctx.drawImage(img, 0, 0, 1, 1);
          ctx.restore();
        }
        break;
      }
      default:
        break;
    }
  }
  return canvas.toBuffer('image/png');
}
