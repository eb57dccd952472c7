// The CPU-heavy halves of stamping, as tasks a TaskRunner may run on another thread: reading the
// document (keyword placement, the placeholder, the appearance, the incremental update) with the
// SM3s it needs, and writing the container in with the stamped file's SM3. Signing happens
// between them, on the caller's thread: the seal's key never leaves it. Inputs and results are
// plain data. OFD files take the same two halves in ofd/stamp-ofd.ts.
import { sm3 } from '../../crypto/sm3.ts';
import { byteRangeDigest } from '../../pdf/byte-range.ts';
import type { ByteRange } from '../../pdf/byte-range.ts';
import { embedSignature } from '../../pdf/embed.ts';
import { findKeyword } from '../../pdf/find-text.ts';
import { prepareSignature } from '../../pdf/prepare.ts';
import type { SignatureSubFilter } from '../../pdf/prepare.ts';
import { planOfdStamp, writeOfdStamp } from '../../ofd/stamp-ofd.ts';
import type { OfdStampPlan, PlanOfdStampInput, WriteOfdStampInput } from '../../ofd/stamp-ofd.ts';

/** Where the seal's centre goes: see StampRequest. */
export type StampPlace = { page: number; x: number; y: number } | { page?: number; keyword: string } | { crossPage: { y: number } };

export interface PrepareStampInput {
  pdf: Uint8Array;
  at: StampPlace;
  /** The seal's size in PDF points. */
  width: number;
  height: number;
  image: Uint8Array;
  signingTime: Date;
  name: string;
  reason: string;
  location?: string;
  maxBytes: number;
  /** The container's /SubFilter and the room it needs. */
  subFilter: SignatureSubFilter;
  contentsSize: number;
}

export interface PreparedStamp {
  /** The document with its placeholder, to be signed over `byteRange` and finished. */
  pdf: Uint8Array;
  byteRange: ByteRange;
  fieldName: string;
  /** SM3 of the byte ranges: what the container signs. */
  digest: Uint8Array;
  /** Lower-case hex SM3 of the document as it came. */
  originalSm3: string;
  /** The seal's centre, or null for a cross-page seal. */
  place: { page: number; x: number; y: number } | null;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const asBuffer = (b: Uint8Array) => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length));

/** The keyword's centre, moved just enough for a `w` × `h` seal to stay on the page. */
function keywordPlace(pdf: Uint8Array, at: { page?: number; keyword: string }, w: number, h: number, maxBytes: number) {
  const found = findKeyword(pdf, at.keyword, { ...(at.page === undefined ? {} : { page: at.page }), maxBytes });
  const [x1, y1, x2, y2] = found.mediaBox;
  const clamp = (v: number, lo: number, hi: number) => (lo > hi ? v : Math.min(Math.max(v, lo), hi));
  return { page: found.page, x: clamp(found.x, x1 + w / 2, x2 - w / 2), y: clamp(found.y, y1 + h / 2, y2 - h / 2) };
}

/** The seal placed and its placeholder written; PdfErrors are thrown. */
export function prepareStamp(input: PrepareStampInput): PreparedStamp {
  const { pdf, at, width: w, height: h } = input;
  let place: PreparedStamp['place'] = null;
  if ('keyword' in at) place = keywordPlace(pdf, at, w, h, input.maxBytes);
  else if (!('crossPage' in at)) place = { page: at.page, x: at.x, y: at.y };
  const where = place === null
    ? { crossPage: { y: (at as { crossPage: { y: number } }).crossPage.y - h / 2, width: w, height: h } }
    : { page: place.page, rect: [place.x - w / 2, place.y - h / 2, place.x + w / 2, place.y + h / 2] as const };
  const prepared = prepareSignature(pdf, {
    ...where, image: input.image, signingTime: input.signingTime, name: input.name, reason: input.reason,
    ...(input.location === undefined ? {} : { location: input.location }),
    maxBytes: input.maxBytes, subFilter: input.subFilter, contentsSize: input.contentsSize,
  });
  return {
    pdf: prepared.pdf, byteRange: prepared.byteRange, fieldName: prepared.fieldName,
    digest: byteRangeDigest(prepared.pdf, prepared.byteRange), originalSm3: hex(sm3(pdf)), place,
  };
}

/** The container written into the placeholder (in place), and the stamped file's SM3. */
export function finishStamp(input: { pdf: Uint8Array; byteRange: ByteRange; container: Uint8Array }): { pdf: Uint8Array; documentSm3: string } {
  const pdf = embedSignature(asBuffer(input.pdf), input.byteRange, input.container);
  return { pdf, documentSm3: hex(sm3(pdf)) };
}

/** An OFD file's seal planned (stamp-ofd.ts), with the SM3 of the file as it came. */
export function planOfdTask(input: PlanOfdStampInput): OfdStampPlan & { originalSm3: string } {
  return { ...planOfdStamp(input), originalSm3: hex(sm3(input.ofd)) };
}

/** The stamped OFD file and its SM3. */
export function writeOfdTask(input: WriteOfdStampInput): { ofd: Uint8Array; documentSm3: string } {
  const ofd = writeOfdStamp(input);
  return { ofd, documentSm3: hex(sm3(ofd)) };
}

export const stampTasks = { prepareStamp, finishStamp, planOfdStamp: planOfdTask, writeOfdStamp: writeOfdTask };
