// Inputs as fast-check generates them: a seed with a few mutations applied (byte flips,
// interesting bytes, truncation, deletion, insertion of random bytes or of a format's tokens,
// duplication of a slice, splicing with another seed, edits of length fields — DER and ZIP
// binary lengths, decimal numbers in text) or, now and then, bytes with no seed at all. Nearly
// half the mutated inputs keep their length, so that offsets into them stay right.
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';

type Op =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'token'; at: number; token: number; replace: number }
  | { kind: 'overwrite'; at: number; token: number; bytes: Uint8Array }
  | { kind: 'duplicate'; at: number; len: number; to: number; times: number }
  | { kind: 'splice'; at: number; other: number; from: number }
  | { kind: 'length'; at: number; width: number; little: boolean; value: number }
  | { kind: 'number'; at: number; value: string };

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0xa0, 0x04, 0x03, 0x02, 0x0a, 0x0d, 0x20, 0x3c, 0x3e, 0x2f, 0x22, 0x2c];
const INTERESTING_LENGTHS = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0xffff, 0x10000, 0x7fffffff, 0xffffffff, 0xfffffffe];
const INTERESTING_NUMBERS = ['0', '-1', '1', '99999999999', '2147483648', '4294967296', '1e308', '-0', '3.5', '007', '18446744073709551616', '.', '+'];

const enc = new TextEncoder();

/** Edits that keep the length: flips, interesting bytes, length fields, overwrites. */
function inPlaceOp(tokenCount: number): Arbitrary<Op> {
  const at = fc.nat();
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at, xor: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('set' as const), at, value: fc.constantFrom(...INTERESTING_BYTES) }),
    fc.record({
      kind: fc.constant('length' as const), at, width: fc.constantFrom(1, 2, 4), little: fc.boolean(),
      value: fc.oneof(fc.constantFrom(...INTERESTING_LENGTHS), fc.nat()),
    }),
    fc.record({ kind: fc.constant('overwrite' as const), at, token: fc.nat(Math.max(0, tokenCount - 1)), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  );
}

function op(seedCount: number, tokenCount: number): Arbitrary<Op> {
  const at = fc.nat();
  const ops: Arbitrary<Op>[] = [
    fc.record({ kind: fc.constant('flip' as const), at, xor: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('set' as const), at, value: fc.constantFrom(...INTERESTING_BYTES) }),
    fc.record({ kind: fc.constant('truncate' as const), at }),
    fc.record({ kind: fc.constant('delete' as const), at, len: fc.integer({ min: 1, max: 256 }) }),
    fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    // Mostly small copies; now and then a large one, which is what makes inputs big and slow.
    fc.record({
      kind: fc.constant('duplicate' as const), at, to: fc.nat(),
      len: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 256 }) }, { weight: 1, arbitrary: fc.integer({ min: 257, max: 4096 }) }),
      times: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 5, max: 64 }) }),
    }),
    fc.record({ kind: fc.constant('splice' as const), at, other: fc.nat(Math.max(0, seedCount - 1)), from: fc.nat() }),
    fc.record({
      kind: fc.constant('length' as const), at, width: fc.constantFrom(1, 2, 4), little: fc.boolean(),
      value: fc.oneof(fc.constantFrom(...INTERESTING_LENGTHS), fc.nat()),
    }),
    fc.record({ kind: fc.constant('number' as const), at, value: fc.oneof(fc.constantFrom(...INTERESTING_NUMBERS), fc.nat().map(String)) }),
  ];
  // Length-preserving edits keep offset-based formats (PDF cross-reference tables, ZIP
  // directories) pointing where they did, so that inputs get past the first lookup.
  ops.push(fc.record({ kind: fc.constant('overwrite' as const), at, token: fc.nat(Math.max(0, tokenCount - 1)), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }));
  if (tokenCount > 0) ops.push(fc.record({ kind: fc.constant('token' as const), at, token: fc.nat(tokenCount - 1), replace: fc.integer({ min: 0, max: 8 }) }));
  return fc.oneof(...ops);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** DER lengths sit after a tag; ZIP lengths are little-endian fields: edit at a likely spot. */
function lengthSpot(b: Uint8Array, at: number): number {
  for (let i = at; i < Math.min(b.length - 1, at + 64); i++) {
    const t = b[i]!;
    if ((t === 0x30 || t === 0x31 || t === 0x04 || t === 0x03 || t === 0x02 || (t & 0xe0) === 0xa0) && b[i + 1]! >= 0x81 && b[i + 1]! <= 0x84) return i + 2;
    if (t === 0x50 && b[i + 1] === 0x4b) return i + 18 + (at % 12);
  }
  return at;
}

function apply(b: Uint8Array, o: Op, seeds: readonly Uint8Array[], tokens: readonly Uint8Array[]): Uint8Array {
  const n = b.length;
  const at = n === 0 ? 0 : o.at % (n + 1);
  switch (o.kind) {
    case 'flip':
    case 'set': {
      if (n === 0) return b;
      const c = Uint8Array.from(b);
      const i = o.at % n;
      c[i] = o.kind === 'flip' ? c[i]! ^ o.xor : o.value;
      return c;
    }
    case 'truncate':
      return b.subarray(0, at);
    case 'delete':
      return concat(b.subarray(0, at), b.subarray(Math.min(n, at + o.len)));
    case 'insert':
      return concat(b.subarray(0, at), o.bytes, b.subarray(at));
    case 'token': {
      const t = tokens[o.token]!;
      return concat(b.subarray(0, at), t, b.subarray(Math.min(n, at + o.replace)));
    }
    case 'overwrite': {
      const src = tokens.length > 0 && o.bytes[0]! % 2 === 0 ? tokens[o.token % tokens.length]! : o.bytes;
      const c = Uint8Array.from(b);
      c.set(src.subarray(0, Math.max(0, n - at)), at);
      return c;
    }
    case 'number': {
      // The next run of ASCII digits at or after the spot (lengths, offsets, /ByteRange, counts),
      // replaced in place when the new number fits (padded with spaces), else spliced in.
      let i = at;
      while (i < n && (b[i]! < 0x30 || b[i]! > 0x39)) i++;
      if (i >= n) return b;
      let j = i;
      while (j < n && b[j]! >= 0x30 && b[j]! <= 0x39) j++;
      const v = o.value.length < j - i ? o.value.padStart(j - i, ' ') : o.value;
      return concat(b.subarray(0, i), enc.encode(v), b.subarray(j));
    }
    case 'duplicate': {
      const slice = b.subarray(at, Math.min(n, at + o.len));
      const to = n === 0 ? 0 : o.to % (n + 1);
      return concat(b.subarray(0, to), ...Array<Uint8Array>(o.times).fill(slice), b.subarray(to));
    }
    case 'splice': {
      const other = seeds[o.other % seeds.length]!;
      return concat(b.subarray(0, at), other.subarray(other.length === 0 ? 0 : o.from % other.length));
    }
    case 'length': {
      const i = lengthSpot(b, n === 0 ? 0 : o.at % n);
      if (i + o.width > n) return b;
      const c = Buffer.from(b);
      const v = o.value % 2 ** (8 * o.width);
      if (o.width === 1) c.writeUInt8(v, i);
      else if (o.width === 2 && o.little) c.writeUInt16LE(v, i);
      else if (o.width === 2) c.writeUInt16BE(v, i);
      else if (o.little) c.writeUInt32LE(v, i);
      else c.writeUInt32BE(v, i);
      return new Uint8Array(c);
    }
  }
}

/** Mutated seeds (most inputs) and raw random bytes (a few), as bytes. */
export function mutatedBytes(seeds: readonly Uint8Array[], tokens: readonly string[] = []): Arbitrary<Uint8Array> {
  const toks = tokens.map((t) => enc.encode(t));
  const mutate = (ops: Arbitrary<Op>) => fc.tuple(fc.nat(seeds.length - 1), fc.array(ops, { minLength: 1, maxLength: 5 }))
    .map(([i, list]) => list.reduce((b, o) => apply(b, o, seeds, toks), seeds[i]!));
  return fc.oneof(
    { weight: 9, arbitrary: mutate(op(seeds.length, toks.length)) },
    { weight: 8, arbitrary: mutate(inPlaceOp(toks.length)) },
    { weight: 2, arbitrary: fc.constantFrom(...seeds) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  );
}

const lossy = new TextDecoder('utf-8');

/** The same for text inputs: mutated as UTF-8 bytes, read back leniently, plus arbitrary strings. */
export function mutatedText(seeds: readonly string[], tokens: readonly string[] = []): Arbitrary<string> {
  return fc.oneof(
    { weight: 19, arbitrary: mutatedBytes(seeds.map((s) => enc.encode(s)), tokens).map((b) => lossy.decode(b)) },
    // Any code points, lone surrogates included (fc.string's full-Unicode units are slow to build).
    { weight: 1, arbitrary: fc.array(fc.nat(0x10ffff), { maxLength: 256 }).map((cps) => String.fromCodePoint(...cps)) },
  );
}
