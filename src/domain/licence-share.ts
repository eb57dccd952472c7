// Showing a licence (亮证): a holder shares one licence for a while with the fields they choose.
//
// A share is reached by an 8-character code typed at a window, or by a link holding a long
// token. The code is 7 random characters and a check character, over an alphabet without the
// characters people confuse (0/O, 1/I/L); the check is a weighted sum modulo 31 (a prime, the
// alphabet's size), so any single wrong character and any swap of two neighbours is caught
// before a lookup is spent on it.
import type { LicenceData, LicenceDefinition } from './licence-template.ts';
import { maskIdNumber, maskName } from './masking.ts';

export const SHARE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const N = SHARE_CODE_ALPHABET.length;

function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += SHARE_CODE_ALPHABET.indexOf(body[i] as string) * (i + 1);
  return SHARE_CODE_ALPHABET[sum % N] as string;
}

/** A share code from random bytes (at least 7); bias is negligible at 256 mod 31. */
export function shareCodeFromRandom(bytes: Uint8Array): string {
  let body = '';
  for (let i = 0; i < 7; i++) body += SHARE_CODE_ALPHABET[(bytes[i] as number) % N];
  return body + checkChar(body);
}

/** The code as people type it: upper case, spaces and dashes dropped. */
export function normalizeShareCode(s: string): string {
  return s.toUpperCase().replace(/[\s-]/g, '');
}

/** True for 8 characters of the alphabet whose last one is the check character of the rest. */
export function isValidShareCode(code: string): boolean {
  if (code.length !== 8 || [...code].some((c) => !SHARE_CODE_ALPHABET.includes(c))) return false;
  return checkChar(code.slice(0, 7)) === code[7];
}

/** Shortest and longest lifetime of a share, and the default for an on-screen QR code. */
export const SHARE_LIFETIME = { minSeconds: 60, defaultSeconds: 300, maxSeconds: 7 * 24 * 3600 } as const;

/** One share of one licence version. */
export interface LicenceShare {
  readonly id: string;
  readonly code: string;
  /** SM3 (hex) of the link token; the token itself is shown once, at creation. */
  readonly tokenSm3: string;
  readonly licenceId: string;
  /** The holder's blind index, so that only the holder's own shares are listed. */
  readonly holderKey: string;
  /** The account that created it (the holder, or the legal person's representative). */
  readonly createdBy: string;
  /** Field names shown in full; every other field is masked or left out. */
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly singleUse: boolean;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  /** For a single-use share: when it was used. */
  readonly usedAt: string | null;
}

/** One look at a share by a verifier. */
export interface ShareAccess {
  readonly shareId: string;
  readonly at: string;
  /** `public` for anyone with the code or link, `app` for a registered verifier system. */
  readonly verifierKind: 'public' | 'app';
  /** The registered verifier's client id or name, when known. */
  readonly verifier: string | null;
  /** Masked client address (first two octets), for the holder's record. */
  readonly clientIpMasked: string | null;
}

/** Why a share cannot be used now, or null when it can. */
export function shareUnusable(share: LicenceShare, now: Date): 'revoked' | 'expired' | 'used' | null {
  if (share.revokedAt !== null) return 'revoked';
  if (now.getTime() >= Date.parse(share.expiresAt)) return 'expired';
  if (share.singleUse && share.usedAt !== null) return 'used';
  return null;
}

/** Fields a holder can choose to disclose in full: any data field except images. */
export function shareableFields(definition: LicenceDefinition): string[] {
  return definition.fields.filter((f) => f.type !== 'image').map((f) => f.name);
}

/** A field as a verifier of a share sees it. */
export interface SharedField {
  readonly field: string;
  readonly label: string;
  readonly value: string;
  readonly masked: boolean;
}

function maskAny(kind: string | undefined, v: string): string {
  if (kind === 'name') return maskName(v);
  if (kind === 'id-number') return maskIdNumber(v);
  const chars = [...v];
  const keep = Math.min(4, Math.floor(chars.length / 4));
  return `${chars.slice(0, keep).join('')}${'*'.repeat(Math.max(1, chars.length - 2 * keep))}${chars.slice(chars.length - keep).join('')}`;
}

/**
 * The data as the share shows it: the chosen fields in full, every other field masked (with its
 * own mask, or keeping at most a quarter of the characters at each end), private fields that
 * were not chosen and images left out.
 */
export function shareDisclosure(definition: LicenceDefinition, data: LicenceData, fields: readonly string[]): SharedField[] {
  const chosen = new Set(fields);
  const out: SharedField[] = [];
  for (const f of definition.fields) {
    const v = data[f.name];
    if (v === undefined || f.type === 'image') continue;
    if (chosen.has(f.name)) out.push({ field: f.name, label: f.label, value: v, masked: false });
    else if (f.disclosure !== 'private') out.push({ field: f.name, label: f.label, value: maskAny(f.mask, v), masked: true });
  }
  return out;
}

/** `203.0.113.7` → `203.0.*.*`; IPv6 keeps its first two groups. */
export function maskClientIp(ip: string | null): string | null {
  if (ip === null || ip === '') return null;
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.\d+\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.*.*`;
  const groups = ip.split(':');
  return `${groups.slice(0, 2).join(':')}:*`;
}
