import type { LicenceShare, ShareAccess } from '../domain/licence-share.ts';

/** Shares of licences (亮证) and who looked at them; owned by the licence use cases. */
export interface LicenceShareStore {
  /** Stores a new share; resolves false (writing nothing) when its code is taken by another share. */
  create(share: LicenceShare): Promise<boolean>;
  findById(id: string): Promise<LicenceShare | null>;
  /** The share with this code (codes are unique among all shares ever made). */
  findByCode(code: string): Promise<LicenceShare | null>;
  /** The share whose link token has this SM3 digest (hex). */
  findByTokenSm3(tokenSm3: string): Promise<LicenceShare | null>;
  /**
   * Adds a short-lived token for the share's on-screen QR code (its SM3 digest, hex) valid until
   * `expiresAt`, and drops the share's tokens that expired before `now`.
   */
  addQrToken(shareId: string, tokenSm3: string, expiresAt: string, now: string): Promise<void>;
  /** The share whose QR token has this SM3 digest (hex), while that token has not expired at `now`. */
  findByQrTokenSm3(tokenSm3: string, now: string): Promise<LicenceShare | null>;
  /** Shares of one licence version, newest first. */
  listByLicence(licenceId: string): Promise<LicenceShare[]>;
  /** Marks a share revoked at `at`; resolves false when it was already revoked. */
  revoke(id: string, at: string): Promise<boolean>;
  /**
   * Records one look at a share. For a single-use share the first look spends it: resolves false,
   * recording nothing, when it was spent already (so two verifiers racing cannot both use it).
   */
  recordAccess(share: LicenceShare, access: ShareAccess): Promise<boolean>;
  /** Looks at a share, oldest first. */
  accesses(shareId: string): Promise<ShareAccess[]>;
}
