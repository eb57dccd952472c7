import type { LicenceUsePermission, ServiceItem } from '../domain/licence-use.ts';

/** The service item catalogue with its licence lists, and apps' permissions per item. */
export interface ServiceItemStore {
  /** Inserts or replaces an item (by code). */
  saveItem(item: ServiceItem): Promise<void>;
  findItem(code: string): Promise<ServiceItem | null>;
  /** Every item, by code. */
  listItems(): Promise<ServiceItem[]>;
  /** Inserts or replaces the app's permission for the item. */
  savePermission(p: LicenceUsePermission): Promise<void>;
  findPermission(clientId: string, itemCode: string): Promise<LicenceUsePermission | null>;
  /** Removes it; false when there was none. */
  removePermission(clientId: string, itemCode: string): Promise<boolean>;
  /** An app's permissions, by item code. */
  permissionsOf(clientId: string): Promise<LicenceUsePermission[]>;
}
