/**
 * Object identifiers of the CMS SignedData in a PDF signature.
 *
 * We write the GB/T 35275-2017 (GM/T 0010-2012) identifiers: content types data
 * `1.2.156.10197.6.1.4.2.1` and signedData `1.2.156.10197.6.1.4.2.2`, digest SM3
 * `1.2.156.10197.1.401` and signature algorithm sm2-1 `1.2.156.10197.1.301.1`, because PDF
 * readers with 国密 support look for exactly these to validate an SM2 signature, and readers
 * without it (Adobe, poppler/NSS) cannot validate SM2 whatever the identifiers say.
 *
 * Reading stays tolerant: files we wrote before used the RFC 5652 content types (id-data,
 * id-signedData) and SM3withSM2 `1.2.156.10197.1.501`; other producers write the bare curve OID
 * `1.2.156.10197.1.301`. All mean SM2 with SM3 and the default ID and are accepted when verifying.
 * `rfc5652` in {@link CmsOidSet} still writes the older set, for a reader that knows only it.
 */
export const OID_DATA = '1.2.840.113549.1.7.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_GM_DATA = '1.2.156.10197.6.1.4.2.1';
export const OID_GM_SIGNED_DATA = '1.2.156.10197.6.1.4.2.2';

export const OID_ATTR_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_ATTR_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_ATTR_SIGNING_TIME = '1.2.840.113549.1.9.5';
/** ESS signing-certificate-v2 (RFC 5035), required by CAdES / PAdES. */
export const OID_ATTR_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';

export const OID_SM3 = '1.2.156.10197.1.401';
export const OID_SM3_WITH_SM2 = '1.2.156.10197.1.501';
export const OID_SM2_SIGN = '1.2.156.10197.1.301.1';
export const OID_SM2 = '1.2.156.10197.1.301';

/** Which identifiers a new SignedData carries. */
export type CmsOidSet = 'gb35275' | 'rfc5652';

/** The content types and signature algorithm written for each set (the digest is SM3 in both). */
export const CMS_OIDS: Readonly<Record<CmsOidSet, { readonly data: string; readonly signedData: string; readonly signature: string }>> = {
  gb35275: { data: OID_GM_DATA, signedData: OID_GM_SIGNED_DATA, signature: OID_SM2_SIGN },
  rfc5652: { data: OID_DATA, signedData: OID_SIGNED_DATA, signature: OID_SM3_WITH_SM2 },
};

/** Signature algorithm identifiers accepted as "SM2 with SM3, default ID". */
export const SM2_SIGNATURE_OIDS: ReadonlySet<string> = new Set([OID_SM3_WITH_SM2, OID_SM2_SIGN, OID_SM2]);
