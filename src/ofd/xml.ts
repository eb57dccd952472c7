/** Small helpers for writing OFD XML: escaping, numbers in millimetres, the namespace. */

/** The OFD namespace (GB/T 33190). */
export const OFD_NS = 'http://www.ofdspec.org/2016';

/** The XML declaration every OFD part starts with. */
export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Text or attribute value escaped for XML. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** A length in mm, to 0.001 mm, without trailing zeros (OFD's ST_Double). */
export function mm(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
}

/** A space-separated list of lengths (ST_Array / ST_Box). */
export function mms(ns: readonly number[]): string {
  return ns.map(mm).join(' ');
}

/** `#rrggbb` → `r g b` (an ST_Array colour in the default RGB space). */
export function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `${(n >> 16) & 0xff} ${(n >> 8) & 0xff} ${n & 0xff}`;
}

/** UTF-8 bytes of an XML part. */
export function utf8(xml: string): Uint8Array {
  return Buffer.from(xml, 'utf8');
}
