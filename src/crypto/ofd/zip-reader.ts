/**
 * A small, bounded ZIP reader for OFD packages (an OFD file is a ZIP, GB/T 33190 §7).
 *
 * Why our own: a verifier must read exactly the bytes a viewer would show, and the maintained
 * in-memory unzip (fflate's unzipSync) checks neither CRC-32 nor that each local header names the
 * same file as its central-directory entry, and silently keeps the last of duplicate names. This
 * reader does the minimum an OFD needs, from the central directory, and refuses everything else:
 *  - stored or deflated entries only; no encryption, no ZIP64, no multi-disk archives;
 *  - inflation capped at the declared size, then length and CRC-32 checked;
 *  - names normalised and refused when absolute, with `..`, `.`, an empty folder (`a//b`),
 *    backslashes or NUL, and duplicates refused, also those differing only in case, so that no
 *    two entries can claim the same path (one checked, another shown by a reader that folds
 *    case or collapses slashes, as readers on Windows do);
 *  - sizes or offsets of 0xFFFFFFFF (ZIP64 markers) refused as ZIP64, not read as 4 GiB.
 * Every such failure is `ERR_OFD_MALFORMED`.
 *
 * Budgets, checked on the central directory before anything is inflated, so that a ZIP bomb
 * costs no more than reading its directory: entry count, per-entry and total declared size,
 * compression ratio of large entries, name length and folder depth. Since inflation stops at the
 * declared size, the declared sizes bound the work. Past a budget: `ERR_OFD_TOO_LARGE`.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { CryptoError } from '../errors.ts';

/** Limits; the defaults fit e-invoices and licences with room to spare. */
export interface ZipLimits {
  readonly maxArchiveBytes?: number;
  readonly maxEntries?: number;
  readonly maxEntryBytes?: number;
  /** Sum of the declared sizes of all entries. */
  readonly maxTotalBytes?: number;
  /** Inflated size over compressed size, for entries above {@link ZIP_RATIO_FLOOR} bytes. */
  readonly maxRatio?: number;
  readonly maxNameLength?: number;
  /** Folders in an entry's path. */
  readonly maxNameDepth?: number;
}

const DEFAULTS = {
  maxArchiveBytes: 64 << 20, maxEntries: 5_000, maxEntryBytes: 32 << 20, maxTotalBytes: 96 << 20,
  maxRatio: 100, maxNameLength: 512, maxNameDepth: 16,
};

/** Small entries may compress as well as they like: a few kilobytes of inflation cost nothing. */
export const ZIP_RATIO_FLOOR = 1 << 20;

/** One file in the archive, as the central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  readonly localHeaderOffset: number;
}

/** A ZIP whose entries can be read by name. */
export interface ZipArchive {
  /** File entries by normalised name (directories are left out). */
  readonly entries: ReadonlyMap<string, ZipEntry>;
  /**
   * The inflated bytes of an entry; undefined when there is no such file. A stored entry's bytes
   * are a view of the archive, not a copy (copying a large scanned page cost more than hashing
   * it): read them, never change them.
   */
  read(name: string): Uint8Array | undefined;
  /** An entry's data as stored (compressed or not), unchecked: for copying it into another ZIP. */
  stored(name: string): Uint8Array | undefined;
}

function bad(message: string): never {
  throw new CryptoError('ERR_OFD_MALFORMED', `ZIP: ${message}`);
}

function tooLarge(message: string): never {
  throw new CryptoError('ERR_OFD_TOO_LARGE', `ZIP: ${message}`);
}

/** Normalises a stored name, refusing anything that could point outside the package. */
export function normaliseEntryName(name: string, limits: Pick<typeof DEFAULTS, 'maxNameLength' | 'maxNameDepth'> = DEFAULTS): string {
  if (name.length === 0) bad('empty entry name');
  if (name.length > limits.maxNameLength) tooLarge(`entry name longer than ${limits.maxNameLength} characters`);
  if (/[\\\0]/.test(name) || name.startsWith('/')) bad(`unsafe entry name ${JSON.stringify(name)}`);
  const parts = name.split('/');
  // The last part is empty for a folder entry (`Doc_0/`); an empty part elsewhere is an alias.
  if (parts.some((p, i) => p === '..' || p === '.' || (p === '' && i < parts.length - 1))) bad(`unsafe entry name ${JSON.stringify(name)}`);
  if (parts.length - 1 > limits.maxNameDepth) tooLarge(`entry name nested deeper than ${limits.maxNameDepth} folders`);
  return name;
}

function findEndOfCentralDirectory(b: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, so only that tail is searched.
  const stop = Math.max(0, b.length - 22 - 0xffff);
  for (let p = b.length - 22; p >= stop; p--) {
    if (b.readUInt32LE(p) === 0x06054b50) return p;
  }
  return bad('end of central directory not found');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeName(raw: Buffer): string {
  // Bit 11 marks UTF-8; producers of Chinese OFD files often omit it but still write UTF-8.
  try {
    return utf8.decode(raw);
  } catch {
    return raw.toString('latin1');
  }
}

function readCentralDirectory(b: Buffer, limits: typeof DEFAULTS): Map<string, ZipEntry> {
  const eocd = findEndOfCentralDirectory(b);
  if (b.readUInt16LE(eocd + 4) !== 0 || b.readUInt16LE(eocd + 6) !== 0) bad('multi-disk archives are not supported');
  const count = b.readUInt16LE(eocd + 10);
  const cdSize = b.readUInt32LE(eocd + 12);
  const cdOffset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) bad('ZIP64 is not supported');
  if (count > limits.maxEntries) tooLarge(`more than ${limits.maxEntries} entries`);
  if (cdOffset + cdSize > eocd) bad('central directory overlaps its end record');
  const entries = new Map<string, ZipEntry>();
  const folded = new Set<string>();
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || b.readUInt32LE(p) !== 0x02014b50) bad('bad central directory entry');
    const flags = b.readUInt16LE(p + 8);
    const method = b.readUInt16LE(p + 10);
    const nameLen = b.readUInt16LE(p + 28);
    const next = p + 46 + nameLen + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
    if (next > eocd) bad('central directory entry overruns');
    const rawName = decodeName(b.subarray(p + 46, p + 46 + nameLen));
    const entry: ZipEntry = {
      name: normaliseEntryName(rawName, limits), method, crc32: b.readUInt32LE(p + 16),
      compressedSize: b.readUInt32LE(p + 20), size: b.readUInt32LE(p + 24), localHeaderOffset: b.readUInt32LE(p + 42),
    };
    p = next;
    if ((flags & 1) !== 0) bad(`${rawName}: encrypted entries are not supported`);
    if ([entry.size, entry.compressedSize, entry.localHeaderOffset].includes(0xffffffff)) bad(`${rawName}: ZIP64 is not supported`);
    if (entry.name.endsWith('/')) continue;
    if (method !== 0 && method !== 8) bad(`${rawName}: compression method ${method} is not supported`);
    if (entry.size > limits.maxEntryBytes) tooLarge(`${rawName}: larger than ${limits.maxEntryBytes} bytes`);
    if (entry.size > ZIP_RATIO_FLOOR && entry.size > entry.compressedSize * limits.maxRatio) {
      tooLarge(`${rawName}: inflates more than ${limits.maxRatio} times`);
    }
    total += entry.size;
    if (total > limits.maxTotalBytes) tooLarge(`entries larger than ${limits.maxTotalBytes} bytes in all`);
    const key = entry.name.toLowerCase();
    if (folded.has(key)) bad(`duplicate entry ${rawName}`);
    folded.add(key);
    entries.set(entry.name, entry);
  }
  return entries;
}

function entryData(b: Buffer, e: ZipEntry): Buffer {
  const p = e.localHeaderOffset;
  if (p + 30 > b.length || b.readUInt32LE(p) !== 0x04034b50) bad(`${e.name}: bad local header`);
  const nameLen = b.readUInt16LE(p + 26);
  const start = p + 30 + nameLen + b.readUInt16LE(p + 28);
  if (decodeName(b.subarray(p + 30, p + 30 + nameLen)) !== e.name) bad(`${e.name}: local header names another file`);
  // Sizes come from the central directory: with a data descriptor the local header holds zeros.
  if (start + e.compressedSize > b.length) bad(`${e.name}: data overruns the archive`);
  return b.subarray(start, start + e.compressedSize);
}

/**
 * Opens a ZIP held in memory. Throws `ERR_OFD_MALFORMED` for anything outside the subset
 * described above; {@link ZipArchive.read} throws the same for a damaged entry or when the
 * total inflated size would exceed the limit.
 */
export function openZip(bytes: Uint8Array, limits: ZipLimits = {}): ZipArchive {
  const lim = { ...DEFAULTS, ...limits };
  if (!(bytes instanceof Uint8Array)) bad('input is not a byte array');
  if (bytes.length > lim.maxArchiveBytes) tooLarge(`larger than ${lim.maxArchiveBytes} bytes`);
  if (bytes.length < 22) bad('too short');
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readCentralDirectory(b, lim);
  let budget = lim.maxTotalBytes;
  return {
    entries,
    stored(name: string): Uint8Array | undefined {
      const e = entries.get(name);
      return e === undefined ? undefined : entryData(b, e);
    },
    read(name: string): Uint8Array | undefined {
      const e = entries.get(name);
      if (e === undefined) return undefined;
      if (e.size > budget) tooLarge('total inflated size exceeds the limit');
      const data = entryData(b, e);
      let out: Buffer;
      try {
        out = e.method === 0 ? data : inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
      } catch {
        return bad(`${e.name}: cannot be inflated within its declared size`);
      }
      if (out.length !== e.size) bad(`${e.name}: size differs from the central directory`);
      if (crc32(out) !== e.crc32) bad(`${e.name}: CRC-32 mismatch`);
      budget -= out.length;
      return new Uint8Array(out.buffer, out.byteOffset, out.length);
    },
  };
}
