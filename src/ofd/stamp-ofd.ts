/**
 * Stamping an OFD file someone brings (用章 on OFD), in two halves around the signing so that
 * the seal's key never leaves its thread. Steps of `planOfdStamp`: open the package (bounded
 * ZIP and XML readers) → the first document's pages and signature list (OFD.xml gains the
 * list's name when it has none: that is the only change to a file before the first seal) → the
 * place: a page and centre in mm, the centre of a keyword shown on a page, or a cross-page seal
 * (骑缝章) → the next Sign_N folder → Signature.xml with the SM3 of every protected file (see
 * seal-ofd.ts for which) and one StampAnnot per picture. `writeOfdStamp` then writes the package
 * again: every entry copied as stored (no inflating or deflating of the document), the changed
 * OFD.xml and signature list in their places, the new signature's two files at the end.
 *
 * A cross-page seal over N pages is one signature with N StampAnnots: page i shows the i-th of
 * N vertical strips of the seal at its right edge (the whole seal's Boundary, shifted so that
 * strip i meets the edge, and a Clip keeping only that strip), so the pages fanned out show the
 * whole seal.
 */
import { createHash } from 'node:crypto';
import { CryptoError } from '../crypto/errors.ts';
import { openZip } from '../crypto/ofd/zip-reader.ts';
import type { ZipLimits } from '../crypto/ofd/zip-reader.ts';
import { sm3 } from '../crypto/sm3.ts';
import { findOfdKeyword, pageSize, readOfdDocument } from './ofd-pages.ts';
import { zipEntries } from './package.ts';
import type { CopiedEntry } from './package.ts';
import { listEntry, nextEntry, signatureXmlOf } from './seal-ofd.ts';
import type { OfdStampAnnot } from './seal-ofd.ts';
import { utf8 } from './xml.ts';

/** Where the seal's centre goes (mm from the page's top-left corner, y downwards; pages from 1). */
export type OfdStampAt = { page: number; x: number; y: number } | { page?: number; keyword: string } | { crossPage: { y: number } };

export interface PlanOfdStampInput {
  ofd: Uint8Array;
  at: OfdStampAt;
  /** The seal's size in mm. */
  width: number;
  height: number;
  time: Date;
  /** ProviderName in Signature.xml. */
  provider: string;
  maxBytes: number;
}

export interface OfdStampPlan {
  signatureXml: Uint8Array;
  signatureXmlPath: string;
  signedValuePath: string;
  /** The signature list with the new entry. */
  listPath: string;
  list: Uint8Array;
  /** OFD.xml when it had to name the signature list. */
  ofdXml?: Uint8Array;
  /** SM3 of Signature.xml: the SES_Signature's dataHash. */
  digest: Uint8Array;
  /** 1-based page and centre in mm, or null for a cross-page seal. */
  place: { page: number; x: number; y: number } | null;
}

function fail(code: string, message: string): never {
  throw new CryptoError(code as `ERR_${string}`, `OFD: ${message}`);
}

const DEFAULT_LIST = 'Signs/Signatures.xml';

/** OFD.xml naming the signature list `loc` in its (first) DocBody. */
function withSignatures(ofdXml: Uint8Array, loc: string): Uint8Array {
  const text = Buffer.from(ofdXml).toString('utf8');
  const m = /<(\w+:)?DocRoot\b[^>]*>[^<]*<\/(?:\w+:)?DocRoot>/.exec(text);
  if (m === null) fail('ERR_OFD_MALFORMED', 'OFD.xml: no DocRoot to add the signature list after');
  const p = m[1] ?? '';
  const at = m.index + m[0].length;
  return utf8(`${text.slice(0, at)}<${p}Signatures>${loc}</${p}Signatures>${text.slice(at)}`);
}

/** The package read, the seal placed and Signature.xml written; CryptoErrors are thrown. */
export function planOfdStamp(input: PlanOfdStampInput): OfdStampPlan {
  const { ofd, at, width: w, height: h } = input;
  if (ofd.length > input.maxBytes) fail('ERR_OFD_TOO_LARGE', `larger than ${input.maxBytes} bytes`);
  const limits: ZipLimits = { maxArchiveBytes: input.maxBytes };
  const zip = openZip(ofd, limits);
  // Each file is inflated once: pages read for placing are hashed from the same bytes.
  const cache = new Map<string, Uint8Array | undefined>();
  const read = (p: string) => {
    if (!cache.has(p)) cache.set(p, zip.read(p));
    return cache.get(p);
  };
  const doc = readOfdDocument(read);
  let ofdXml: Uint8Array | undefined;
  let listPath = doc.listPath;
  if (listPath === undefined) {
    listPath = `${doc.docPath.slice(0, doc.docPath.lastIndexOf('/') + 1)}${DEFAULT_LIST}`;
    ofdXml = withSignatures(read('OFD.xml')!, `/${listPath}`);
  }

  let place: OfdStampPlan['place'] = null;
  let annots: OfdStampAnnot[];
  if ('crossPage' in at) {
    const n = doc.pages.length;
    if (n < 2) fail('ERR_OFD_TOO_FEW_PAGES', 'a cross-page seal needs at least two pages');
    const strip = w / n;
    // Pages that share a content file share its size: each file is looked at once, so a page
    // list naming one file thousands of times costs one look (the list itself is bounded by the
    // XML reader's element budget).
    const widths = new Map<string, number>();
    annots = doc.pages.map((p, i) => {
      const width = widths.get(p.contentPath) ?? pageSize(read, p).width;
      widths.set(p.contentPath, width);
      return { pageId: p.id, boundary: [width - strip * (i + 1), at.crossPage.y - h / 2, w, h], clip: [strip * i, 0, strip, h] };
    });
  } else {
    let centre: { page: number; x: number; y: number };
    if ('keyword' in at) {
      if (at.page !== undefined && (at.page < 1 || at.page > doc.pages.length)) fail('ERR_OFD_PAGE_RANGE', `the document has no page ${at.page}`);
      const found = findOfdKeyword(read, doc, at.keyword, at.page === undefined ? undefined : at.page - 1);
      if (found === undefined) fail('ERR_OFD_KEYWORD_NOT_FOUND', `no page shows ${JSON.stringify(at.keyword)}`);
      // Moved just enough for the whole seal to stay on the page.
      const size = pageSize(read, doc.pages[found.page]!);
      const clamp = (v: number, lo: number, hi: number) => (lo > hi ? v : Math.min(Math.max(v, lo), hi));
      centre = { page: found.page, x: clamp(found.x, w / 2, size.width - w / 2), y: clamp(found.y, h / 2, size.height - h / 2) };
    } else {
      if (at.page < 1 || at.page > doc.pages.length) fail('ERR_OFD_PAGE_RANGE', `the document has no page ${at.page}`);
      const size = pageSize(read, doc.pages[at.page - 1]!);
      if (at.x < 0 || at.y < 0 || at.x > size.width || at.y > size.height) fail('ERR_OFD_RECT_RANGE', `the seal's centre is off page ${at.page} (${size.width} × ${size.height} mm)`);
      centre = { page: at.page - 1, x: at.x, y: at.y };
    }
    place = { page: centre.page + 1, x: centre.x, y: centre.y };
    annots = [{ pageId: doc.pages[centre.page]!.id, boundary: [centre.x - w / 2, centre.y - h / 2, w, h] }];
  }

  const files = [...zip.entries.keys()];
  const entry = nextEntry({ paths: () => files, read }, listPath);
  const signatureXmlPath = `${entry.folder}/Signature.xml`;
  const signedValuePath = `${entry.folder}/SignedValue.dat`;
  const references = function* (): Generator<readonly [string, Uint8Array]> {
    for (const path of files) {
      if (path === listPath) continue;
      const bytes = path === 'OFD.xml' && ofdXml !== undefined ? ofdXml : cache.get(path) ?? zip.read(path)!;
      cache.delete(path);
      yield [path, createHash('sm3').update(bytes).digest()];
    }
  };
  const signatureXml = signatureXmlOf({ provider: input.provider, time: input.time, references: references(), annots, signedValuePath });
  return {
    signatureXml, signatureXmlPath, signedValuePath, listPath, list: utf8(entry.list(listEntry(entry.id, signatureXmlPath))),
    ...(ofdXml === undefined ? {} : { ofdXml }), digest: sm3(signatureXml), place,
  };
}

export interface WriteOfdStampInput {
  ofd: Uint8Array;
  plan: Pick<OfdStampPlan, 'signatureXml' | 'signatureXmlPath' | 'signedValuePath' | 'listPath' | 'list' | 'ofdXml'>;
  /** The SES_Signature (SignedValue.dat). */
  signedValue: Uint8Array;
  time: Date;
  maxBytes: number;
}

/** The stamped package. */
export function writeOfdStamp(input: WriteOfdStampInput): Uint8Array {
  const { plan } = input;
  const zip = openZip(input.ofd, { maxArchiveBytes: input.maxBytes });
  const replaced = new Map<string, Uint8Array>([[plan.listPath, plan.list], ...(plan.ofdXml === undefined ? [] : [['OFD.xml', plan.ofdXml] as const])]);
  const entries: ({ path: string; bytes: Uint8Array } | CopiedEntry)[] = [];
  for (const [path, e] of zip.entries) {
    const now = replaced.get(path);
    if (now !== undefined) {
      entries.push({ path, bytes: now });
      replaced.delete(path);
    } else {
      entries.push({ path, data: zip.stored(path)!, method: e.method, crc: e.crc32, size: e.size });
    }
  }
  for (const [path, bytes] of replaced) entries.push({ path, bytes });
  entries.push({ path: plan.signatureXmlPath, bytes: plan.signatureXml }, { path: plan.signedValuePath, bytes: input.signedValue });
  return zipEntries(entries, input.time);
}

/** Whether the bytes are an OFD package: a ZIP whose entries include OFD.xml. */
export function isOfdPackage(bytes: Uint8Array): boolean {
  if (bytes.length < 30 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return false;
  try {
    return openZip(bytes, { maxArchiveBytes: Math.max(bytes.length, 1) }).entries.has('OFD.xml');
  } catch {
    // A damaged ZIP that names OFD.xml is still an OFD the caller should hear about as such.
    return Buffer.from(bytes.subarray(0, 4096)).includes('OFD.xml');
  }
}
