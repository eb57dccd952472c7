// Identity use cases over a real SQL backend, a memory key-value store and audit log, and a
// development SMS sender whose messages tests can read.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { SqlAccountStore } from '../../src/adapters/accounts/sql-account-store.ts';
import { MemoryKvStore } from '../../src/adapters/kv/memory-kv-store.ts';
import { parseKekRing } from '../../src/adapters/keys/kek.ts';
import { SqlDataKeys } from '../../src/adapters/keys/sql-data-keys.ts';
import { Argon2Hasher } from '../../src/adapters/passwords/argon2-hasher.ts';
import { LogSmsSender } from '../../src/adapters/sms/log-sms-sender.ts';
import { systemClock } from '../../src/ports/clock.ts';
import { AuditLog } from '../../src/services/audit/audit-log.ts';
import type { IdentityDeps } from '../../src/services/identity/identity-deps.ts';
import { MemoryAuditStore } from './memory-audit-store.ts';
import type { SqlBackend } from './sql-backends.ts';

export interface IdentityFixture {
  deps: IdentityDeps;
  auditStore: MemoryAuditStore;
  sms: LogSmsSender;
  kekText: string;
  url: string;
  knex: Knex;
  cleanup(): Promise<void>;
}

export async function identityFixture(backend: SqlBackend): Promise<IdentityFixture> {
  const { url, knex, cleanup } = await backend.open();
  const kekText = `test:${randomBytes(32).toString('base64')}`;
  const ring = parseKekRing(kekText, 'test');
  const auditStore = new MemoryAuditStore();
  const sms = new LogSmsSender(pino({ level: 'silent' }));
  const deps: IdentityDeps = {
    accounts: new SqlAccountStore(knex),
    kv: new MemoryKvStore(),
    hasher: new Argon2Hasher(),
    dataKeys: new SqlDataKeys(knex, () => ring, systemClock),
    audit: new AuditLog(auditStore, systemClock),
    clock: systemClock,
    sms,
  };
  return { deps, auditStore, sms, kekText, url, knex, cleanup };
}

/** A valid resident ID number with a given 3-digit sequence. */
export function residentId(seq: number): string {
  const first = `11010519900307${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first[i]) * (weights[i] as number);
  return first + ('10X98765432'[sum % 11] as string);
}
