// Licences: the record, its status and the rules of its lifecycle.
//
// Status codes follow the national interfaces (STANDARDS.md): 01 valid, 02 suspended (暂扣),
// 03 withdrawn (撤销), 04 cancelled (注销), 05 expired (失效), 06 transferred out (办理转出),
// 07 revoked (吊销). "Superseded" (a change or renewal replaced this version) has no national code;
// it is reported as 99 (other) with its own name, so that nothing reads it as valid.
//
// The history of a licence is a list of events with an effective time; the status at any time T
// is computed from the history, so "was it valid at T" never depends on when a sweep ran.
import { canonicalJson } from './canonical-json.ts';
import type { LicenceData } from './licence-template.ts';

export type LicenceStatus = 'valid' | 'suspended' | 'withdrawn' | 'cancelled' | 'expired' | 'transferred' | 'revoked' | 'superseded';

/** National status code of each status. */
export const LICENCE_STATUS_CODES: Readonly<Record<LicenceStatus, string>> = {
  valid: '01', suspended: '02', withdrawn: '03', cancelled: '04', expired: '05', transferred: '06', revoked: '07', superseded: '99',
};

/** Display names. */
export const LICENCE_STATUS_NAMES: Readonly<Record<LicenceStatus, string>> = {
  valid: '有效', suspended: '暂扣', withdrawn: '撤销', cancelled: '注销', expired: '失效', transferred: '办理转出', revoked: '吊销', superseded: '已变更',
};

/** What staff can do to a licence's status directly. */
export type LicenceAction = 'suspend' | 'resume' | 'withdraw' | 'cancel' | 'revoke' | 'transfer';

/** Every event in a licence's history. */
export type LicenceEventKind = 'issue' | LicenceAction | 'expire' | 'supersede';

const TRANSITIONS: Readonly<Record<LicenceEventKind, { from: readonly LicenceStatus[]; to: LicenceStatus }>> = {
  issue: { from: [], to: 'valid' },
  suspend: { from: ['valid'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'valid' },
  withdraw: { from: ['valid', 'suspended'], to: 'withdrawn' },
  cancel: { from: ['valid', 'suspended'], to: 'cancelled' },
  revoke: { from: ['valid', 'suspended'], to: 'revoked' },
  transfer: { from: ['valid'], to: 'transferred' },
  expire: { from: ['valid', 'suspended'], to: 'expired' },
  supersede: { from: ['valid'], to: 'superseded' },
};

/** The status an event leads to from `from`, or null when the event is not allowed there. */
export function nextStatus(from: LicenceStatus, event: LicenceEventKind): LicenceStatus | null {
  const t = TRANSITIONS[event];
  return t.from.includes(from) ? t.to : null;
}

/** The statuses from which `event` is allowed. */
export function allowedFrom(event: LicenceEventKind): readonly LicenceStatus[] {
  return TRANSITIONS[event].from;
}

/** True when no further transition leaves this status. */
export function isTerminal(status: LicenceStatus): boolean {
  return !(Object.keys(TRANSITIONS) as LicenceEventKind[]).some((e) => TRANSITIONS[e].from.includes(status));
}

/** One entry of a licence's history. */
export interface LicenceEvent {
  readonly licenceId: string;
  /** 1, 2, … in recording order. */
  readonly seq: number;
  readonly kind: LicenceEventKind;
  readonly fromStatus: LicenceStatus | null;
  readonly toStatus: LicenceStatus;
  readonly reason: string | null;
  /** When the change takes effect in law (ISO time); may be earlier than when it was recorded. */
  readonly effectiveAt: string;
  readonly recordedAt: string;
  readonly actorId: string | null;
  /** For `supersede`: the id of the new version. */
  readonly relatedId: string | null;
}

/** The stored licence (one version). */
export interface LicenceRecord {
  readonly id: string;
  readonly identifier: string;
  /** Opaque verification handle printed in the QR code. */
  readonly handle: string;
  readonly typeCode: string;
  readonly templateVersion: string;
  readonly issuerCode: string;
  readonly issuerName: string;
  readonly serial: string;
  readonly version: number;
  /** The version this one replaced. */
  readonly previousId: string | null;
  readonly holderKind: 'citizen' | 'legal_person';
  /** Blind index of the holder's ID number or credit code, for finding a holder's licences. */
  readonly holderKey: string;
  readonly holderNameMasked: string;
  /** Current status as last recorded (see {@link statusAt} for any time). */
  readonly status: LicenceStatus;
  readonly issuedAt: string;
  readonly validFrom: string;
  /** Null for long-term (长期). */
  readonly validUntil: string | null;
  /** SM3 (hex) of the canonical data that the SES signature covers. */
  readonly dataSm3: string;
  readonly idempotencyKey: string | null;
  /** SM3 (hex) of the request, to tell a retry from a different request with the same key. */
  readonly requestSm3: string | null;
  readonly issuedBy: string | null;
}

/**
 * The signed content of a licence: the common data elements of GB/T 36903 and the template's
 * fields. Its RFC 8785 serialisation is what the SES signature's dataHash is taken over.
 */
export interface LicenceContent {
  readonly identifier: string;
  readonly licenceType: { readonly code: string; readonly name: string; readonly templateVersion: string };
  readonly definingAuthority: { readonly code: string; readonly name: string };
  readonly issuer: { readonly code: string; readonly name: string };
  readonly holder: { readonly kind: 'citizen' | 'legal_person'; readonly name: string; readonly idType: string; readonly idNumber: string };
  readonly version: number;
  readonly previousIdentifier: string | null;
  readonly issuedAt: string;
  readonly validFrom: string;
  readonly validUntil: string | null;
  readonly data: LicenceData;
}

/**
 * Holder ID types. `111` is the resident ID number (national practice); `001` for the unified
 * social credit code is inferred from regional catalogues, kept in this one place to change.
 */
export const HOLDER_ID_TYPES = { citizen: '111', legal_person: '001' } as const;

/** The bytes that are signed: RFC 8785 JSON of the content, UTF-8. */
export function canonicalLicenceBytes(content: LicenceContent): Uint8Array {
  return new TextEncoder().encode(canonicalJson(content));
}

/** The validity window of a new licence under a template's rule. Dates are `YYYY-MM-DD` or null (long-term). */
export function validityWindow(
  rule: { kind: 'long-term' } | { kind: 'years'; years: number } | { kind: 'days'; days: number } | { kind: 'field'; field: string },
  validFrom: string,
  data: LicenceData,
): string | null {
  const [y, m, d] = validFrom.split('-').map(Number) as [number, number, number];
  switch (rule.kind) {
    case 'long-term': return null;
    // The day before the anniversary: a 6-year licence from 2026-03-01 is valid until 2032-02-29.
    case 'years': return isoDay(new Date(Date.UTC(y + rule.years, m - 1, d - 1)));
    case 'days': return isoDay(new Date(Date.UTC(y, m - 1, d + rule.days - 1)));
    case 'field': return data[rule.field] ?? null;
  }
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * A licence is valid through the whole of its last day, in China Standard Time (UTC+8): the
 * instant it lapses is the next midnight there.
 */
export function lapsesAt(validUntil: string): Date {
  return new Date(Date.parse(`${validUntil}T00:00:00+08:00`) + 86_400_000);
}

/** The instant from which a licence with this first day counts: its midnight in China Standard Time. */
export function startsAt(validFrom: string): Date {
  return new Date(Date.parse(`${validFrom}T00:00:00+08:00`));
}

/** The answer to "what was the status at T". */
export interface StatusAtResult {
  /** `not-yet-issued` before the issue event, `not-yet-valid` before validFrom. */
  readonly status: LicenceStatus | 'not-yet-issued' | 'not-yet-valid';
  readonly code: string | null;
  readonly valid: boolean;
  /** The event that set the status, when one did. */
  readonly since: string | null;
}

/**
 * The status of a licence at `at`, from its history: events take effect at their effective time
 * (ties in recording order), and the end of the validity period takes effect even when no expiry
 * event has been recorded yet.
 */
export function statusAt(licence: Pick<LicenceRecord, 'issuedAt' | 'validFrom' | 'validUntil'>, events: readonly LicenceEvent[], at: Date): StatusAtResult {
  const t = at.getTime();
  const ordered = [...events].sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt) || a.seq - b.seq);
  let status: LicenceStatus | null = null;
  let since: string | null = null;
  for (const e of ordered) {
    if (Date.parse(e.effectiveAt) > t) break;
    status = e.toStatus;
    since = e.effectiveAt;
  }
  if (status === null) return { status: 'not-yet-issued', code: null, valid: false, since: null };
  if (t < startsAt(licence.validFrom).getTime()) return { status: 'not-yet-valid', code: null, valid: false, since: null };
  if ((status === 'valid' || status === 'suspended') && licence.validUntil !== null && t >= lapsesAt(licence.validUntil).getTime()) {
    return { status: 'expired', code: LICENCE_STATUS_CODES.expired, valid: false, since: lapsesAt(licence.validUntil).toISOString() };
  }
  return { status, code: LICENCE_STATUS_CODES[status], valid: status === 'valid', since };
}

/** Name of the custom data (OFD.xml DocInfo/CustomDatas) that holds a licence OFD's identifier. */
export const OFD_IDENTIFIER_NAME = '证照标识';

/** Blob keys of one licence version. */
export function licenceBlobKeys(id: string): { pdf: string; ofd: string; signature: string; content: string } {
  return { pdf: `licences/${id}/licence.pdf`, ofd: `licences/${id}/licence.ofd`, signature: `licences/${id}/signature.ses`, content: `licences/${id}/content.json` };
}
