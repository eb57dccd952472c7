/**
 * SM2 X.509: issue and parse certificates and CRLs, validate certification paths.
 *
 * - Issuing ({@link buildCertificate}, {@link buildCrl}) signs SM3withSM2 with the default ID
 *   through a `Signer`, so the CA key may sit in an HSM. Profiles: root CA, intermediate CA
 *   (seal maker, staff), seal, signer, staff (clientAuth). Serials carry 126 random bits.
 *   Key identifiers are the leftmost 160 bits of SM3 over the public key (see key-id.ts).
 * - Parsing ({@link parseCertificate}, {@link parseCrl}) is strict DER and keeps the original
 *   signed bytes; it throws only `ERR_CERT_MALFORMED` / `ERR_CRL_MALFORMED`.
 * - {@link validatePath} trusts nothing but the anchors it is given and fails closed on
 *   revocation; errors are {@link CertPathError}s naming the certificate at fault.
 *
 * OpenSSL 3.0 checks these certificates with `-vfyopt distid:1234567812345678`, which it applies
 * only to the certificate being verified; chains are therefore checked one link at a time there.
 */
export type { AlgorithmIdentifier, PublicKeyInfo } from './algorithms.ts';
export { buildCertificate, certificateToPem } from './build-certificate.ts';
export type { CertificateIssuer, CertificateRequest } from './build-certificate.ts';
export { buildCrl, crlToPem } from './build-crl.ts';
export type { CrlRequest, RevocationEntry } from './build-crl.ts';
export type { Certificate } from './certificate.ts';
export { checkCrl, findRevocation } from './check-crl.ts';
export { CRL_REASONS } from './crl.ts';
export type { Crl, CrlReason, RevokedCertificate } from './crl.ts';
export { KEY_USAGE_BITS } from './extensions.ts';
export type { AuthorityKeyIdentifier, BasicConstraints, Extension, KeyUsage } from './extensions.ts';
export type { GeneralName, GeneralNameInput } from './general-names.ts';
export { keyIdentifier } from './key-id.ts';
export { buildName, nameAttribute, namesMatch, parseName } from './names.ts';
export type { DistinguishedName, NameAttribute, NameInput } from './names.ts';
export { NAME_ATTRIBUTES, OID_EC_PUBLIC_KEY, OID_EKU, OID_EXT, OID_SM2_CURVE, OID_SM3_WITH_SM2 } from './oids.ts';
export { parseCertificate, parseCertificatePem } from './parse-certificate.ts';
export { parseCrl, parseCrlPem } from './parse-crl.ts';
export { CertPathError } from './path-error.ts';
export { PROFILES } from './profiles.ts';
export type { CertificateProfile } from './profiles.ts';
export { verifyCertificateSignature } from './verify-certificate.ts';
export { validatePath } from './validate-path.ts';
export type { RevocationStatus, ValidatePathOptions, ValidatedPath } from './validate-path.ts';
