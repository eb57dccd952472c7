// Imported trust lists in SQL. Lists are read on every verification of a licence this register
// does not hold, and can be large (a status entry per licence), so parsed lists are kept in
// memory and re-read only when their row changed (list issued, imported, root or trust).
import type { Knex } from 'knex';
import type { SignedTrustList } from '../../domain/trust-list.ts';
import type { ImportedTrustList, ImportedTrustLists } from '../../ports/imported-trust-lists.ts';
import { sqlCall } from './sql-errors.ts';

interface Row {
  publisher_url: string; organisation: string; root_sm3: string; trusted: boolean | number; issued_at: string; imported_at: string; list_json: string;
}

const fromRow = (r: Row): ImportedTrustList => ({
  publisherUrl: r.publisher_url, organisation: r.organisation, rootSm3: r.root_sm3, trusted: Boolean(r.trusted),
  issuedAt: r.issued_at, importedAt: r.imported_at, signed: JSON.parse(r.list_json) as SignedTrustList,
});

export class SqlImportedTrustLists implements ImportedTrustLists {
  private readonly knex: Knex;
  private readonly parsed = new Map<string, ImportedTrustList>();

  constructor(knex: Knex) {
    this.knex = knex;
  }

  async save(e: ImportedTrustList): Promise<void> {
    const row: Row = {
      publisher_url: e.publisherUrl, organisation: e.organisation, root_sm3: e.rootSm3, trusted: e.trusted,
      issued_at: e.issuedAt, imported_at: e.importedAt, list_json: JSON.stringify(e.signed),
    };
    await sqlCall(() => this.knex('trust_imports').insert(row).onConflict('publisher_url').merge());
  }

  async find(publisherUrl: string): Promise<ImportedTrustList | null> {
    return (await this.all()).find((e) => e.publisherUrl === publisherUrl) ?? null;
  }

  async all(): Promise<ImportedTrustList[]> {
    const heads = await sqlCall(() => this.knex<Row>('trust_imports').select('publisher_url', 'issued_at', 'imported_at', 'root_sm3', 'trusted'));
    const stale = heads.filter((h) => {
      const p = this.parsed.get(h.publisher_url);
      return p === undefined || p.issuedAt !== h.issued_at || p.importedAt !== h.imported_at || p.rootSm3 !== h.root_sm3 || p.trusted !== Boolean(h.trusted);
    }).map((h) => h.publisher_url);
    if (stale.length > 0) {
      const rows = await sqlCall(() => this.knex<Row>('trust_imports').whereIn('publisher_url', stale));
      for (const r of rows) this.parsed.set(r.publisher_url, fromRow(r));
    }
    const live = new Set(heads.map((h) => h.publisher_url));
    for (const k of this.parsed.keys()) if (!live.has(k)) this.parsed.delete(k);
    return heads.map((h) => this.parsed.get(h.publisher_url)).filter((e): e is ImportedTrustList => e !== undefined);
  }
}
