// Service items, their licence lists and apps' permissions in SQL (migration 0080).
import type { Knex } from 'knex';
import type { ItemLicence, LicenceUsePermission, ServiceItem } from '../../domain/licence-use.ts';
import type { ServiceItemStore } from '../../ports/service-item-store.ts';
import { sqlCall } from './sql-errors.ts';

interface ItemRow {
  code: string; name: string; department_code: string; department_name: string; licences: string;
  legal_basis: string; updated_by: string; updated_at: string;
}
interface PermissionRow { client_id: string; item_code: string; legal_basis: string | null; granted_by: string; granted_at: string }

const toItem = (r: ItemRow): ServiceItem => ({
  code: r.code, name: r.name, department: { code: r.department_code, name: r.department_name },
  licences: JSON.parse(r.licences) as ItemLicence[], legalBasis: r.legal_basis, updatedBy: r.updated_by, updatedAt: r.updated_at,
});
const toPermission = (r: PermissionRow): LicenceUsePermission => ({
  clientId: r.client_id, itemCode: r.item_code, legalBasis: r.legal_basis, grantedBy: r.granted_by, grantedAt: r.granted_at,
});

export class SqlServiceItemStore implements ServiceItemStore {
  readonly #knex: Knex;

  constructor(knex: Knex) {
    this.#knex = knex;
  }

  async saveItem(item: ServiceItem): Promise<void> {
    const row: ItemRow = {
      code: item.code, name: item.name, department_code: item.department.code, department_name: item.department.name,
      licences: JSON.stringify(item.licences), legal_basis: item.legalBasis, updated_by: item.updatedBy, updated_at: item.updatedAt,
    };
    await sqlCall(() => this.#knex('service_items').insert(row).onConflict('code').merge());
  }

  async findItem(code: string): Promise<ServiceItem | null> {
    const row = await sqlCall(() => this.#knex<ItemRow>('service_items').where({ code }).first());
    return row === undefined ? null : toItem(row);
  }

  async listItems(): Promise<ServiceItem[]> {
    return (await sqlCall(() => this.#knex<ItemRow>('service_items').orderBy('code'))).map(toItem);
  }

  async savePermission(p: LicenceUsePermission): Promise<void> {
    const row: PermissionRow = { client_id: p.clientId, item_code: p.itemCode, legal_basis: p.legalBasis, granted_by: p.grantedBy, granted_at: p.grantedAt };
    await sqlCall(() => this.#knex('licence_use_permissions').insert(row).onConflict(['client_id', 'item_code']).merge());
  }

  async findPermission(clientId: string, itemCode: string): Promise<LicenceUsePermission | null> {
    const row = await sqlCall(() => this.#knex<PermissionRow>('licence_use_permissions').where({ client_id: clientId, item_code: itemCode }).first());
    return row === undefined ? null : toPermission(row);
  }

  async removePermission(clientId: string, itemCode: string): Promise<boolean> {
    return Number(await sqlCall(() => this.#knex('licence_use_permissions').where({ client_id: clientId, item_code: itemCode }).delete())) > 0;
  }

  async permissionsOf(clientId: string): Promise<LicenceUsePermission[]> {
    return (await sqlCall(() => this.#knex<PermissionRow>('licence_use_permissions').where({ client_id: clientId }).orderBy('item_code'))).map(toPermission);
  }
}
