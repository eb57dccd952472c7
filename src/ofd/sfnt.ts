/**
 * Completing a TrueType subset for a reader that draws characters (an OFD TextCode holds
 * Unicode text): subsetters made for PDF write no cmap, name, OS/2 or post table, since PDF maps
 * codes to glyphs itself. This adds a cmap for the subset's characters and takes OS/2, name and
 * post (as format 3, without glyph names) from the full font. Written here because the font
 * library at hand (fontkit) cannot write these tables for a subset.
 */

interface Table { tag: string; bytes: Uint8Array }

function tablesOf(font: Uint8Array): Map<string, Uint8Array> {
  const v = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const n = v.getUint16(4);
  const out = new Map<string, Uint8Array>();
  for (let i = 0; i < n; i++) {
    const rec = 12 + i * 16;
    const tag = String.fromCharCode(font[rec]!, font[rec + 1]!, font[rec + 2]!, font[rec + 3]!);
    const offset = v.getUint32(rec + 8);
    const length = v.getUint32(rec + 12);
    out.set(tag, font.subarray(offset, offset + length));
  }
  return out;
}

const borrowed = new WeakMap<Uint8Array, Table[]>();

/** OS/2, name and post (format 3) of the full font, read once per font. */
function borrowedTables(full: Uint8Array): Table[] {
  let t = borrowed.get(full);
  if (t !== undefined) return t;
  const tables = tablesOf(full);
  t = [];
  for (const tag of ['OS/2', 'name']) {
    const bytes = tables.get(tag);
    if (bytes !== undefined) t.push({ tag, bytes: Uint8Array.from(bytes) });
  }
  const post = tables.get('post');
  if (post !== undefined && post.length >= 32) {
    const p = Uint8Array.from(post.subarray(0, 32));
    new DataView(p.buffer).setUint32(0, 0x00030000);
    t.push({ tag: 'post', bytes: p });
  }
  borrowed.set(full, t);
  return t;
}

/** cmap with a format 4 subtable (BMP) and a format 12 subtable (all), both for Windows Unicode. */
function cmapTable(glyphOf: ReadonlyMap<number, number>): Uint8Array {
  const pairs = [...glyphOf].sort((a, b) => a[0] - b[0]);
  const bmp = pairs.filter(([cp]) => cp < 0xffff);
  const segs = [...bmp.map(([cp, gid]) => ({ start: cp, end: cp, delta: (gid - cp) & 0xffff })), { start: 0xffff, end: 0xffff, delta: 1 }];
  const segX2 = segs.length * 2;
  const f4len = 16 + segs.length * 8;
  const f12len = 16 + pairs.length * 12;
  const out = new Uint8Array(4 + 16 + f4len + f12len);
  const v = new DataView(out.buffer);
  v.setUint16(0, 0);
  v.setUint16(2, 2);
  v.setUint16(4, 3); v.setUint16(6, 1); v.setUint32(8, 20);
  v.setUint16(12, 3); v.setUint16(14, 10); v.setUint32(16, 20 + f4len);
  let o = 20;
  const pow = 2 ** Math.floor(Math.log2(segs.length));
  v.setUint16(o, 4); v.setUint16(o + 2, f4len); v.setUint16(o + 4, 0);
  v.setUint16(o + 6, segX2); v.setUint16(o + 8, pow * 2); v.setUint16(o + 10, Math.log2(pow)); v.setUint16(o + 12, segX2 - pow * 2);
  o += 14;
  segs.forEach((s, i) => v.setUint16(o + i * 2, s.end));
  o += segX2 + 2; // reservedPad
  segs.forEach((s, i) => v.setUint16(o + i * 2, s.start));
  o += segX2;
  segs.forEach((s, i) => v.setUint16(o + i * 2, s.delta));
  o += segX2 * 2; // idRangeOffset all zero
  v.setUint16(o, 12); v.setUint32(o + 4, f12len); v.setUint32(o + 8, 0); v.setUint32(o + 12, pairs.length);
  o += 16;
  for (const [cp, gid] of pairs) {
    v.setUint32(o, cp); v.setUint32(o + 4, cp); v.setUint32(o + 8, gid);
    o += 12;
  }
  return out;
}

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  let padded = bytes;
  if (bytes.length % 4 !== 0) {
    padded = new Uint8Array(bytes.length + 4 - (bytes.length % 4));
    padded.set(bytes);
  }
  const v = new DataView(padded.buffer, padded.byteOffset, padded.byteLength);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  return sum;
}

/** Writes an sfnt from its tables, with table checksums and head.checkSumAdjustment. */
function writeSfnt(tables: Table[]): Uint8Array {
  const sorted = [...tables].sort((a, b) => (a.tag < b.tag ? -1 : 1));
  const n = sorted.length;
  let size = 12 + n * 16;
  const offsets = sorted.map((t) => {
    const at = size;
    size += (t.bytes.length + 3) & ~3;
    return at;
  });
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  const pow = 2 ** Math.floor(Math.log2(n));
  v.setUint32(0, 0x00010000); v.setUint16(4, n); v.setUint16(6, pow * 16); v.setUint16(8, Math.log2(pow)); v.setUint16(10, n * 16 - pow * 16);
  let headAt = -1;
  sorted.forEach((t, i) => {
    const rec = 12 + i * 16;
    for (let k = 0; k < 4; k++) out[rec + k] = t.tag.charCodeAt(k);
    const bytes = t.tag === 'head' ? Uint8Array.from(t.bytes) : t.bytes;
    if (t.tag === 'head') {
      new DataView(bytes.buffer).setUint32(8, 0);
      headAt = offsets[i]!;
    }
    v.setUint32(rec + 4, checksum(bytes)); v.setUint32(rec + 8, offsets[i]!); v.setUint32(rec + 12, bytes.length);
    out.set(bytes, offsets[i]!);
  });
  if (headAt >= 0) v.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}

/** The subset with a cmap for `glyphOf` (code point → subset glyph) and OS/2, name, post of `full`. */
export function completeTrueTypeSubset(subset: Uint8Array, glyphOf: ReadonlyMap<number, number>, full: Uint8Array): Uint8Array {
  const own = tablesOf(subset);
  const tables: Table[] = [...own].filter(([tag]) => !['cmap', 'OS/2', 'name', 'post'].includes(tag)).map(([tag, bytes]) => ({ tag, bytes }));
  tables.push({ tag: 'cmap', bytes: cmapTable(glyphOf) }, ...borrowedTables(full));
  return writeSfnt(tables);
}
