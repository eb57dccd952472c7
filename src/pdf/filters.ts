/**
 * Stream decoding for the streams we must read ourselves: cross-reference and object streams.
 * Only FlateDecode (with PNG/TIFF-free predictors 10–15) is supported, which is what writers use
 * for them. Output is capped by the document's budget, so a compressed bomb fails with
 * ERR_PDF_BUDGET instead of exhausting memory.
 */
import { inflateSync } from 'node:zlib';
import { PdfBudget } from './budget.ts';
import { PdfError, malformedPdf } from './errors.ts';
import type { PdfObject, PdfStream } from './objects.ts';
import { dictOf, isDict, isName, isNumber } from './objects.ts';

function filterNames(f: PdfObject | undefined): string[] {
  if (f === undefined || f === null) return [];
  if (isName(f)) return [f.name];
  if (Array.isArray(f) && f.every((x) => isName(x))) return f.map((x) => (x as { name: string }).name);
  return malformedPdf('bad /Filter');
}

/**
 * The decoded data of a stream, charged to `budget` (by default one of its own). Throws
 * ERR_PDF_MALFORMED for unsupported filters or bad data, ERR_PDF_BUDGET past the budget.
 */
export function decodeStream(s: PdfStream, budget: PdfBudget = new PdfBudget()): Uint8Array {
  const filters = filterNames(s.dict.entries.get('Filter'));
  if (filters.length === 0) return s.data;
  if (filters.length > 1 || filters[0] !== 'FlateDecode') malformedPdf(`unsupported stream filter ${filters.join(',')}`);
  const allowance = budget.streamAllowance();
  if (allowance === 0) budget.chargeDecoded(1);
  let out: Uint8Array;
  try {
    // Larger chunks than the default 16 KiB: a stream of many megabytes inflates twice as fast.
    out = inflateSync(s.data, { maxOutputLength: allowance, chunkSize: 64 * 1024 });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PdfError('ERR_PDF_BUDGET', `a stream inflates past the ${allowance} bytes left to this document`);
    }
    return malformedPdf(`stream does not inflate: ${(e as Error).message}`);
  }
  budget.chargeDecoded(out.length);
  let parms = s.dict.entries.get('DecodeParms');
  if (Array.isArray(parms)) parms = parms[0];
  const d = dictOf(parms ?? undefined);
  if (!isDict(d)) return out;
  const predictor = d.entries.get('Predictor');
  if (!isNumber(predictor) || predictor < 10) {
    if (isNumber(predictor) && predictor !== 1) malformedPdf('TIFF predictor not supported');
    return out;
  }
  const colors = numberOr(d.entries.get('Colors'), 1);
  const bpc = numberOr(d.entries.get('BitsPerComponent'), 8);
  const columns = numberOr(d.entries.get('Columns'), 1);
  return unpredictPng(out, Math.ceil((colors * bpc * columns) / 8), Math.max(1, Math.ceil((colors * bpc) / 8)));
}

function numberOr(o: PdfObject | undefined, dflt: number): number {
  if (o === undefined) return dflt;
  if (!isNumber(o) || !Number.isInteger(o) || o < 1 || o > 1 << 20) return malformedPdf('bad predictor parameter');
  return o;
}

/**
 * Reverses PNG row filters (RFC 2083 §6): each row is one filter-type byte and `rowBytes` bytes,
 * `bpp` bytes per complete pixel. Shared with the PNG reader.
 */
export function unpredictPng(data: Uint8Array, rowBytes: number, bpp: number): Uint8Array {
  const stride = rowBytes + 1;
  const rows = Math.floor(data.length / stride);
  const out = new Uint8Array(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    const type = data[r * stride]!;
    const src = r * stride + 1;
    const dst = r * rowBytes;
    const up = dst - rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const x = data[src + i]!;
      const a = i >= bpp ? out[dst + i - bpp]! : 0;
      const b = r > 0 ? out[up + i]! : 0;
      const c = r > 0 && i >= bpp ? out[up + i - bpp]! : 0;
      let v: number;
      switch (type) {
        case 0: v = x; break;
        case 1: v = x + a; break;
        case 2: v = x + b; break;
        case 3: v = x + ((a + b) >> 1); break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default: return malformedPdf(`bad PNG row filter ${type}`);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}
