/**
 * Object identifiers used by the X.509 code. Chinese algorithm OIDs are from GM/T 0006;
 * the rest from RFC 5280 / X.520.
 */

/** SM3withSM2 signature (GM/T 0006); AlgorithmIdentifier carries no parameters. */
export const OID_SM3_WITH_SM2 = '1.2.156.10197.1.501';
/** id-ecPublicKey (RFC 5480), the SPKI algorithm for SM2 keys. */
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
/** The sm2p256v1 curve, the SPKI parameter for SM2 keys. */
export const OID_SM2_CURVE = '1.2.156.10197.1.301';

/** Attribute types for distinguished names, with the short names used in string forms. */
export const NAME_ATTRIBUTES = {
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  serialNumber: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  street: '2.5.4.9',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  title: '2.5.4.12',
  GN: '2.5.4.42',
  organizationIdentifier: '2.5.4.97',
  emailAddress: '1.2.840.113549.1.9.1',
  DC: '0.9.2342.19200300.100.1.25',
  UID: '0.9.2342.19200300.100.1.1',
} as const;

/** Short name of an attribute type. */
export type NameAttributeType = keyof typeof NAME_ATTRIBUTES;

/** Certificate and CRL extensions (RFC 5280 §4.2, §5.2). */
export const OID_EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  certificateIssuer: '2.5.29.29',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyConstraints: '2.5.29.36',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
} as const;

/** Extended key usage purposes (RFC 5280 §4.2.1.12). */
export const OID_EKU = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  anyExtendedKeyUsage: '2.5.29.37.0',
} as const;
