/**
 * Appends an incremental update (ISO 32000-1 §7.5.6): new and changed objects, a
 * cross-reference section for them only, and a trailer whose /Prev points at the previous
 * section. The original bytes are left untouched as the prefix of the result, which is what
 * keeps earlier signatures valid.
 *
 * Written by hand rather than with @signpdf/placeholder-plain, which (3.3.0) strips the file's
 * final newline (changing bytes an earlier signature covers), reads classic xref tables only
 * (not the cross-reference streams pdf-lib and most current producers write), always stamps the
 * first page, rewrites page dictionaries by text substitution and writes no appearance stream.
 * pdf-lib's save() rewrites the whole file, so it cannot write a signed revision either.
 */
import type { PdfDocument } from './document.ts';
import type { PdfObject, PdfRef } from './objects.ts';
import { dict, name, ref } from './objects.ts';
import { indirectObjectBytes, objectText } from './serialize.ts';

interface Pending {
  readonly gen: number;
  readonly value: PdfObject;
}

/** The result of {@link IncrementalUpdate.build}. */
export interface BuiltUpdate {
  /** The original bytes followed by the update. */
  readonly pdf: Buffer;
  /** File offset of each object written, by object number. */
  readonly offsets: ReadonlyMap<number, number>;
}

/** Collects objects for one incremental update of `doc`. */
export class IncrementalUpdate {
  private readonly doc: PdfDocument;
  private readonly objects = new Map<number, Pending>();
  private nextNumber: number;

  constructor(doc: PdfDocument) {
    this.doc = doc;
    this.nextNumber = doc.size();
  }

  /** Reserves a new object number. */
  allocate(): PdfRef {
    return ref(this.nextNumber++);
  }

  /** Adds a new object or replaces an existing one (keeping its generation). */
  set(r: PdfRef, value: PdfObject): void {
    this.objects.set(r.num, { gen: r.gen, value });
  }

  /** Adds a new object and returns its reference. */
  add(value: PdfObject): PdfRef {
    const r = this.allocate();
    this.set(r, value);
    return r;
  }

  /** Writes the update after the original bytes. */
  build(): BuiltUpdate {
    const original = this.doc.bytes;
    const parts: Buffer[] = [];
    let pos = original.length;
    const push = (b: Buffer) => {
      parts.push(b);
      pos += b.length;
    };
    const last = original[original.length - 1];
    if (last !== 0x0a && last !== 0x0d) push(Buffer.from('\n'));
    const offsets = new Map<number, number>();
    const gens = new Map<number, number>();
    for (const [num, o] of [...this.objects].sort((a, b) => a[0] - b[0])) {
      offsets.set(num, pos);
      gens.set(num, o.gen);
      push(indirectObjectBytes(num, o.value, o.gen));
    }
    const trailer = dict();
    for (const key of ['Root', 'Info', 'ID']) {
      const v = this.doc.trailer.entries.get(key);
      if (v !== undefined) trailer.entries.set(key, v);
    }
    const xrefOffset = pos;
    if (this.doc.sections[0]!.kind === 'stream') {
      // A file indexed by cross-reference streams gets one too, so that readers that follow only
      // the newest section's kind are not surprised.
      const own = this.allocate();
      offsets.set(own.num, xrefOffset);
      gens.set(own.num, 0);
      const { index, data } = streamEntries(offsets, gens);
      trailer.entries.set('Type', name('XRef'));
      trailer.entries.set('Size', this.nextNumber);
      trailer.entries.set('Index', index);
      trailer.entries.set('W', [1, 4, 2]);
      trailer.entries.set('Prev', this.doc.startxref);
      push(indirectObjectBytes(own.num, { kind: 'stream', dict: trailer, data }));
    } else {
      trailer.entries.set('Size', this.nextNumber);
      trailer.entries.set('Prev', this.doc.startxref);
      push(Buffer.from(`xref\n${tableText(offsets, gens)}trailer\n${objectText(trailer)}\n`, 'latin1'));
    }
    push(Buffer.from(`startxref\n${xrefOffset}\n%%EOF\n`, 'latin1'));
    return { pdf: Buffer.concat([original, ...parts]), offsets };
  }
}

function runs(nums: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of nums) {
    const lastRun = out[out.length - 1];
    if (lastRun !== undefined && lastRun[0] + lastRun[1] === n) lastRun[1]++;
    else out.push([n, 1]);
  }
  return out;
}

function tableText(offsets: Map<number, number>, gens: Map<number, number>): string {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  let s = '';
  let i = 0;
  for (const [first, count] of runs(nums)) {
    s += `${first} ${count}\n`;
    for (let k = 0; k < count; k++, i++) {
      const n = nums[i]!;
      s += `${String(offsets.get(n)).padStart(10, '0')} ${String(gens.get(n)).padStart(5, '0')} n\r\n`;
    }
  }
  return s;
}

function streamEntries(offsets: Map<number, number>, gens: Map<number, number>): { index: PdfObject[]; data: Buffer } {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  const data = Buffer.alloc(nums.length * 7);
  nums.forEach((n, i) => {
    data[i * 7] = 1;
    data.writeUInt32BE(offsets.get(n)!, i * 7 + 1);
    data.writeUInt16BE(gens.get(n)!, i * 7 + 5);
  });
  return { index: runs(nums).flat(), data };
}
