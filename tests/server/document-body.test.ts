import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { PDF_TYPE, RESULT_HEADER, documentOf, transferOf, withBase64 } from '../../api/document-body';
import { httpTransport } from '../../renderer/api/transport';
import { useTestStation } from '../helpers/station';

const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';

/**
 * Documents leave the station as their own bytes (issue 10): a 200 x 400 label sheet was a 21 MB base64
 * string on the main thread, then a JSON text around it, then its bytes, and the station's RSS kept them.
 */
describe('a document answered over HTTP', () => {
  const t = useTestStation();
  const sheetInput = () => ({
    items: [
      { productId: t.products.oil.id, copies: 30 },
      { productId: t.products.amlou.id, copies: 2 },
    ],
    layout: '3x8' as const,
  });

  it('is the PDF itself, with the rest of the result in a header, for a client that accepts it', async () => {
    expect(t.station.ctx.reports, 'drawn on the documents worker').toBeTruthy();
    const manager = await t.login(t.users.manager.id, '2468');
    const res = await fetch(`${t.url}/api/labels.sheet`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: `application/json, ${PDF_TYPE}`,
        authorization: `Bearer ${manager}`,
      },
      body: JSON.stringify(sheetInput()),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(PDF_TYPE);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(bytes.byteLength);
    expect(isPdf(bytes)).toBe(true);
    const rest = JSON.parse(decodeURIComponent(res.headers.get(RESULT_HEADER) ?? '')) as Record<
      string,
      unknown
    >;
    expect(rest).toEqual({ labels: 32, pages: 2, warnings: [] });
    expect(t.station.ctx.reports?.stats.offloaded).toBeGreaterThanOrEqual(1);
  });

  it('reaches the renderer’s typed client as bytes, and a JSON client as base64', async () => {
    const manager = await t.login(t.users.manager.id, '2468');
    const answer = await httpTransport(t.url).send('labels.sheet', sheetInput(), manager);
    expect(answer.ok).toBe(true);
    const result = (answer as { result: { pdfBase64: unknown; labels: number; pages: number } }).result;
    expect(result.pdfBase64).toBeInstanceOf(Uint8Array);
    expect(isPdf(result.pdfBase64 as Uint8Array)).toBe(true);
    expect(result).toMatchObject({ labels: 32, pages: 2 });

    // Without an Accept for PDF (tests, scripts, the till host's proxy): the envelope as it always was.
    const json = await t.call('labels.sheet', sheetInput(), manager);
    expect(json.ok).toBe(true);
    expect(typeof json.result.pdfBase64).toBe('string');
    expect(isPdf(Buffer.from(json.result.pdfBase64 as string, 'base64'))).toBe(true);
    expect(json.result).toMatchObject({ labels: 32, pages: 2, warnings: [] });
  });

  it('carries its file name for a statement, and an error stays a JSON envelope', async () => {
    const manager = await t.login(t.users.manager.id, '2468');
    const ask = (input: unknown) =>
      fetch(`${t.url}/api/settlements.pdf`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: PDF_TYPE, authorization: `Bearer ${manager}` },
        body: JSON.stringify(input),
      });
    const res = await ask({ cooperativeId: t.coops.argan.id, periodEnd: Date.now() });
    expect(res.headers.get('content-type')).toBe(PDF_TYPE);
    const rest = JSON.parse(decodeURIComponent(res.headers.get(RESULT_HEADER) ?? '')) as { fileName: string };
    expect(rest.fileName).toMatch(/^releve-brouillon-.+\.pdf$/);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent(rest.fileName)}`,
    );
    expect(isPdf(new Uint8Array(await res.arrayBuffer()))).toBe(true);

    const refused = await ask({ id: 999_999 });
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});

describe('a document between threads', () => {
  it('hands over its own buffer and cuts a pooled view out first', async () => {
    const big = new Uint8Array(1 << 20).fill(7);
    const { result, transfer } = transferOf({ pdfBase64: big, labels: 1 });
    expect(transfer).toEqual([big.buffer]);
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<{ pdfBase64: Uint8Array }>((ok) => port2.once('message', ok));
    port1.postMessage(result, transfer);
    // Moved, not copied: the sender's buffer is now empty.
    expect(big.byteLength).toBe(0);
    expect((await received).pdfBase64.byteLength).toBe(1 << 20);
    port1.close();

    // A small Buffer lives in Node's shared pool: transferring the pool would empty every other Buffer in it.
    const pooled = Buffer.from('%PDF-1.7 tiny');
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    const cut = transferOf({ pdfBase64: pooled });
    expect(cut.transfer[0]).not.toBe(pooled.buffer);
    expect(cut.transfer[0]?.byteLength).toBe(pooled.byteLength);
  });

  it('is base64 only where JSON carries it', () => {
    const bytes = Buffer.from('%PDF-1.7 body');
    expect(withBase64({ fileName: 'a.pdf', pdfBase64: bytes })).toEqual({
      fileName: 'a.pdf',
      pdfBase64: bytes.toString('base64'),
    });
    const plain = { total: 5 };
    expect(withBase64(plain)).toBe(plain);
    expect(documentOf({ pdfBase64: 'JVBERi0=' })).toBeNull();
  });
});
