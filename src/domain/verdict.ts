// The public verdict on a licence or sealed file: one overall result and the checks behind it.
//
// Each check says what was examined (integrity, signature, issuer and chain, licence status,
// validity dates, share), how it came out, a stable code, and a message in Chinese and English
// that tells the reader what to do. The overall result follows from the checks alone: a definite
// defect (tampering, an unknown issuer, revocation…) outranks an open question, and any open
// question outranks "valid". So nothing reads VALID unless every check that decides it passed.

export type VerdictResult =
  | 'VALID' | 'TAMPERED' | 'REVOKED' | 'SUSPENDED' | 'EXPIRED' | 'NOT_YET_VALID' | 'SUPERSEDED'
  | 'UNKNOWN_ISSUER' | 'UNTRUSTED_ISSUER' | 'SHARE_EXPIRED' | 'NOT_FOUND' | 'CANNOT_CHECK' | 'CANNOT_CONFIRM';

export type CheckName = 'integrity' | 'signature' | 'issuer' | 'licence-status' | 'validity' | 'share';

/** `not-applicable`: the check does not concern this subject (e.g. no share was presented). */
export type CheckOutcome = 'passed' | 'failed' | 'indeterminate' | 'not-applicable';

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/**
 * A fact beside a row that does not change its outcome, e.g. that a certificate valid when the
 * seal was used has expired since (the signature stands; the reader should know).
 */
export interface VerdictNote {
  readonly code: NoteCode;
  /** The day the fact dates from (YYYY-MM-DD, UTC). */
  readonly since: string;
  readonly message: Bilingual;
}

export type NoteCode = 'SEAL_MAKER_CERT_EXPIRED_SINCE_SIGNING' | 'SIGNER_CERT_EXPIRED_SINCE_SIGNING';

/** One row of the verdict. */
export interface VerdictCheck {
  readonly check: CheckName;
  readonly outcome: CheckOutcome;
  readonly code: CheckCode;
  readonly message: Bilingual;
  /** Present only when there is something to add. */
  readonly notes?: readonly VerdictNote[];
  /** The files found changed (package paths of an OFD), when the row is about changed content. */
  readonly files?: readonly string[];
}

const NOTES: Readonly<Record<NoteCode, (day: string) => Bilingual>> = {
  SEAL_MAKER_CERT_EXPIRED_SINCE_SIGNING: (day) => ({
    zh: `制章者证书已于 ${day} 过期，晚于盖章时间；盖章时证书有效，签章仍然有效。`,
    en: `The seal maker's certificate expired on ${day}, after the seal was used; it was valid then, so the signature stands.`,
  }),
  SIGNER_CERT_EXPIRED_SINCE_SIGNING: (day) => ({
    zh: `签章人证书已于 ${day} 过期，晚于盖章时间；盖章时证书有效，签章仍然有效。`,
    en: `The signer's certificate expired on ${day}, after the seal was used; it was valid then, so the signature stands.`,
  }),
};

/** A note from its code and the moment it dates from. */
export function verdictNote(code: NoteCode, since: Date): VerdictNote {
  const day = since.toISOString().slice(0, 10);
  return { code, since: day, message: NOTES[code](day) };
}

/** Each check code: the outcome it stands for, the result it implies when not passed, and its message. */
const CATALOGUE = {
  INTEGRITY_OK: ['passed', null, '内容完整，未被改动。', 'The content is complete and unchanged.'],
  INTEGRITY_HASH_MISMATCH: ['failed', 'TAMPERED', '内容与签名不符，已被改动。请勿采信，向持证人或发证机关索取原件。', 'The content does not match its signature: it has been altered. Do not rely on it; ask the holder or the issuer for the original.'],
  INTEGRITY_CHANGED_AFTER_SEALING: ['failed', 'TAMPERED', '文件在盖章后被改动。请勿采信，索取未改动的原件。', 'The file was changed after it was sealed. Do not rely on it; ask for the unaltered original.'],
  INTEGRITY_NOT_REGISTER_COPY: ['failed', 'TAMPERED', '文件与登记的证照不一致。请勿采信，联系发证机关核实。', 'The file differs from the registered licence. Do not rely on it; check with the issuer.'],
  INTEGRITY_NOT_CHECKED: ['indeterminate', 'CANNOT_CHECK', '无法核验内容是否完整：签章数据的格式本平台不能解析。这不表示文件被改动；请向出具方核实，或用其出具方提供的工具核验。', 'Whether the content is unchanged cannot be checked: the seal data is in a form this platform does not read. This does not mean the file was altered; check with whoever issued it, or with their own verifier.'],
  INTEGRITY_QR_ONLY: ['not-applicable', null, '仅核验了二维码指向的登记证照，未核验文件本身。请核对证照编号与所持证照一致。', 'Only the registered licence the QR code points to was checked, not the document itself. Make sure the identifier matches the licence shown.'],
  SIGNATURE_OK: ['passed', null, '电子签章有效。', 'The electronic seal signature is valid.'],
  SIGNATURE_INVALID: ['failed', 'TAMPERED', '电子签章无效（签名值不正确）。请勿采信。', 'The electronic seal signature is invalid. Do not rely on this document.'],
  SIGNATURE_CANNOT_CHECK: ['indeterminate', 'CANNOT_CHECK', '无法核验此电子签章：其数据格式本平台不能解析或不完整。这不表示签章无效；请向出具方核实。', 'This seal cannot be checked: its data is in a form this platform does not read, or incomplete. This does not mean the seal is invalid; check with whoever issued it.'],
  SIGNATURE_MISSING: ['failed', 'NOT_FOUND', '文件中没有可核验的电子签章。请索取加盖电子印章的文件。', 'The file carries no seal or signature to check. Ask for a sealed version.'],
  SIGNATURE_SEAL_REVOKED_AT_SIGNING: ['failed', 'REVOKED', '盖章时该印章已被吊销或暂停使用，签章无效。请联系发证机关。', 'The seal had been revoked or suspended when it was used, so the signature is not valid. Contact the issuer.'],
  SIGNATURE_SEAL_EXPIRED_AT_SIGNING: ['failed', 'EXPIRED', '盖章时印章或证书已过有效期。请联系发证机关。', 'The seal or its certificate had expired when it was used. Contact the issuer.'],
  SIGNATURE_SEAL_NOT_YET_VALID_AT_SIGNING: ['failed', 'NOT_YET_VALID', '盖章时印章或证书尚未生效。请联系发证机关。', 'The seal or its certificate was not yet in force when it was used. Contact the issuer.'],
  ISSUER_TRUSTED: ['passed', null, '签发机构及其证书链可信。', 'The issuer and its certificate chain are trusted.'],
  ISSUER_UNKNOWN: ['failed', 'UNKNOWN_ISSUER', '签发机构不在本平台信任列表中，无法确认来源。请向签发机构核实。', 'The issuer is not on this platform\'s trust list, so the origin cannot be confirmed. Check with the issuer.'],
  ISSUER_NOT_REGISTERED_SEAL: ['failed', 'UNKNOWN_ISSUER', '签章证书不是登记印章的证书。请勿采信，联系发证机关。', 'The signing certificate is not the registered seal\'s. Do not rely on it; contact the issuer.'],
  ISSUER_OTHER_PLATFORM: ['passed', null, '签发机构属于本平台信任的其他平台（已导入其信任列表），证照状态取自该列表。', 'The issuer belongs to another platform this one trusts (its trust list is imported); the licence status comes from that list.'],
  ISSUER_KNOWN_UNTRUSTED: ['failed', 'UNTRUSTED_ISSUER', '签发机构来自已知平台，但本平台未予信任，不能据此确认。请向签发机构核实。', 'The issuer belongs to a known platform that this one does not trust, so it cannot be relied on here. Check with the issuer.'],
  ISSUER_NOT_CONFIRMED: ['indeterminate', 'CANNOT_CONFIRM', '未能确认签发机构的证书链（原因见电子签章一项）。', 'The issuer\'s certificate chain could not be confirmed (the seal signature row says why).'],
  ISSUER_NOT_CHECKED: ['not-applicable', null, '未核验签发机构：签章本身未通过核验，无需再看其证书链。', 'The issuer was not checked: the seal itself did not pass, so its certificate chain was not examined.'],
  STATUS_VALID: ['passed', null, '证照状态：有效。', 'Licence status: valid.'],
  STATUS_SUSPENDED: ['failed', 'SUSPENDED', '证照已被暂扣，目前不能使用。请持证人联系发证机关。', 'The licence is suspended and cannot be used now. The holder should contact the issuer.'],
  STATUS_REVOKED: ['failed', 'REVOKED', '证照已被吊销。请勿采信。', 'The licence has been revoked. Do not rely on it.'],
  STATUS_WITHDRAWN: ['failed', 'REVOKED', '证照已被撤销。请勿采信。', 'The licence has been withdrawn. Do not rely on it.'],
  STATUS_CANCELLED: ['failed', 'REVOKED', '证照已被注销。请勿采信。', 'The licence has been cancelled. Do not rely on it.'],
  STATUS_TRANSFERRED: ['failed', 'REVOKED', '证照已办理转出，不再由本机关管理。请向转入地核实。', 'The licence was transferred out and is no longer held here. Check with the receiving authority.'],
  STATUS_SUPERSEDED: ['failed', 'SUPERSEDED', '证照已变更或延续，此版本不再有效。请核验最新版本。', 'The licence was changed or renewed; this version is no longer in force. Check the current version.'],
  STATUS_NOT_FOUND: ['failed', 'NOT_FOUND', '未找到该证照。请核对编码或二维码是否完整，或联系发证机关。', 'No such licence was found. Check the code or QR code, or contact the issuer.'],
  STATUS_DATA_OLDER_THAN_LICENCE: ['indeterminate', 'CANNOT_CONFIRM', '所用的状态数据（信任列表）早于此证照的签发，其中还没有这本证照。请取得更新的信任列表后再核验，或联网核验。', 'The status data used (the trust list) is older than this licence, so it does not list it yet. Get a newer trust list and check again, or check online.'],
  STATUS_UNAVAILABLE: ['indeterminate', 'CANNOT_CONFIRM', '暂时无法读取证照状态，不能确认有效。请稍后重试。', 'The licence status cannot be read right now, so validity cannot be confirmed. Please try again shortly.'],
  STATUS_NOT_APPLICABLE: ['not-applicable', null, '此文件不是登记的证照，无证照状态。', 'This file is not a registered licence; there is no licence status.'],
  DATES_WITHIN: ['passed', null, '在有效期内。', 'Within its validity period.'],
  DATES_EXPIRED: ['failed', 'EXPIRED', '证照已过有效期。请持证人办理延续。', 'The licence has expired. The holder should renew it.'],
  DATES_NOT_YET_VALID: ['failed', 'NOT_YET_VALID', '证照尚未到生效日期。请在生效后再核验。', 'The licence is not in force yet. Check again from its first day.'],
  DATES_NOT_APPLICABLE: ['not-applicable', null, '无有效期可核验。', 'There is no validity period to check.'],
  DATES_UNKNOWN: ['indeterminate', 'CANNOT_CONFIRM', '无法确认有效期。请稍后重试。', 'The validity period cannot be confirmed. Please try again shortly.'],
  SHARE_OK: ['passed', null, '持证人分享有效，显示持证人选择公开的信息。', 'The holder\'s share is in force; the fields the holder chose are shown in full.'],
  SHARE_NOT_PRESENTED: ['not-applicable', null, '未使用持证人分享码。', 'No holder share was presented.'],
  SHARE_EXPIRED: ['failed', 'SHARE_EXPIRED', '分享码已过期或已被撤回。请持证人重新分享。', 'The share has expired or was withdrawn. Ask the holder to share again.'],
  CHECK_UNAVAILABLE: ['indeterminate', 'CANNOT_CONFIRM', '暂时无法完成核验，不能确认有效。请稍后重试。', 'The check cannot be completed right now, so validity cannot be confirmed. Please try again shortly.'],
} as const satisfies Record<string, readonly [CheckOutcome, VerdictResult | null, string, string]>;

export type CheckCode = keyof typeof CATALOGUE;

/** Every check code, for API descriptions. */
export const CHECK_CODES = Object.keys(CATALOGUE) as CheckCode[];

/** A check row from its code; the outcome and message come from the catalogue. */
export function checkRow(check: CheckName, code: CheckCode, notes: readonly VerdictNote[] = []): VerdictCheck {
  const [outcome, , zh, en] = CATALOGUE[code];
  return { check, outcome, code, message: { zh, en }, ...(notes.length > 0 ? { notes } : {}) };
}

/** Files named in a message at most; the rest are counted. */
const FILES_NAMED = 5;

/**
 * The row naming the files found changed, in its message and as `files`: whoever reads the
 * verdict learns which part of the document no longer matches its seal.
 */
export function namingFiles(row: VerdictCheck, files: readonly string[]): VerdictCheck {
  if (files.length === 0) return row;
  const shown = files.slice(0, FILES_NAMED);
  const more = files.length - shown.length;
  return {
    ...row, files: [...files],
    message: {
      zh: `${row.message.zh}被改动的文件：${shown.join('、')}${more > 0 ? ` 等 ${files.length} 个` : ''}。`,
      en: `${row.message.en} Changed: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`,
    },
  };
}

/** Strongest first: a definite defect outranks an open question, which outranks VALID. */
const PRECEDENCE: readonly VerdictResult[] = [
  'TAMPERED', 'UNTRUSTED_ISSUER', 'UNKNOWN_ISSUER', 'NOT_FOUND', 'REVOKED', 'SUSPENDED', 'SUPERSEDED', 'EXPIRED', 'NOT_YET_VALID', 'SHARE_EXPIRED',
  // A seal in a form we cannot read stays unreadable on a retry: say so rather than "try again".
  'CANNOT_CHECK', 'CANNOT_CONFIRM',
];

/**
 * The overall result of a list of checks. VALID needs at least one passed check and every
 * deciding check passed or not applicable; an empty list cannot confirm anything.
 */
export function overallResult(checks: readonly VerdictCheck[]): VerdictResult {
  const implied = new Set<VerdictResult | null>(checks.map((c) => CATALOGUE[c.code][1]));
  for (const r of PRECEDENCE) if (implied.has(r)) return r;
  return checks.some((c) => c.outcome === 'passed') && checks.every((c) => c.outcome === 'passed' || c.outcome === 'not-applicable') ? 'VALID' : 'CANNOT_CONFIRM';
}

/**
 * Green for valid, amber for an open question ("cannot confirm" now, or a seal this platform
 * cannot check), red for every definite defect.
 */
export function verdictColour(result: VerdictResult): 'green' | 'amber' | 'red' {
  if (result === 'VALID') return 'green';
  return result === 'CANNOT_CONFIRM' || result === 'CANNOT_CHECK' ? 'amber' : 'red';
}

/** The headline for each result. */
export const RESULT_MESSAGES: Readonly<Record<VerdictResult, Bilingual>> = {
  VALID: { zh: '有效', en: 'Valid' },
  TAMPERED: { zh: '已被篡改', en: 'Tampered' },
  REVOKED: { zh: '已吊销/撤销', en: 'Revoked' },
  SUSPENDED: { zh: '已暂扣', en: 'Suspended' },
  EXPIRED: { zh: '已过期', en: 'Expired' },
  NOT_YET_VALID: { zh: '尚未生效', en: 'Not yet valid' },
  SUPERSEDED: { zh: '已被新版本取代', en: 'Superseded by a newer version' },
  UNKNOWN_ISSUER: { zh: '签发机构未知', en: 'Unknown issuer' },
  UNTRUSTED_ISSUER: { zh: '签发机构未获信任', en: 'Issuer not trusted here' },
  SHARE_EXPIRED: { zh: '分享已失效', en: 'Share expired' },
  NOT_FOUND: { zh: '未找到', en: 'Not found' },
  CANNOT_CHECK: { zh: '无法核验', en: 'Cannot be checked' },
  CANNOT_CONFIRM: { zh: '暂时无法确认', en: 'Cannot confirm right now' },
};

/** A field shown to the verifier, masked unless the template makes it public. */
export interface DisclosedField {
  readonly field: string;
  readonly label: string;
  readonly value: string;
  readonly masked: boolean;
}

/** What was verified, as far as a verifier may see it. */
export interface VerdictSubject {
  readonly kind: 'licence' | 'document';
  readonly identifier?: string;
  readonly version?: number;
  readonly licenceType?: string;
  readonly issuer?: { readonly code: string; readonly name: string };
  /** Masked by default (张*三, 110101********1234), as the template's disclosure rules say. */
  readonly holder?: { readonly name: string; readonly idNumber: string };
  readonly validFrom?: string;
  /** Null: long-term (长期). */
  readonly validUntil?: string | null;
  /** National status code and name at the time of the check. */
  readonly status?: { readonly code: string | null; readonly name: string | null };
  readonly fields?: readonly DisclosedField[];
  /** Set when every field is shown in full to a registered verifier system under a legal basis. */
  readonly disclosure?: { readonly legalBasis: string };
  /** For files: SM3 (hex) of the bytes checked and the seals found. */
  readonly documentSm3?: string;
  readonly seals?: readonly { readonly name: string | null; readonly code: string | null; readonly signedAt: string | null }[];
}

/** The verdict returned to a verifier. */
export interface Verdict {
  readonly result: VerdictResult;
  readonly colour: 'green' | 'amber' | 'red';
  readonly headline: Bilingual;
  readonly checks: readonly VerdictCheck[];
  readonly subject: VerdictSubject | null;
  /** When the result is SUPERSEDED: the current version. */
  readonly successor: { readonly identifier: string; readonly url: string } | null;
  /** When the check ran (ISO time). */
  readonly checkedAt: string;
  /** When the status data used was read from the register (ISO time); null when it could not be read. */
  readonly statusAsOf: string | null;
  /** With CANNOT_CONFIRM: try again after this many seconds. */
  readonly retryAfterSeconds: number | null;
}

/** Seconds a verifier should wait before retrying a CANNOT_CONFIRM. */
export const RETRY_AFTER_SECONDS = 30;

/** Builds the verdict from its checks. */
export function makeVerdict(input: {
  checks: readonly VerdictCheck[];
  subject: VerdictSubject | null;
  successor?: { identifier: string; url: string } | null;
  checkedAt: Date;
  statusAsOf: Date | null;
}): Verdict {
  const result = overallResult(input.checks);
  return {
    result,
    colour: verdictColour(result),
    headline: RESULT_MESSAGES[result],
    checks: input.checks,
    subject: input.subject,
    successor: result === 'SUPERSEDED' ? input.successor ?? null : null,
    checkedAt: input.checkedAt.toISOString(),
    statusAsOf: input.statusAsOf?.toISOString() ?? null,
    retryAfterSeconds: result === 'CANNOT_CONFIRM' ? RETRY_AFTER_SECONDS : null,
  };
}

/** The verdict when nothing could be read: CANNOT_CONFIRM with a retry hint, never VALID. */
export function cannotConfirm(checkedAt: Date, subject: VerdictSubject | null = null): Verdict {
  return makeVerdict({ checks: [checkRow('licence-status', 'CHECK_UNAVAILABLE')], subject, checkedAt, statusAsOf: null });
}
