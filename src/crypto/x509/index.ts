/**
 * SM2 X.509: issue and parse certificates and CRLs, validate certification paths.
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
