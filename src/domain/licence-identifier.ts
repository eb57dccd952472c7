// Licence identifiers (GB/T 36904, format inferred from implementations; see STANDARDS.md):
//   1.2.156.3005.2.<type code>.<issuer code>.<serial>.<version>.<check>
// The type code is the defining authority's credit code plus a 3-digit sequence; the issuer code
// is a credit code (or, in some regions, a 6-digit area code); the version has 3 digits; the check
// character is ISO/IEC 7064 MOD 37,36 over everything after the root, dots removed.
import { isValidCreditCode } from './credit-code.ts';

export const LICENCE_ID_ROOT = '1.2.156.3005.2.';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The parts of an identifier. */
export interface LicenceIdentifierParts {
  /** 21 characters: defining authority's credit code + 3-digit sequence. */
  readonly typeCode: string;
  /** 18-character credit code, or a 6-digit area code. */
  readonly issuerCode: string;
  /** Issuer-defined serial: 1–32 upper-case letters and digits. */
  readonly serial: string;
  /** 1–999. */
  readonly version: number;
}

/** A problem with an identifier; `field` names the part. */
export interface LicenceIdentifierProblem {
  readonly field: 'format' | 'typeCode' | 'issuerCode' | 'serial' | 'version' | 'check';
  readonly message: string;
}

/** The result of {@link parseLicenceIdentifier}. */
export interface ParsedLicenceIdentifier extends LicenceIdentifierParts {
  readonly identifier: string;
  readonly check: string;
  /** Problems that the strict mode rejects and the warn mode reports. */
  readonly warnings: readonly LicenceIdentifierProblem[];
}

/** ISO/IEC 7064 MOD 37,36 check character over `body` (characters 0-9, A-Z). Null for other characters. */
export function mod3736CheckChar(body: string): string | null {
  let p = 36;
  for (const ch of body) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    p = (p + v) % 36;
    if (p === 0) p = 36;
    p = (2 * p) % 37;
  }
  return ALPHABET[(37 - p) % 36] as string;
}

const TYPE_CODE = /^[0-9A-Z]{18}\d{3}$/;
const ISSUER_CODE = /^(?:[0-9A-Z]{18}|\d{6})$/;
const SERIAL = /^[0-9A-Z]{1,32}$/;

function partProblems(p: LicenceIdentifierParts): LicenceIdentifierProblem[] {
  const out: LicenceIdentifierProblem[] = [];
  if (!TYPE_CODE.test(p.typeCode)) out.push({ field: 'typeCode', message: 'must be an 18-character credit code and a 3-digit sequence' });
  else if (!isValidCreditCode(p.typeCode.slice(0, 18))) out.push({ field: 'typeCode', message: 'the defining authority\'s credit code fails its GB 32100 check' });
  if (!ISSUER_CODE.test(p.issuerCode)) out.push({ field: 'issuerCode', message: 'must be an 18-character credit code or a 6-digit area code' });
  else if (p.issuerCode.length === 18 && !isValidCreditCode(p.issuerCode)) out.push({ field: 'issuerCode', message: 'the issuer\'s credit code fails its GB 32100 check' });
  if (!SERIAL.test(p.serial)) out.push({ field: 'serial', message: 'must be 1–32 upper-case letters or digits' });
  if (!Number.isInteger(p.version) || p.version < 1 || p.version > 999) out.push({ field: 'version', message: 'must be 1–999' });
  return out;
}

const body = (p: LicenceIdentifierParts): string => `${p.typeCode}${p.issuerCode}${p.serial}${String(p.version).padStart(3, '0')}`;

/**
 * Builds an identifier from its parts. Throws a `LicenceIdentifierError` listing every problem
 * when a part is malformed or a credit code fails its check: identifiers we issue are always clean.
 */
export function formatLicenceIdentifier(p: LicenceIdentifierParts): string {
  const problems = partProblems(p);
  if (problems.length > 0) throw new LicenceIdentifierError(problems);
  const check = mod3736CheckChar(body(p)) as string;
  return `${LICENCE_ID_ROOT}${p.typeCode}.${p.issuerCode}.${p.serial}.${String(p.version).padStart(3, '0')}.${check}`;
}

/** A rejected identifier, with every problem found. */
export class LicenceIdentifierError extends Error {
  readonly problems: readonly LicenceIdentifierProblem[];
  constructor(problems: readonly LicenceIdentifierProblem[]) {
    super(`bad licence identifier: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'LicenceIdentifierError';
    this.problems = problems;
  }
}

/**
 * Parses an identifier. `strict` (issuance, our own data) throws on any problem; `warn` (import of
 * identifiers already in circulation, some of which fail the check) throws only when the shape
 * cannot be read, and returns the other problems as warnings.
 */
export function parseLicenceIdentifier(input: string, mode: 'strict' | 'warn' = 'strict'): ParsedLicenceIdentifier {
  const s = typeof input === 'string' ? input.trim().toUpperCase() : '';
  if (!s.startsWith(LICENCE_ID_ROOT)) throw new LicenceIdentifierError([{ field: 'format', message: `must start with ${LICENCE_ID_ROOT}` }]);
  const parts = s.slice(LICENCE_ID_ROOT.length).split('.');
  if (parts.length !== 5) throw new LicenceIdentifierError([{ field: 'format', message: 'must have five dot-separated parts after the root' }]);
  const [typeCode, issuerCode, serial, versionText, check] = parts as [string, string, string, string, string];
  if (!/^\d{3}$/.test(versionText)) throw new LicenceIdentifierError([{ field: 'version', message: 'must be 3 digits' }]);
  if (!/^[0-9A-Z]$/.test(check)) throw new LicenceIdentifierError([{ field: 'check', message: 'must be one character 0-9 or A-Z' }]);
  const p = { typeCode, issuerCode, serial, version: Number(versionText) };
  const problems = partProblems(p);
  // The check runs over whatever characters are there, so that a damaged but readable identifier is
  // still reported precisely.
  const expected = mod3736CheckChar(`${typeCode}${issuerCode}${serial}${versionText}`);
  if (expected !== check) problems.push({ field: 'check', message: expected === null ? 'cannot be computed over these characters' : `check character is ${check}, expected ${expected}` });
  const shapeBroken = problems.some((x) => x.field === 'typeCode' && !TYPE_CODE.test(typeCode))
    || problems.some((x) => x.field === 'serial' || x.field === 'version')
    || (problems.some((x) => x.field === 'issuerCode') && !ISSUER_CODE.test(issuerCode));
  if (mode === 'strict' ? problems.length > 0 : shapeBroken) throw new LicenceIdentifierError(problems);
  return { identifier: s, ...p, check, warnings: problems };
}

/** True for an identifier that passes the strict parse. */
export function isValidLicenceIdentifier(input: string): boolean {
  try {
    parseLicenceIdentifier(input, 'strict');
    return true;
  } catch {
    return false;
  }
}

/**
 * An unguessable serial from random bytes: 16 characters of 0-9A-Z (≈ 82 bits), so that knowing
 * one licence's identifier says nothing about another's. The caller supplies the randomness.
 */
export function serialFromRandom(random: Uint8Array): string {
  return base36(random, 16);
}

/**
 * An opaque verification handle from random bytes: 16 characters of 0-9A-Z (≈ 82 bits), upper case
 * so that a QR code can hold it in alphanumeric mode.
 */
export function handleFromRandom(random: Uint8Array): string {
  return base36(random, 16);
}

function base36(random: Uint8Array, length: number): string {
  if (!(random instanceof Uint8Array) || random.length < 16) throw new RangeError('need at least 16 random bytes');
  let n = 0n;
  for (const b of random) n = (n << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += ALPHABET[Number(n % 36n)];
    n /= 36n;
  }
  return out;
}

/** The licence identifier a signature names in its (signed) reason, e.g. `营业执照 1.2.156.3005.2.…`. */
export function identifierInReason(reason: string | undefined): string | null {
  const token = (reason ?? '').trim().split(/\s+/).pop() ?? '';
  return token.startsWith(LICENCE_ID_ROOT) ? token.toUpperCase() : null;
}
