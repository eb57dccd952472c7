/**
 * A PDF object parser (ISO 32000-1 §7.2–7.3) over a byte array. It reads one object at a time
 * at a given offset, so a document is read lazily through its cross-reference table and a large
 * file costs only the objects we look at. Nesting is bounded and every loop advances, so no
 * input makes it overflow the stack or hang; a failure is ERR_PDF_MALFORMED, or ERR_PDF_BUDGET
 * past the nesting limit or the budget of the document read.
 */
import type { PdfBudget } from './budget.ts';
import { DEFAULT_PDF_LIMITS } from './budget.ts';
import { PdfError, malformedPdf } from './errors.ts';
import type { PdfDict, PdfObject, PdfRef, PdfStream, PdfString } from './objects.ts';
import { isNumber, isRef } from './objects.ts';

/** True for PDF white-space bytes (§7.2.2). */
export function isWhite(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
}

function isDelimiter(b: number | undefined): boolean {
  return b === 0x28 || b === 0x29 || b === 0x3c || b === 0x3e || b === 0x5b || b === 0x5d ||
    b === 0x7b || b === 0x7d || b === 0x2f || b === 0x25;
}

function isRegular(b: number | undefined): boolean {
  return b !== undefined && !isWhite(b) && !isDelimiter(b);
}

/** Resolves an indirect /Length of a stream; undefined when it cannot. */
export type LengthResolver = (r: PdfRef) => number | undefined;

/**
 * A cursor over a byte array. `inFile` says whether offsets are file offsets. With a budget,
 * every object parsed and every byte searched is charged to it, and nesting is bounded by it.
 */
export class PdfLexer {
  readonly buf: Uint8Array;
  pos: number;
  readonly inFile: boolean;
  readonly resolveLength: LengthResolver | undefined;
  readonly budget: PdfBudget | undefined;
  private readonly maxDepth: number;

  constructor(buf: Uint8Array, pos: number, inFile: boolean, resolveLength?: LengthResolver, budget?: PdfBudget) {
    this.buf = buf;
    this.pos = pos;
    this.inFile = inFile;
    this.resolveLength = resolveLength;
    this.budget = budget;
    this.maxDepth = budget?.limits.depth ?? DEFAULT_PDF_LIMITS.depth;
  }

  /** Skips white space and comments. */
  skipSpace(): void {
    const b = this.buf;
    for (;;) {
      while (this.pos < b.length && isWhite(b[this.pos])) this.pos++;
      if (b[this.pos] !== 0x25) return;
      while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
    }
  }

  /** Reads a bare keyword or number token (regular characters). */
  token(): string {
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.buf.length && isRegular(this.buf[this.pos])) this.pos++;
    return latin1(this.buf, start, this.pos);
  }

  /** Reads the token and throws unless it is `kw`. */
  expectKeyword(kw: string): void {
    const t = this.token();
    if (t !== kw) malformedPdf(`expected "${kw}" at ${this.pos}, found "${t.slice(0, 20)}"`);
  }

  /** Reads a non-negative integer token. */
  integer(what: string): number {
    const t = this.token();
    if (!/^\d{1,15}$/.test(t)) malformedPdf(`${what}: expected an integer, found "${t.slice(0, 20)}"`);
    return Number(t);
  }

  /** Reads one object (a reference counts as one). */
  object(depth = 0): PdfObject {
    if (depth > this.maxDepth) throw new PdfError('ERR_PDF_BUDGET', `objects nested deeper than ${this.maxDepth}`);
    this.budget?.chargeWork(1);
    this.skipSpace();
    const b = this.buf;
    const c = b[this.pos];
    if (c === undefined) malformedPdf('unexpected end of data');
    if (c === 0x2f) return this.name();
    if (c === 0x28) return this.literalString();
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) return this.dictOrStream(depth);
      return this.hexStr();
    }
    if (c === 0x5b) return this.array(depth);
    if (c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39)) return this.numberOrRef();
    const t = this.token();
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t === 'null') return null;
    return malformedPdf(`unexpected token "${t.slice(0, 20) || String.fromCharCode(c)}" at ${this.pos}`);
  }

  private name(): PdfObject {
    const b = this.buf;
    this.pos++;
    let s = '';
    while (this.pos < b.length && isRegular(b[this.pos])) {
      const c = b[this.pos]!;
      if (c === 0x23 && /^[0-9a-fA-F]{2}$/.test(latin1(b, this.pos + 1, this.pos + 3))) {
        s += String.fromCharCode(parseInt(latin1(b, this.pos + 1, this.pos + 3), 16));
        this.pos += 3;
      } else {
        s += String.fromCharCode(c);
        this.pos++;
      }
    }
    return { kind: 'name', name: s };
  }

  private numberOrRef(): PdfObject {
    const t = this.token();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t)) malformedPdf(`bad number "${t.slice(0, 20)}"`);
    const n = Number(t);
    if (!/^\d+$/.test(t)) return n;
    // `num gen R` is a reference; look ahead without consuming anything else.
    const save = this.pos;
    const gen = this.token();
    if (/^\d+$/.test(gen)) {
      const r = this.token();
      if (r === 'R') return { kind: 'ref', num: n, gen: Number(gen) } satisfies PdfRef;
    }
    this.pos = save;
    return n;
  }

  private literalString(): PdfString {
    const b = this.buf;
    const start = this.pos;
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c) {
        const e = b[this.pos++];
        if (e === undefined) break;
        const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (simple[e] !== undefined) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let i = 0; i < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; i++) v = v * 8 + b[this.pos++]! - 0x30;
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) out.push(e);
        continue;
      }
      if (c === 0x28) depth++;
      if (c === 0x29 && --depth === 0) {
        this.budget?.chargeBytes(this.pos - start);
        return this.str(Uint8Array.from(out), false, start);
      }
      out.push(c);
    }
    return malformedPdf('unterminated string');
  }

  private hexStr(): PdfString {
    const b = this.buf;
    const start = this.pos;
    this.pos++;
    const end = b.indexOf(0x3e, this.pos);
    if (end < 0) malformedPdf('unterminated hex string');
    this.budget?.chargeBytes(end - start);
    // Written straight into the output: a signature's /Contents runs to tens of kilobytes.
    const bytes = new Uint8Array(Math.ceil((end - this.pos) / 2));
    let n = 0;
    for (let i = this.pos; i < end; i++) {
      const c = b[i]!;
      if (isWhite(c)) continue;
      const v = hexValue(c);
      if (v < 0) malformedPdf('bad character in hex string');
      if (n % 2 === 0) bytes[n >> 1] = v << 4;
      else bytes[n >> 1]! |= v;
      n++;
    }
    this.pos = end + 1;
    return this.str(bytes.subarray(0, (n + 1) >> 1), true, start);
  }

  private str(bytes: Uint8Array, hex: boolean, start: number): PdfString {
    return this.inFile ? { kind: 'string', bytes, hex, start, end: this.pos } : { kind: 'string', bytes, hex, start: -1, end: -1 };
  }

  private array(depth: number): PdfObject[] {
    this.pos++;
    const out: PdfObject[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.buf.length) malformedPdf('unterminated array');
      if (this.buf[this.pos] === 0x5d) {
        this.pos++;
        return out;
      }
      out.push(this.object(depth + 1));
    }
  }

  private dictOrStream(depth: number): PdfDict | PdfStream {
    this.pos += 2;
    const entries = new Map<string, PdfObject>();
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.buf.length) malformedPdf('unterminated dictionary');
      if (this.buf[this.pos] === 0x3e && this.buf[this.pos + 1] === 0x3e) {
        this.pos += 2;
        break;
      }
      const key = this.object(depth + 1);
      if (typeof key !== 'object' || key === null || Array.isArray(key) || key.kind !== 'name') malformedPdf('dictionary key is not a name');
      entries.set(key.name, this.object(depth + 1));
    }
    const dict: PdfDict = { kind: 'dict', entries };
    const save = this.pos;
    if (this.token() !== 'stream') {
      this.pos = save;
      return dict;
    }
    return this.streamBody(dict);
  }

  private streamBody(dict: PdfDict): PdfStream {
    const b = this.buf;
    // The keyword is followed by CRLF or LF (§7.3.8.1); a lone CR is tolerated.
    if (b[this.pos] === 0x0d) this.pos++;
    if (b[this.pos] === 0x0a) this.pos++;
    const start = this.pos;
    let len = dict.entries.get('Length');
    if (isRef(len)) len = this.resolveLength?.(len);
    let end = -1;
    if (isNumber(len) && Number.isInteger(len) && len >= 0 && start + len <= b.length) {
      const after = new PdfLexer(b, start + len, this.inFile, undefined, this.budget);
      if (after.token() === 'endstream') {
        end = start + len;
        this.pos = after.pos;
      }
    }
    if (end < 0) {
      // A wrong /Length is common in the wild; the data then ends before the keyword.
      const at = indexOfAscii(b, 'endstream', start);
      this.budget?.chargeBytes((at < 0 ? b.length : at) - start);
      if (at < 0) malformedPdf('stream without endstream');
      end = at;
      while (end > start && (b[end - 1] === 0x0a || b[end - 1] === 0x0d)) end--;
      this.pos = at + 9;
    }
    return { kind: 'stream', dict, data: b.subarray(start, end) };
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Latin-1 text of `b[start, end)`. */
export function latin1(b: Uint8Array, start: number, end: number): string {
  const stop = Math.min(end, b.length);
  // Tokens are short; a Buffer view per token costs more in garbage collection than the parsing.
  if (stop - start <= 32) {
    let out = '';
    for (let i = start; i < stop; i++) out += String.fromCharCode(b[i]!);
    return out;
  }
  return Buffer.from(b.buffer, b.byteOffset + start, Math.max(0, stop - start)).toString('latin1');
}

/** Offset of the ASCII text `s` in `b` at or after `from`, or -1. */
export function indexOfAscii(b: Uint8Array, s: string, from = 0): number {
  return Buffer.from(b.buffer, b.byteOffset, b.length).indexOf(s, from, 'latin1');
}

/** Offset of the last occurrence of `s` that ends at or before `before`, or -1. */
export function lastIndexOfAscii(b: Uint8Array, s: string, before: number = b.length): number {
  if (before - s.length < 0) return -1;
  return Buffer.from(b.buffer, b.byteOffset, b.length).lastIndexOf(s, before - s.length, 'latin1');
}

/** An indirect object `num gen obj … endobj` read at `offset`. */
export interface IndirectObject {
  readonly num: number;
  readonly gen: number;
  readonly value: PdfObject;
}

/** Reads the indirect object at `offset` of the file. */
export function readIndirectObject(buf: Uint8Array, offset: number, resolveLength?: LengthResolver, budget?: PdfBudget): IndirectObject {
  if (!Number.isInteger(offset) || offset < 0 || offset >= buf.length) malformedPdf(`object offset ${offset} outside the file`);
  const lx = new PdfLexer(buf, offset, true, resolveLength, budget);
  const num = lx.integer('object number');
  const gen = lx.integer('generation');
  lx.expectKeyword('obj');
  const value = lx.object();
  return { num, gen, value };
}
