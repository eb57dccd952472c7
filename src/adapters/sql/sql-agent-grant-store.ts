// Agent grants in the service database (migrations 0050, 0051: one current grant per pair).
import type { Knex } from 'knex';
import type { AgentGrant } from '../../domain/agent-grant.ts';
import { AppError } from '../../domain/errors.ts';
import type { AgentGrantStore } from '../../ports/agent-grant-store.ts';
import { isDuplicateKey, sqlCall } from './sql-errors.ts';

interface Row {
  id: string; legal_person_id: string; agent_id: string; client_ids: string | null;
  granted_by: string; granted_at: string; expires_at: string; revoked_at: string | null; revoked_by: string | null;
}

const toRow = (g: AgentGrant): Row => ({
  id: g.id, legal_person_id: g.legalPersonId, agent_id: g.agentId, client_ids: g.clientIds === null ? null : JSON.stringify(g.clientIds),
  granted_by: g.grantedBy, granted_at: g.grantedAt, expires_at: g.expiresAt, revoked_at: g.revokedAt, revoked_by: g.revokedBy,
});

const toGrant = (r: Row): AgentGrant => ({
  id: r.id, legalPersonId: r.legal_person_id, agentId: r.agent_id, clientIds: r.client_ids === null ? null : (JSON.parse(r.client_ids) as string[]),
  grantedBy: r.granted_by, grantedAt: r.granted_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, revokedBy: r.revoked_by,
});

export class SqlAgentGrantStore implements AgentGrantStore {
  readonly #knex: Knex;

  constructor(knex: Knex) {
    this.#knex = knex;
  }

  async add(grant: AgentGrant): Promise<void> {
    const pair = `${grant.legalPersonId}:${grant.agentId}`;
    // An expired grant of the pair lets go of it; an unexpired one keeps it, and the insert fails.
    await sqlCall(() => this.#knex('agent_grants').where('current_pair', pair).where('expires_at', '<=', grant.grantedAt).update({ current_pair: null }));
    try {
      await sqlCall(() => this.#knex('agent_grants').insert({ ...toRow(grant), current_pair: grant.revokedAt === null ? pair : null }));
    } catch (e) {
      if (isDuplicateKey(e)) throw new AppError('ERR_CONFLICT', 'the grant exists, or the agent holds a current grant from this legal person', { cause: e });
      throw e;
    }
  }

  async findById(id: string): Promise<AgentGrant | null> {
    const row = await sqlCall(() => this.#knex<Row>('agent_grants').where({ id }).first());
    return row ? toGrant(row) : null;
  }

  async listForLegalPerson(legalPersonId: string): Promise<AgentGrant[]> {
    return this.#list({ legal_person_id: legalPersonId });
  }

  async listForAgent(agentId: string): Promise<AgentGrant[]> {
    return this.#list({ agent_id: agentId });
  }

  async revoke(id: string, revokedBy: string, at: string): Promise<boolean> {
    const n = await sqlCall(() => this.#knex('agent_grants').where({ id }).whereNull('revoked_at').update({ revoked_at: at, revoked_by: revokedBy, current_pair: null }));
    return n > 0;
  }

  async representedBy(citizenId: string): Promise<string[]> {
    const rows: { id: string }[] = await sqlCall(() => this.#knex('accounts')
      .where('representative_id', citizenId).andWhere('kind', 'legal_person').select('id').orderBy('id'));
    return rows.map((r) => r.id);
  }

  async #list(where: Partial<Row>): Promise<AgentGrant[]> {
    const rows = await sqlCall(() => this.#knex<Row>('agent_grants').where(where).whereNull('revoked_at').orderBy([{ column: 'granted_at' }, { column: 'id' }]));
    return rows.map(toGrant);
  }
}
