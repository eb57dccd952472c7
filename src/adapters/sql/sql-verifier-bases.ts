// Verifier systems' legal bases in SQL.
import type { Knex } from 'knex';
import type { VerifierBasis, VerifierBases } from '../../ports/verifier-bases.ts';
import { sqlCall } from './sql-errors.ts';

interface Row { client_id: string; basis: string; granted_by: string; granted_at: string }

const fromRow = (r: Row): VerifierBasis => ({ clientId: r.client_id, basis: r.basis, grantedBy: r.granted_by, grantedAt: r.granted_at });

export class SqlVerifierBases implements VerifierBases {
  private readonly knex: Knex;

  constructor(knex: Knex) {
    this.knex = knex;
  }

  async find(clientId: string): Promise<VerifierBasis | null> {
    const row = await sqlCall(() => this.knex<Row>('verifier_legal_bases').where({ client_id: clientId }).first());
    return row === undefined ? null : fromRow(row);
  }

  async save(b: VerifierBasis): Promise<void> {
    const row: Row = { client_id: b.clientId, basis: b.basis, granted_by: b.grantedBy, granted_at: b.grantedAt };
    await sqlCall(() => this.knex('verifier_legal_bases').insert(row).onConflict('client_id').merge());
  }

  async remove(clientId: string): Promise<boolean> {
    return Number(await sqlCall(() => this.knex('verifier_legal_bases').where({ client_id: clientId }).delete())) > 0;
  }

  async all(): Promise<VerifierBasis[]> {
    return (await sqlCall(() => this.knex<Row>('verifier_legal_bases').orderBy('client_id'))).map(fromRow);
  }
}
