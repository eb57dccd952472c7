// Electronic seals (电子印章): who owns them, what kinds exist, how a seal moves through its
// life, and the 13-character seal code. Rules only; storage and keys live behind ports.
import type { Account } from './account.ts';
import { SECOND_FACTOR_ACR, acrSatisfies } from './assurance.ts';

export const SEAL_KINDS = ['official', 'contract', 'finance', 'licence', 'legal_representative'] as const;
export type SealKind = (typeof SEAL_KINDS)[number];

export type SealShape = 'round' | 'oval' | 'square';

/**
 * Per kind: the digit used in the seal code and as `SES_ESPropertyInfo.type`, the words on the
 * seal, its outline and printed size in millimetres. Sizes follow common practice: 42 mm round
 * for a department's seals (40 mm for an enterprise), 45 × 30 mm oval for contract seals,
 * 40 × 30 mm oval for finance seals, an 18 mm square name seal.
 */
export const SEAL_KIND_INFO: Readonly<Record<SealKind, { code: number; label: string; shape: SealShape; widthMm: number; heightMm: number }>> = {
  official: { code: 1, label: '公章', shape: 'round', widthMm: 42, heightMm: 42 },
  contract: { code: 2, label: '合同专用章', shape: 'oval', widthMm: 45, heightMm: 30 },
  finance: { code: 3, label: '财务专用章', shape: 'oval', widthMm: 40, heightMm: 30 },
  licence: { code: 4, label: '证照专用章', shape: 'round', widthMm: 42, heightMm: 42 },
  legal_representative: { code: 5, label: '法定代表人名章', shape: 'square', widthMm: 18, heightMm: 18 },
};

export function isSealKind(v: unknown): v is SealKind {
  return typeof v === 'string' && (SEAL_KINDS as readonly string[]).includes(v);
}

/** Printed size: round seals of legal persons are 40 mm, of departments 42 mm. */
export function sealSizeMm(kind: SealKind, ownerKind: SealOwnerKind): { width: number; height: number } {
  const info = SEAL_KIND_INFO[kind];
  if (info.shape === 'round' && ownerKind === 'legal_person') return { width: 40, height: 40 };
  return { width: info.widthMm, height: info.heightMm };
}

/** A seal belongs to a government department (from the staff tree) or to a legal person. */
export type SealOwnerKind = 'department' | 'legal_person';

export interface SealOwner {
  kind: SealOwnerKind;
  /** Department id, or the legal person's account id. */
  id: string;
  /** Registered name at the time the seal was made; it is engraved, so it never changes. */
  name: string;
}

/** The organisation key `department:<id>` or `legal_person:<id>` used to compare owners. */
export function ownerKey(owner: Pick<SealOwner, 'kind' | 'id'>): string {
  return `${owner.kind}:${owner.id}`;
}

/**
 * The organisation an account acts for: a staff member's department, a legal person itself.
 * Citizens act for no organisation and so can never use an organisation's seal.
 */
export function organisationOf(account: Account): { kind: SealOwnerKind; id: string } | null {
  if (account.status !== 'active') return null;
  if (account.kind === 'staff' && account.staff) return { kind: 'department', id: account.staff.departmentId };
  if (account.kind === 'legal_person') return { kind: 'legal_person', id: account.id };
  return null;
}

// ── Lifecycle ────────────────────────────────────────────────────────────────────────────────

export const SEAL_STATUSES = ['pending', 'active', 'suspended', 'revoked', 'expired'] as const;
export type SealStatus = (typeof SEAL_STATUSES)[number];

/** Allowed moves. Revoked and expired are final: a new seal is made instead. */
const TRANSITIONS: Readonly<Record<SealStatus, readonly SealStatus[]>> = {
  pending: ['active'],
  active: ['suspended', 'revoked', 'expired'],
  suspended: ['active', 'revoked', 'expired'],
  revoked: [],
  expired: [],
};

export function mayMove(from: SealStatus, to: SealStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Why a seal was revoked; each maps to an RFC 5280 CRL reason for its certificate. */
export const REVOCATION_REASONS = ['unspecified', 'key_compromise', 'superseded', 'cessation', 'affiliation_changed'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export const CRL_REASON_OF: Readonly<Record<RevocationReason, 'unspecified' | 'keyCompromise' | 'superseded' | 'cessationOfOperation' | 'affiliationChanged'>> = {
  unspecified: 'unspecified',
  key_compromise: 'keyCompromise',
  superseded: 'superseded',
  cessation: 'cessationOfOperation',
  affiliation_changed: 'affiliationChanged',
};

/** One change of status, kept forever: verification asks what the status was at a past time. */
export interface SealEvent {
  sealId: string;
  /** 1, 2, … per seal. */
  seq: number;
  /** ISO 8601 UTC. */
  at: string;
  from: SealStatus | null;
  to: SealStatus;
  actorId: string | null;
  /** Free text given by the person making the change (required for every change). */
  reason: string;
  /** For revocations: the reason code that goes into the CRL. */
  revocationReason: RevocationReason | null;
}

export interface Seal {
  id: string;
  /** The 13-character seal code, assigned on approval. */
  code: string | null;
  kind: SealKind;
  /** Name written into the seal data, e.g. `某市市场监督管理局合同专用章`. */
  name: string;
  owner: SealOwner;
  /** For a name seal: the person whose name is engraved. */
  personName: string | null;
  status: SealStatus;
  /** Requested validity in whole years, fixed at application. */
  validityYears: number;
  /** ISO 8601; set on approval. */
  validStart: string | null;
  validEnd: string | null;
  applicantId: string;
  approverId: string | null;
  /** Vault key id of the seal's signing key. */
  keyId: string | null;
  /** Hex serial (as in parsed certificates) of the seal's signer certificate. */
  certificateSerial: string | null;
  certificate: Uint8Array | null;
  /** DER of the GB/T 38540 `SESeal` v4. */
  sesSeal: Uint8Array | null;
  /** PNG, red on transparent. */
  image: Uint8Array | null;
  imageSource: 'generated' | 'uploaded' | null;
  widthMm: number;
  heightMm: number;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency: every stored change increments it. */
  version: number;
}

/** The status as of `now`: an active or suspended seal past its validEnd is expired, swept or not. */
export function effectiveStatus(seal: Pick<Seal, 'status' | 'validEnd'>, now: Date): SealStatus {
  if ((seal.status === 'active' || seal.status === 'suspended') && seal.validEnd !== null && Date.parse(seal.validEnd) <= now.getTime()) return 'expired';
  return seal.status;
}

/**
 * The status at a past moment from the seal's events: the target of the last event at or before
 * `at`, `pending` before any, and `expired` at or after validEnd. This is what verification uses:
 * a seal revoked after a signature does not undo it; one revoked (or suspended) before does.
 */
export function statusAt(events: readonly SealEvent[], validEnd: string | null, at: Date): SealStatus {
  let status: SealStatus = 'pending';
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    if (Date.parse(e.at) <= at.getTime()) status = e.to;
  }
  return effectiveStatus({ status, validEnd }, at);
}

/** The name written into the seal data and certificate. */
export function sealName(kind: SealKind, ownerName: string, personName: string | null): string {
  if (kind === 'legal_representative') return `${personName ?? ''}(${ownerName})法定代表人名章`;
  return `${ownerName}${SEAL_KIND_INFO[kind].label}`;
}

// ── Grants ───────────────────────────────────────────────────────────────────────────────────

/** An explicit permission for one account to use one seal, until it ends or expires. */
export interface SealGrant {
  id: string;
  sealId: string;
  accountId: string;
  grantedBy: string;
  grantedAt: string;
  /** ISO 8601, or null for no expiry. */
  expiresAt: string | null;
  endedAt: string | null;
  endedBy: string | null;
}

export function grantActive(g: SealGrant, now: Date): boolean {
  return g.endedAt === null && (g.expiresAt === null || Date.parse(g.expiresAt) > now.getTime());
}

/** One successful stamp: recorded only after the signed document exists. */
export interface SealUse {
  id: string;
  sealId: string;
  accountId: string;
  at: string;
  /** Hex SM3 of the stamped document as returned. */
  documentSm3: string;
  /** Hex SM3 of the signed byte ranges. */
  signedDigest: string;
  reason: string;
  fieldName: string;
}

// ── Session assurance for using a seal ───────────────────────────────────────────────────────

/** What the identity provider says about the session that asks to stamp. */
export interface SessionAssurance {
  acr: string | null;
  amr: readonly string[];
  /** OpenID Connect `auth_time`: seconds since the epoch of the last active authentication. */
  authTime: number;
}

/** The `acr` a session needs to use a seal: a second factor at any level (L3 and L4 have one). */
export const SEAL_USE_ACR = SECOND_FACTOR_ACR;

/**
 * True when the session may use a seal: its `acr` meets SEAL_USE_ACR and it signed in no more
 * than `maxAgeMinutes` ago. A time in the future beyond a minute of clock skew is refused.
 */
export function sessionMayStamp(s: SessionAssurance, now: Date, maxAgeMinutes: number): boolean {
  if (!s || !Array.isArray(s.amr) || !Number.isFinite(s.authTime)) return false;
  const strong = acrSatisfies(s.acr, SEAL_USE_ACR);
  const ageSeconds = now.getTime() / 1000 - s.authTime;
  return strong && ageSeconds >= -60 && ageSeconds <= maxAgeMinutes * 60;
}

// ── Seal code ────────────────────────────────────────────────────────────────────────────────
//
// 13 digits: AAAAAA K NNNNN C
//   AAAAAA  administrative division code of the issuing city (GB/T 2260), e.g. 330100;
//   K       seal kind digit (SEAL_KIND_INFO.code);
//   NNNNN   sequence per division and kind, from 00001;
//   C       ISO/IEC 7064 MOD 11,10 check digit over the first 12 digits.
// All digits, so the code reads aloud and prints along a seal's edge without ambiguity.

const CODE = /^\d{13}$/;

/** ISO/IEC 7064 MOD 11,10 check digit of a string of decimal digits. */
export function mod1110CheckDigit(digits: string): string {
  let p = 10;
  for (const ch of digits) {
    let s = (p + Number(ch)) % 10;
    if (s === 0) s = 10;
    p = (2 * s) % 11;
  }
  return String((11 - p) % 10);
}

/** True for a well-formed division code: 6 digits, province part 11–82. */
export function isDivisionCode(v: string): boolean {
  return /^\d{6}$/.test(v) && Number(v.slice(0, 2)) >= 11 && Number(v.slice(0, 2)) <= 82;
}

/** The code for a division, kind and sequence number (1 … 99999). */
export function formatSealCode(division: string, kind: SealKind, sequence: number): string {
  if (!isDivisionCode(division)) throw new RangeError('division code must be 6 digits (GB/T 2260)');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99_999) throw new RangeError('seal sequence out of range');
  const body = `${division}${SEAL_KIND_INFO[kind].code}${String(sequence).padStart(5, '0')}`;
  return body + mod1110CheckDigit(body);
}

/** True when `code` has the format above, a known kind digit and a correct check digit. */
export function isValidSealCode(code: string): boolean {
  if (typeof code !== 'string' || !CODE.test(code) || !isDivisionCode(code.slice(0, 6))) return false;
  const kind = Number(code[6]);
  if (!SEAL_KINDS.some((k) => SEAL_KIND_INFO[k].code === kind) || code.slice(7, 12) === '00000') return false;
  return mod1110CheckDigit(code.slice(0, 12)) === code[12];
}

/** The kind a valid seal code names. */
export function kindOfSealCode(code: string): SealKind | undefined {
  return isValidSealCode(code) ? SEAL_KINDS.find((k) => SEAL_KIND_INFO[k].code === Number(code[6])) : undefined;
}

/**
 * The unsigned CMS attribute that carries a GB/T 38540 `SES_Signature` beside the PDF's CMS
 * signature. Neither GB/T 38540 nor GM/T 0010 assigns one, so this is an identifier under the
 * UUID arc 2.25 (ITU-T X.667), which needs no registration and cannot collide. Its value is the
 * SES_Signature DER; its dataHash is SM3 of the PDF's signed byte ranges.
 */
export const SES_SIGNATURE_ATTRIBUTE_OID = '2.25.114560813589752001999935042679323061604';

/** propertyInfo of a PDF SES signature: what it protects (IA5String, so ASCII only). */
export function pdfPropertyInfo(byteRange: readonly number[], fieldName: string): string {
  const field = /^[\x20-\x7e]{1,64}$/.test(fieldName) ? fieldName : 'signature';
  return `application/pdf;field=${field};byterange=${byteRange.join(',')}`;
}
