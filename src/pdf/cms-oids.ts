/**
 * Object identifiers of the CMS SignedData in a PDF signature.
 *
 * We write the RFC 5652 content types (id-data, id-signedData), because /SubFilter
 * adbe.pkcs7.detached and ETSI.CAdES.detached name PKCS #7 / CMS and PDF readers look for them;
 * the GB/T 35275 (GM/T 0010) equivalents are accepted when reading.
 *
 * The signature algorithm written is SM3withSM2 `1.2.156.10197.1.501`, the same identifier our
 * certificates carry, because it names the digest as well as the key type. GM/T 0010 producers
 * often write sm2-1 `1.2.156.10197.1.301.1` (and some the bare curve OID `1.2.156.10197.1.301`);
 * both mean SM2 with SM3 and the default ID and are accepted when verifying.
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

/** Signature algorithm identifiers accepted as "SM2 with SM3, default ID". */
export const SM2_SIGNATURE_OIDS: ReadonlySet<string> = new Set([OID_SM3_WITH_SM2, OID_SM2_SIGN, OID_SM2]);
