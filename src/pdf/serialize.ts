/**
 * Writing PDF objects. Strings are always written in hex, which needs no escaping and keeps the
 * output ASCII; reals never use exponent notation, which PDF does not have.
 */
import type { PdfObject, PdfStream } from './objects.ts';
import { hexString } from './objects.ts';

function isRegularNameChar(c: number): boolean {
  return c > 0x20 && c < 0x7f && !'()<>[]{}/%#'.includes(String.fromCharCode(c));
}

function nameText(n: string): string {
  let s = '/';
  for (const ch of Buffer.from(n, 'latin1')) s += isRegularNameChar(ch) ? String.fromCharCode(ch) : `#${ch.toString(16).padStart(2, '0')}`;
  return s;
}

/** A number as PDF writes it: integers plain, reals with up to four decimals. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError('PDF numbers must be finite');
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(4).replace(/\.?0+$/, '');
}

/** Serializes a non-stream object to text. */
export function objectText(o: PdfObject): string {
  if (o === null) return 'null';
  if (typeof o === 'boolean') return o ? 'true' : 'false';
  if (typeof o === 'number') return numberText(o);
  if (Array.isArray(o)) return `[${o.map(objectText).join(' ')}]`;
  switch (o.kind) {
    case 'name': return nameText(o.name);
    case 'string': return `<${Buffer.from(o.bytes).toString('hex')}>`;
    case 'ref': return `${o.num} ${o.gen} R`;
    case 'raw': return o.text;
    case 'dict': {
      let s = '<<';
      for (const [k, v] of o.entries) s += `${nameText(k)} ${objectText(v)}`;
      return `${s}>>`;
    }
    case 'stream': throw new TypeError('streams are written with indirectObjectBytes');
  }
}

/** The bytes of `num gen obj … endobj`, with /Length set for a stream. */
export function indirectObjectBytes(num: number, o: PdfObject, gen = 0): Buffer {
  const head = `${num} ${gen} obj\n`;
  if (typeof o === 'object' && o !== null && !Array.isArray(o) && o.kind === 'stream') return streamBytes(head, o);
  return Buffer.from(`${head}${objectText(o)}\nendobj\n`, 'latin1');
}

function streamBytes(head: string, s: PdfStream): Buffer {
  const entries = new Map(s.dict.entries);
  entries.set('Length', s.data.length);
  const dictText = objectText({ kind: 'dict', entries });
  return Buffer.concat([Buffer.from(`${head}${dictText}\nstream\n`, 'latin1'), s.data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
}

/** A text string (§7.9.2.2): plain bytes for ASCII, UTF-16BE with a byte-order mark otherwise. */
export function textString(s: string): PdfObject {
  if (/^[\x20-\x7e]*$/.test(s)) return hexString(Buffer.from(s, 'latin1'));
  const utf16 = Buffer.from(s, 'utf16le').swap16();
  return hexString(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]));
}

/** Decodes a text string written by any producer (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding as Latin-1). */
export function decodeTextString(bytes: Uint8Array): string {
  // A dangling odd byte after UTF-16BE is dropped, as viewers do.
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2))).swap16().toString('utf16le');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return Buffer.from(bytes.subarray(3)).toString('utf8');
  return Buffer.from(bytes).toString('latin1');
}

/** A PDF date (§7.9.4) in UTC: `D:YYYYMMDDHHmmSSZ`. */
export function pdfDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

/** Parses a PDF date; undefined when it does not read as one. */
export function parsePdfDate(s: string): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s);
  if (m === null) return undefined;
  const [y, mo = '01', d = '01', h = '00', mi = '00', se = '00'] = m.slice(1, 7) as string[];
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  const tz = m[7];
  if (tz !== undefined && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(/'/g, '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return Number.isFinite(t) ? new Date(t) : undefined;
}
