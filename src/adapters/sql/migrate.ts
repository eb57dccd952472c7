import type { Knex } from 'knex';
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

/** The project's `migrations/` folder: files `NNNN_name.ts`, each exporting `up` and `down`. */
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Lists migrations by file name and loads them by import, so knex needs no loader of its own. */
const source: Knex.MigrationSource<string> = {
  async getMigrations() {
    return readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_[\w-]+\.ts$/.test(f)).sort();
  },
  getMigrationName(name) {
    return name;
  },
  async getMigration(name): Promise<MigrationModule> {
    return (await import(pathToFileURL(join(MIGRATIONS_DIR, name)).href)) as MigrationModule;
  },
};

const config: Knex.MigratorConfig = { migrationSource: source, tableName: 'knex_migrations' };

/** Bring the schema up to date; returns the names of the migrations applied now. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(config)) as [number, string[]];
  return applied;
}

/** Roll back every migration (tests only). */
export async function migrateRollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback(config, true);
}
