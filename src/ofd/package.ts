/**
 * The OFD package as a ZIP file (GB/T 33190 §6), written with fflate. Already-compressed
 * images are stored; XML and fonts are deflated. The file times are the document's, so the
 * same document gives the same bytes.
 */
import { zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import type { OfdFiles } from './ofd-document.ts';

const STORED = /\.(png|jpe?g|dat|esl)$/i;

/** Zips the package's files in their order. */
export function zipOfd(files: OfdFiles, at: Date): Uint8Array {
  const z: Zippable = {};
  for (const [path, bytes] of files) z[path] = [bytes, { level: STORED.test(path) ? 0 : 6, mtime: at }];
  return zipSync(z);
}
