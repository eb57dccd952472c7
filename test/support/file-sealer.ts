// A licence-file sealer over the test database, with a key-encryption key of its own (one per
// database, so that several sealers over it share their data keys).
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { parseKekRing } from '../../src/adapters/keys/kek.ts';
import type { KekRing } from '../../src/adapters/keys/kek.ts';
import { SqlDataKeys } from '../../src/adapters/keys/sql-data-keys.ts';
import { dataKeyFileSealer } from '../../src/adapters/licences/data-key-file-sealer.ts';
import { systemClock } from '../../src/ports/clock.ts';
import type { FileSealer } from '../../src/ports/file-sealer.ts';

const rings = new WeakMap<Knex, KekRing>();

export function testFileSealer(knex: Knex, sealNew = true): FileSealer {
  let ring = rings.get(knex);
  if (ring === undefined) {
    ring = parseKekRing(`test:${randomBytes(32).toString('base64')}`, 'test');
    rings.set(knex, ring);
  }
  const kek = ring;
  return dataKeyFileSealer(new SqlDataKeys(knex, () => kek, systemClock), { sealNew });
}
