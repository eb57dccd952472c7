/** Vault ids of the platform's own keys. */
export const PlatformKeys = {
  rootCa: 'platform-root-ca',
  sealMakerCa: 'seal-maker-ca',
  staffCa: 'staff-ca',
  auditCheckpoint: 'audit-checkpoint',
  oidcSigning: 'oidc-signing',
} as const;

export type PlatformKeyId = (typeof PlatformKeys)[keyof typeof PlatformKeys];
