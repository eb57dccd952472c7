// Every licence's current status in one read, for the offline trust list.
import type { LicenceStatus } from '../domain/licence.ts';

export interface LicenceStatusRow {
  readonly identifier: string;
  readonly version: number;
  readonly status: LicenceStatus;
  readonly validFrom: string;
  readonly validUntil: string | null;
  /** The opaque handle its QR code holds. */
  readonly handle: string;
}

export interface LicenceStatusRows {
  /** All licences, every version, with the status the register holds now. */
  all(): Promise<LicenceStatusRow[]>;
}
