// Using licences for a service item (用证, 免提交): the catalogue of service items with their
// licence lists (用证清单), apps' permission to use licences for named items, holders' consents,
// and the record of every use. No I/O here: the rules that every store and use case shares.
import { canonicalJson } from './canonical-json.ts';

/** One licence type a service item needs, and the fields of it the item may read. */
export interface ItemLicence {
  readonly typeCode: string;
  /** Template field names; the licence's identifier and status are always given. */
  readonly fields: readonly string[];
}

/** A service item (政务服务事项) and its licence list. */
export interface ServiceItem {
  /** The item's code in the service item catalogue (事项编码). */
  readonly code: string;
  readonly name: string;
  readonly department: { readonly code: string; readonly name: string };
  readonly licences: readonly ItemLicence[];
  /** The law or regulation under which the item reads these licences, as shown to holders. */
  readonly legalBasis: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/**
 * An app's permission to use licences for one item: with the holder's consent always, and
 * without it only when `legalBasis` is set (inspection, enforcement).
 */
export interface LicenceUsePermission {
  readonly clientId: string;
  readonly itemCode: string;
  /** The law or agreement under which the app may retrieve without consent; null: consent only. */
  readonly legalBasis: string | null;
  readonly grantedBy: string;
  readonly grantedAt: string;
}

/** A holder's consent to one app's use of their licences for one item. */
export interface LicenceUseConsent {
  readonly id: string;
  readonly clientId: string;
  readonly itemCode: string;
  /** The person who consented: the holder, or the representative or agent of the legal person. */
  readonly personId: string;
  /** `once`: one retrieval; `standing`: any number until it expires or is withdrawn. */
  readonly mode: 'once' | 'standing';
  readonly grantedAt: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
  readonly withdrawnAt: string | null;
}

/** One retrieval, as the holder sees it beside "who checked my licence". */
export interface LicenceUse {
  readonly id: string;
  readonly clientId: string;
  readonly itemCode: string;
  /** The holder's index key (as licences carry it). */
  readonly holderKey: string;
  readonly licenceIdentifiers: readonly string[];
  /** Per licence type, the fields given. */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  readonly consentId: string | null;
  readonly legalBasis: string | null;
  readonly caseNumber: string | null;
  readonly withFiles: boolean;
  readonly at: string;
}

export const ITEM_CODE = /^[0-9A-Za-z_-]{1,64}$/;
/** A one-time consent lasts long enough to finish at the window; a standing one up to a year. */
export const ONE_TIME_CONSENT_S = 30 * 60;
export const MAX_STANDING_DAYS = 366;

/** The RFC 9396 authorization details type an app names a service item with. */
export const LICENCE_USE_DETAIL_TYPE = 'licence_use';

/** Whether a consent allows a retrieval now; the reason when it does not. */
export function consentState(c: LicenceUseConsent, now: Date): 'live' | 'withdrawn' | 'expired' | 'used' {
  if (c.withdrawnAt !== null) return 'withdrawn';
  if (Date.parse(c.expiresAt) <= now.getTime()) return 'expired';
  if (c.mode === 'once' && c.usedAt !== null) return 'used';
  return 'live';
}

/**
 * What a request asks for, checked against the item's list: types and fields not on the list are
 * refused (never trimmed silently). Absent types or fields mean the whole list.
 */
export function selectFromItem(item: ServiceItem, types?: readonly string[], fields?: readonly string[]):
  { ok: true; licences: ItemLicence[] } | { ok: false; reason: 'type_not_listed' | 'field_not_listed'; name: string } {
  const listed = new Map(item.licences.map((l) => [l.typeCode, l]));
  for (const t of types ?? []) if (!listed.has(t)) return { ok: false, reason: 'type_not_listed', name: t };
  const chosen = types === undefined ? item.licences : item.licences.filter((l) => types.includes(l.typeCode));
  if (fields !== undefined) {
    const allowed = new Set(chosen.flatMap((l) => l.fields));
    for (const f of fields) if (!allowed.has(f)) return { ok: false, reason: 'field_not_listed', name: f };
  }
  return { ok: true, licences: chosen.map((l) => ({ typeCode: l.typeCode, fields: fields === undefined ? l.fields : l.fields.filter((f) => fields.includes(f)) })) };
}

/** The signed use receipt: what was given to whom, for which item, on what ground. */
export interface UseReceiptPayload {
  readonly type: 'yinxin-licence-use-receipt-v1';
  readonly useId: string;
  readonly at: string;
  readonly client: string;
  readonly serviceItem: string;
  readonly ground: { readonly consent: string } | { readonly legalBasis: string; readonly caseNumber: string };
  readonly licences: readonly { readonly identifier: string; readonly statusCode: string | null; readonly fields: readonly string[]; readonly dataSm3: string; readonly fileSm3: string | null; readonly ofdSm3?: string }[];
}

export function useReceiptBytes(payload: UseReceiptPayload): { text: string; bytes: Uint8Array } {
  const text = canonicalJson(payload);
  return { text, bytes: new TextEncoder().encode(text) };
}
