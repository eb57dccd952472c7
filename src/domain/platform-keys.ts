/** Vault ids of the platform's own keys. */
export const PlatformKeys = {
  rootCa: 'platform-root-ca',
  sealMakerCa: 'seal-maker-ca',
  staffCa: 'staff-ca',
  auditCheckpoint: 'audit-checkpoint',
  oidcSigning: 'oidc-signing',
  /** RS256 token signing, for apps registered with `id_token_signed_response_alg: RS256`. */
  oidcSigningRs256: 'oidc-signing-rs256',
} as const;

export type PlatformKeyId = (typeof PlatformKeys)[keyof typeof PlatformKeys];
