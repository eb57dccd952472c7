// Crafted PDFs that try to exhaust a reader: each kind is built to about a requested size,
// deterministically, so a test or the hostile-upload bench can make the same file at 100 kB or
// 20 MB. Every kind is a well-formed file as far as the header, trailer and cross-reference
// data go, so a reader gets past the first checks and has to do the work the file asks for.
import { deflateRawSync, constants } from 'node:zlib';

export const HOSTILE_KINDS = [
  'object-streams', 'flate', 'page-contents', 'xref-sections', 'xref-loop', 'object-count', 'nesting', 'deep-nesting', 'reference-chain',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** Just under what one stream of an upload may inflate to (UPLOAD_PDF_LIMITS in src/pdf/budget.ts). */
const STREAM_DECODED = 8 * 1024 * 1024 - 1024;
const MAX_OBJECT_NUMBER = 8_388_607;

/** Objects by number; offsets are filled in as the file is written. Text stays text until the end. */
class Writer {
  private readonly parts: (string | Buffer)[] = ['%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'];
  private length = (this.parts[0] as string).length;
  readonly offsets = new Map<number, number>();

  get size(): number {
    return this.length;
  }

  object(num: number, body: string, streamData?: Buffer | string): number {
    const at = this.length;
    this.offsets.set(num, at);
    if (streamData === undefined) {
      this.push(`${num} 0 obj\n${body}\nendobj\n`);
    } else {
      this.push(`${num} 0 obj\n${body}\nstream\n`);
      this.push(streamData);
      this.push('\nendstream\nendobj\n');
    }
    return at;
  }

  raw(text: string): number {
    const at = this.length;
    this.push(text);
    return at;
  }

  finish(startxref: number): Buffer {
    this.push(`startxref\n${startxref}\n%%EOF\n`);
    // Runs of text joined first: a Buffer per object would make a 20 MB file slow to build.
    const out: Buffer[] = [];
    let text: string[] = [];
    for (const p of this.parts) {
      if (typeof p === 'string') {
        text.push(p);
        continue;
      }
      out.push(Buffer.from(text.join(''), 'latin1'), p);
      text = [];
    }
    out.push(Buffer.from(text.join(''), 'latin1'));
    return Buffer.concat(out);
  }

  private push(b: string | Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }
}

/** Adler-32 (RFC 1950) over `b`, continued from `[a, s]`. */
function adler(b: Uint8Array, [a, s]: [number, number]): [number, number] {
  for (const x of b) {
    a = (a + x) % 65521;
    s = (s + a) % 65521;
  }
  return [a, s];
}

/** Adler-32 continued over `n` bytes of value `c`, without touching them. */
function adlerRun(n: number, c: number, [a, s]: [number, number]): [number, number] {
  const N = BigInt(n);
  const C = BigInt(c);
  const a2 = (BigInt(a) + N * C) % 65521n;
  const s2 = (BigInt(s) + N * BigInt(a) + (C * N * (N + 1n)) / 2n) % 65521n;
  return [Number(a2), Number(s2)];
}

const padCache = new Map<string, Buffer>();
/** Raw deflate of `n` bytes of `c`, not final, byte-aligned: the same block serves every file. */
function paddingBlock(n: number, c: number): Buffer {
  const key = `${n}:${c}`;
  let b = padCache.get(key);
  if (b === undefined) {
    b = deflateRawSync(Buffer.alloc(n, c), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
    padCache.set(key, b);
  }
  return b;
}

/**
 * A zlib stream that inflates to `prefix`, then `padding` bytes of `fill`, then `suffix`. The
 * padding is compressed once and reused, so a file of a thousand 64 MB streams is quick to make.
 */
export function zlibBomb(prefix: Buffer, padding: number, fill = 0x20, suffix: Buffer = Buffer.alloc(0)): Buffer {
  const head = deflateRawSync(prefix, { finishFlush: constants.Z_SYNC_FLUSH });
  const tail = deflateRawSync(suffix);
  let sum: [number, number] = [1, 0];
  sum = adler(prefix, sum);
  sum = adlerRun(padding, fill, sum);
  sum = adler(suffix, sum);
  const check = Buffer.alloc(4);
  check.writeUInt32BE(((sum[1] << 16) | sum[0]) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0xda]), head, paddingBlock(padding, fill), tail, check]);
}

/** An uncompressed cross-reference stream (W [1 4 2]) for the given entries. */
function xrefStream(w: Writer, num: number, entries: Map<number, [number, number, number]>, trailer: string): number {
  const nums = [...entries.keys()].sort((a, b) => a - b);
  const data = Buffer.alloc(nums.length * 7);
  const index: number[] = [];
  nums.forEach((n, i) => {
    const [t, f2, f3] = entries.get(n)!;
    data[i * 7] = t;
    data.writeUInt32BE(f2, i * 7 + 1);
    data.writeUInt16BE(f3, i * 7 + 5);
    if (index.length > 0 && index[index.length - 2]! + index[index.length - 1]! === n) index[index.length - 1]!++;
    else index.push(n, 1);
  });
  const size = nums[nums.length - 1]! + 1;
  return w.object(num, `<< /Type /XRef /Size ${size} /W [1 4 2] /Index [${index.join(' ')}] /Length ${data.length} ${trailer} >>`, data);
}

const CATALOG = (fields: string) => `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [${fields}] >> >>`;
const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>';

function skeleton(fields: string, page = PAGE): { w: Writer; entries: Map<number, [number, number, number]> } {
  const w = new Writer();
  const entries = new Map<number, [number, number, number]>([[0, [0, 0, 65535]]]);
  entries.set(1, [1, w.object(1, CATALOG(fields)), 0]);
  entries.set(2, [1, w.object(2, PAGES), 0]);
  entries.set(3, [1, w.object(3, page), 0]);
  return { w, entries };
}

/** A page whose content is many streams of ~8 MB of spaces each: what showing or searching its text reads. */
function pageContents(bytes: number): Buffer {
  const one = zlibBomb(Buffer.from('BT'), STREAM_DECODED).length + 80;
  const count = Math.max(1, Math.floor(bytes / one));
  const refs = Array.from({ length: count }, (_, i) => `${10 + i} 0 R`).join(' ');
  const { w, entries } = skeleton('', `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [${refs}] >>`);
  for (let i = 0; i < count; i++) {
    const data = zlibBomb(Buffer.from('BT'), STREAM_DECODED);
    entries.set(10 + i, [1, w.object(10 + i, `<< /Filter /FlateDecode /Length ${data.length} >>`, data), 0]);
  }
  entries.set(10 + count, [1, w.size, 0]);
  return w.finish(xrefStream(w, 10 + count, entries, '/Root 1 0 R'));
}

/** Signature fields, each in an object stream of its own that inflates to ~64 MB. */
function objectStreams(bytes: number): Buffer {
  const one = zlibBomb(Buffer.from('10 0\n<< /FT /Sig /T (x) >>'), STREAM_DECODED).length + 120;
  const count = Math.max(1, Math.floor(bytes / one));
  const field = (i: number) => 10 + i;
  const stream = (i: number) => 10 + count + i;
  const refs = Array.from({ length: count }, (_, i) => `${field(i)} 0 R`).join(' ');
  const { w, entries } = skeleton(refs);
  for (let i = 0; i < count; i++) {
    const body = Buffer.from(`${field(i)} 0\n<< /FT /Sig /T (f${i}) >>`, 'latin1');
    const data = zlibBomb(body, STREAM_DECODED);
    const first = `${field(i)} 0\n`.length;
    entries.set(stream(i), [1, w.object(stream(i), `<< /Type /ObjStm /N 1 /First ${first} /Filter /FlateDecode /Length ${data.length} >>`, data), 0]);
    entries.set(field(i), [2, stream(i), 0]);
  }
  const xnum = 10 + 2 * count;
  entries.set(xnum, [1, w.size, 0]);
  return w.finish(xrefStream(w, xnum, entries, '/Root 1 0 R'));
}

/** A chain of cross-reference streams (by /Prev), each inflating to ~64 MB of which it uses one entry. */
function flate(bytes: number): Buffer {
  const { w, entries } = skeleton('');
  const one = zlibBomb(Buffer.alloc(0), STREAM_DECODED, 0).length + 160;
  const count = Math.max(1, Math.floor(bytes / one));
  const base = 100;
  entries.set(base, [1, w.size, 0]);
  let prev = xrefStream(w, base, entries, '/Root 1 0 R');
  for (let i = 1; i <= count; i++) {
    // Type-0 (free) entries of one byte each for object 4: all zeros, the best-compressing data.
    const data = zlibBomb(Buffer.alloc(0), STREAM_DECODED, 0);
    prev = w.object(base + i, `<< /Type /XRef /Size ${base + count + 1} /W [1 0 0] /Index [4 1] /Root 1 0 R /Prev ${prev} /Filter /FlateDecode /Length ${data.length} >>`, data);
  }
  return w.finish(prev);
}

/** Classic cross-reference sections chained by /Prev, each naming the same huge /XRefStm. */
function xrefSections(bytes: number): Buffer {
  const { w, entries } = skeleton('');
  const n = Math.floor(STREAM_DECODED / 1);
  const data = zlibBomb(Buffer.alloc(0), Math.min(n, MAX_OBJECT_NUMBER - 10), 0);
  const stm = w.object(9, `<< /Type /XRef /Size ${MAX_OBJECT_NUMBER - 1} /W [1 0 0] /Index [10 ${Math.min(n, MAX_OBJECT_NUMBER - 10)}] /Filter /FlateDecode /Length ${data.length} >>`, data);
  const table = [...entries].map(([num, [t, off]]) => `${num} 1\n${String(off).padStart(10, '0')} ${t === 0 ? '65535 f' : '00000 n'}\r\n`).join('');
  let prev = -1;
  while (w.size < bytes - 200 || prev < 0) {
    const at = w.raw(`xref\n${table}trailer\n<< /Size 10 /Root 1 0 R /XRefStm ${stm}${prev < 0 ? '' : ` /Prev ${prev}`} >>\n`);
    prev = at;
  }
  return w.finish(prev);
}

/** Sections whose /Prev come back round to the newest, padded to size with comments. */
function xrefLoop(bytes: number): Buffer {
  const { w, entries } = skeleton('');
  w.raw(`%${'x'.repeat(Math.max(0, bytes - 1200))}\n`);
  const table = [...entries].map(([num, [t, off]]) => `${num} 1\n${String(off).padStart(10, '0')} ${t === 0 ? '65535 f' : '00000 n'}\r\n`).join('');
  const sectionText = (prev: number) => `xref\n${table}trailer\n<< /Size 4 /Root 1 0 R /Prev ${String(prev).padStart(10, '0')} >>\n`;
  const a = w.size;
  const b = a + sectionText(0).length;
  w.raw(sectionText(b));
  w.raw(sectionText(a));
  return w.finish(b);
}

/** As many objects as a cross-reference stream may number, all free, in a chain of sections. */
function objectCount(bytes: number): Buffer {
  const { w, entries } = skeleton('');
  const count = MAX_OBJECT_NUMBER - 10;
  const one = zlibBomb(Buffer.alloc(0), count, 0).length + 160;
  const sections = Math.max(1, Math.floor(bytes / one));
  const base = 100;
  entries.set(base, [1, w.size, 0]);
  let prev = xrefStream(w, base, entries, '/Root 1 0 R');
  for (let i = 1; i <= sections; i++) {
    const data = zlibBomb(Buffer.alloc(0), count, 0);
    prev = w.object(base + i, `<< /Type /XRef /Size ${MAX_OBJECT_NUMBER} /W [1 0 0] /Index [10 ${count}] /Root 1 0 R /Prev ${prev} /Filter /FlateDecode /Length ${data.length} >>`, data);
  }
  return w.finish(prev);
}

/** Form fields that are arrays and dictionaries nested as deep as a reader allows, many of them. */
function nesting(bytes: number): Buffer {
  const depth = 60;
  const inner = `${'['.repeat(depth)}${'<< /A [1 2 3] >> '.repeat(4)}${']'.repeat(depth)}`;
  const one = inner.length + 60;
  const count = Math.max(1, Math.floor(bytes / one));
  const refs = Array.from({ length: count }, (_, i) => `${10 + i} 0 R`).join(' ');
  const { w, entries } = skeleton(refs);
  for (let i = 0; i < count; i++) entries.set(10 + i, [1, w.object(10 + i, `<< /FT /Sig /Kids ${inner} >>`), 0]);
  const xnum = 10 + count;
  entries.set(xnum, [1, w.size, 0]);
  return w.finish(xrefStream(w, xnum, entries, '/Root 1 0 R'));
}

/** One form field nested far deeper than any reader allows: a stack overflow for a recursive one. */
function deepNesting(bytes: number): Buffer {
  const depth = Math.max(1000, Math.floor((bytes - 600) / 2));
  const { w, entries } = skeleton('10 0 R');
  entries.set(10, [1, w.object(10, `<< /FT /Sig /Kids ${'['.repeat(depth)}${']'.repeat(depth)} >>`), 0]);
  entries.set(11, [1, w.size, 0]);
  return w.finish(xrefStream(w, 11, entries, '/Root 1 0 R'));
}

/** Streams whose indirect /Length is the next such stream, so reading one reads them all. */
function referenceChain(bytes: number): Buffer {
  const one = 90;
  const count = Math.max(2, Math.floor(bytes / one));
  const { w, entries } = skeleton(`${10} 0 R`);
  for (let i = 0; i < count; i++) {
    const num = 10 + i;
    const next = i + 1 < count ? `${num + 1} 0 R` : '0';
    entries.set(num, [1, w.object(num, `<< /FT /Sig /Length ${next} >>`, 'q'), 0]);
  }
  const xnum = 10 + count;
  entries.set(xnum, [1, w.size, 0]);
  return w.finish(xrefStream(w, xnum, entries, '/Root 1 0 R'));
}

const MAKERS: Record<HostileKind, (bytes: number) => Buffer> = {
  'object-streams': objectStreams,
  flate,
  'page-contents': pageContents,
  'xref-sections': xrefSections,
  'xref-loop': xrefLoop,
  'object-count': objectCount,
  nesting,
  'deep-nesting': deepNesting,
  'reference-chain': referenceChain,
};

/** A crafted PDF of `kind`, about `bytes` long (never less than one unit of its attack). */
export function hostilePdf(kind: HostileKind, bytes: number): Buffer {
  return MAKERS[kind](bytes);
}
