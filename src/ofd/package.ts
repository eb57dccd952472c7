/**
 * The OFD package as a ZIP file (GB/T 33190 §6), assembled by fflate. Already-compressed images
 * and the signed values are stored; XML and fonts are deflated by node:zlib (native, several
 * times faster than deflating in JavaScript, which cost as much as drawing the page) and handed
 * to fflate's ZIP writer as finished entries; a file whose deflated form the caller already has
 * (a font shared with a PDF) is written from it. Files under 1 KiB are stored: deflating a few
 * hundred bytes saves a few hundred bytes and costs a zlib stream of its own. The file times are
 * the document's, so the same document gives the same bytes.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { Zip } from 'fflate';
import type { ZipInputFile } from 'fflate';
import type { OfdFiles } from './ofd-document.ts';

const STORED = /\.(png|jpe?g|dat|esl)$/i;
const SMALL = 1024;

/** Files whose raw deflate (RFC 1951) is at hand: the file's bytes → that deflate. */
export type DeflatedFiles = ReadonlyMap<Uint8Array, Uint8Array>;

/** One finished entry: its data already in its final (stored or deflated) form. */
function entry(filename: string, bytes: Uint8Array, mtime: Date, deflated?: DeflatedFiles): { file: ZipInputFile; data: Uint8Array } {
  const ready = deflated?.get(bytes);
  const store = ready === undefined && (STORED.test(filename) || bytes.length < SMALL);
  const data = ready ?? (store ? bytes : deflateRawSync(bytes, { level: 6 }));
  return { file: { filename, size: bytes.length, crc: crc32(bytes) | 0, compression: store ? 0 : 8, mtime }, data };
}

/** An entry already in its stored form, copied from another ZIP as it was. */
export interface CopiedEntry {
  readonly path: string;
  readonly data: Uint8Array;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly crc: number;
  readonly size: number;
}

/** Zips entries in their order: new files (compressed here) and copied ones (written as they are). */
export function zipEntries(entries: Iterable<{ path: string; bytes: Uint8Array } | CopiedEntry>, at: Date, deflated?: DeflatedFiles): Uint8Array {
  const chunks: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else chunks.push(chunk);
  });
  for (const item of entries) {
    const e = 'bytes' in item ? entry(item.path, item.bytes, at, deflated)
      : { file: { filename: item.path, size: item.size, crc: item.crc | 0, compression: item.method, mtime: at } as ZipInputFile, data: item.data };
    zip.add(e.file);
    e.file.ondata!(null, e.data as Uint8Array<ArrayBuffer>, true);
  }
  zip.end();
  if (failed !== null) throw failed;
  return Buffer.concat(chunks);
}

/** Zips the package's files in their order; `deflated` gives the compressed form of some. */
export function zipOfd(files: OfdFiles, at: Date, deflated?: DeflatedFiles): Uint8Array {
  return zipEntries([...files].map(([path, bytes]) => ({ path, bytes })), at, deflated);
}
