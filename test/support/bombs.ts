// Crafted inputs that cost a careless parser far more than their size: ZIP bombs, XML nesting,
// entity expansion and floods, deep and wide DER. Built deterministically on demand, so that
// the repository holds the recipe rather than the bytes.
import { writeZip } from '../crypto/ofd/zip-writer.ts';

/** One entry of 64 MiB of zeros, honestly declared: about 64 KiB of deflate, a ratio near 1000. */
export function zipRatioBomb(): Uint8Array {
  return writeZip([{ name: 'OFD.xml', data: new Uint8Array(64 << 20) }]);
}

/**
 * 128 entries of 1 MiB of zeros each (at the ratio floor, so each passes alone): 128 MiB declared
 * in some 130 KiB, past the total budget.
 */
export function zipManySmallBombs(): Uint8Array {
  const zeros = new Uint8Array(1 << 20);
  return writeZip(Array.from({ length: 128 }, (_, i) => ({ name: `Doc_0/Res/r${i}.bin`, data: zeros })));
}

/**
 * One compressed stream of 900 KiB of zeros claimed by `entries` central-directory entries at the
 * same local header (the overlapping-file bomb): each declares little, together they declare
 * gigabytes.
 */
export function zipOverlapBomb(entries = 2000): Uint8Array {
  const one = Buffer.from(writeZip([{ name: 'OFD.xml', data: new Uint8Array(900 << 10) }]));
  const eocd = one.length - 22;
  const cdOffset = one.readUInt32LE(eocd + 16);
  const fixed = one.subarray(cdOffset, cdOffset + 46);
  const cd = Buffer.concat(Array.from({ length: entries }, (_, i) => {
    const name = Buffer.from(i === 0 ? 'OFD.xml' : `f${i}.xml`, 'latin1');
    const head = Buffer.from(fixed);
    head.writeUInt16LE(name.length, 28);
    return Buffer.concat([head, name]);
  }));
  const end = Buffer.from(one.subarray(eocd));
  end.writeUInt16LE(entries, 8);
  end.writeUInt16LE(entries, 10);
  end.writeUInt32LE(cd.length, 12);
  return new Uint8Array(Buffer.concat([one.subarray(0, cdOffset), cd, end]));
}

/** More entries than the budget, each empty. */
export function zipManyEntries(n = 5001): Uint8Array {
  return writeZip(Array.from({ length: n }, (_, i) => ({ name: `e${i}`, data: new Uint8Array(0), store: true })));
}

/** An entry name of `depth` folders. */
export function zipDeepName(depth = 40): Uint8Array {
  return writeZip([{ name: `${'d/'.repeat(depth)}OFD.xml`, data: Uint8Array.of(1), store: true }]);
}

/** The classic billion laughs: ten levels of ten references, 10^9 "lol"s once expanded. */
export function xmlBillionLaughs(): string {
  const defs = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) defs.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?><!DOCTYPE lolz [${defs.join('')}]><lolz>&lol9;</lolz>`;
}

/** Elements nested `depth` deep. */
export function xmlDeep(depth = 100_000): string {
  return '<a>'.repeat(depth) + '</a>'.repeat(depth);
}

/** A root with `n` empty children. */
export function xmlWide(n = 40_000): string {
  return `<r>${'<a/>'.repeat(n)}</r>`;
}

/** One start tag with `n` attributes. */
export function xmlLongTag(n = 5_000): string {
  return `<r ${Array.from({ length: n }, (_, i) => `a${i}="1"`).join(' ')}/>`;
}

/** Text of `n` character references. */
export function xmlReferenceFlood(n = 60_000): string {
  return `<r>${'&amp;'.repeat(n)}</r>`;
}

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return [0x80 | out.length, ...out];
}

/** SEQUENCEs nested `depth` deep around a NULL, valid DER at every level. */
export function derDeep(depth = 100_000): Uint8Array {
  // Built inside out into one buffer: each level adds a tag and its length in front.
  const parts: number[][] = [];
  let len = 2;
  for (let i = 0; i < depth; i++) {
    const l = derLength(len);
    parts.push([0x30, ...l]);
    len += 1 + l.length;
  }
  const out = new Uint8Array(len);
  let p = 0;
  for (let i = parts.length - 1; i >= 0; i--) for (const b of parts[i]!) out[p++] = b;
  out[p++] = 0x05;
  out[p] = 0x00;
  return out;
}

/** One SEQUENCE of `n` NULLs. */
export function derWide(n = 150_000): Uint8Array {
  const head = [0x30, ...derLength(2 * n)];
  const out = new Uint8Array(head.length + 2 * n);
  out.set(head);
  for (let i = 0; i < n; i++) out[head.length + 2 * i] = 0x05;
  return out;
}
