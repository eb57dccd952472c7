// Test inputs: PDFs made with pdf-lib, a red round seal as PNG, and a signer from the test PKI.
import { deflateSync, crc32 } from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { makePki } from '../crypto/x509/pki.ts';
import type { Pki } from '../crypto/x509/pki.ts';
import { softwareSigner } from '../../src/crypto/signer.ts';
import type { Signer } from '../../src/crypto/signer.ts';

/** A PDF of `pages` A4 pages with a line of text each. */
export async function makePdf(pages = 1, opts: { objectStreams?: boolean; text?: string } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`${opts.text ?? 'Test document'} - page ${i + 1}`, { x: 50, y: 780, size: 14, font });
  }
  return Buffer.from(await doc.save({ useObjectStreams: opts.objectStreams ?? true }));
}

/**
 * A PDF of about `megabytes` MB in 50 kB pages whose content streams hold drawing operators, as
 * bench/seal makes it: 20 MB is the 420-page file the reading budgets are measured against.
 */
export async function largePdf(megabytes: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const perPage = 50_000;
  const pages = Math.ceil((megabytes * 1024 * 1024) / perPage);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595, 842]);
    let ops = '';
    for (let i = 0; ops.length < perPage; i++) ops += `${(i * 7 + p) % 595} ${(i * 13) % 842} m ${(i * 11) % 595} ${(i * 5 + p) % 842} l S\n`;
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(ops)));
  }
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** Encodes RGBA pixels as a PNG (colour type 6, filter 0 on every row). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(rows, y * (width * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A seal-red ring with a filled centre on a transparent background. */
export function sealPng(size = 120): Buffer {
  const px = new Uint8Array(size * size * 4);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const on = (d <= c && d >= c * 0.85) || d <= c * 0.3;
      const i = (y * size + x) * 4;
      px[i] = 0xe6; px[i + 1] = 0x00; px[i + 2] = 0x12; px[i + 3] = on ? 255 : 0;
    }
  }
  return encodePng(size, size, px);
}

export interface TestSigner {
  readonly pki: Pki;
  readonly signer: Signer;
  readonly anchors: Uint8Array[];
}

let cached: Promise<TestSigner> | undefined;

/** The test PKI's seal key as a Signer with its chain (seal cert, seal-maker CA); anchor = root. */
export function testSigner(): Promise<TestSigner> {
  cached ??= (async () => {
    const pki = await makePki();
    const signer = softwareSigner('seal-1', pki.seal.keys.privateKey, [pki.seal.cert.der, pki.sealCa.cert.der]);
    return { pki, signer, anchors: [pki.root.cert.der] };
  })();
  return cached;
}
