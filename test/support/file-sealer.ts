// A licence-file sealer over the test database, with a key-encryption key of its own.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { parseKekRing } from '../../src/adapters/keys/kek.ts';
import { SqlDataKeys } from '../../src/adapters/keys/sql-data-keys.ts';
import { dataKeyFileSealer } from '../../src/adapters/licences/data-key-file-sealer.ts';
import { systemClock } from '../../src/ports/clock.ts';
import type { FileSealer } from '../../src/ports/file-sealer.ts';

export function testFileSealer(knex: Knex): FileSealer {
  const ring = parseKekRing(`test:${randomBytes(32).toString('base64')}`, 'test');
  return dataKeyFileSealer(new SqlDataKeys(knex, () => ring, systemClock));
}
