// Start a batch import as a job (POST /api/licences/imports).
// Steps: read the body's records, JSON lines or CSV (1 to IMPORT_MAX_LINES), a slice at a time → a job id (128 random bits) → store
// the job as running in the shared key-value store (so any service process can answer for it)
// → audit the start → issue line by line in the background (import-licences.ts), saving progress
// every few lines and at the end → audit the end with the counts. A job that stops on an outage
// is marked failed with the reason; the lines issued so far stay issued and a rerun of the same
// body completes it without issuing anything twice.
import type { KvStore } from '../../ports/kv-store.ts';
import { importRecords } from './import-formats.ts';
import type { ImportFormat } from './import-formats.ts';
import { IMPORT_MAX_LINES, importLicences } from './import-licences.ts';
import type { ImportProgress } from './import-licences.ts';
import { invalidField } from './licence-deps.ts';
import type { LicenceDeps } from './licence-deps.ts';

export interface ImportJobDeps {
  licences: LicenceDeps;
  kv: KvStore;
}

export interface ImportJob extends ImportProgress {
  readonly id: string;
  readonly issuerCode: string;
  readonly createdBy: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly failure: string | null;
}

/** Jobs are kept for a week after their last update. */
const JOB_TTL_S = 7 * 24 * 3600;
const SAVE_EVERY = 20;
export const jobKey = (id: string): string => `licence-import:${id}`;

export async function startLicenceImport(
  deps: ImportJobDeps,
  input: { body: string; format?: ImportFormat; issuer: { code: string; name: string } },
  actor: { id: string; kind: 'staff' },
): Promise<{ job: ImportJob; finished: Promise<ImportJob> }> {
  const records = await importRecords(input.body, input.format ?? 'jsonl', IMPORT_MAX_LINES);
  if (records.length === 0 || records.length > IMPORT_MAX_LINES) throw invalidField('body', records.length === 0 ? 'empty' : 'too_many_lines', `1 to ${IMPORT_MAX_LINES} records are required`);
  const { licences } = deps;
  let job: ImportJob = {
    id: `imp_${Buffer.from(licences.random(16)).toString('base64url')}`, issuerCode: input.issuer.code, createdBy: actor.id, state: 'running',
    createdAt: licences.clock.now().toISOString(), finishedAt: null, failure: null,
    total: records.length, processed: 0, issued: 0, replayed: 0, failed: 0, errors: [], licences: [],
  };
  const save = () => deps.kv.set(jobKey(job.id), JSON.stringify(job), JOB_TTL_S);
  await save();
  await licences.audit.append({ actor: { id: actor.id, kind: actor.kind }, action: 'licence.import.start', object: job.id, outcome: 'success', details: { lines: records.length, format: input.format ?? 'jsonl', issuerCode: job.issuerCode } });

  const finished = (async () => {
    try {
      await importLicences(licences, { records, issuer: input.issuer }, actor, async (p, done) => {
        job = { ...job, ...p, errors: [...p.errors], licences: [...p.licences] };
        if (done || p.processed % SAVE_EVERY === 0) {
          if (done) job = { ...job, state: 'done', finishedAt: licences.clock.now().toISOString() };
          await save();
        }
      });
    } catch (e) {
      job = { ...job, state: 'failed', finishedAt: licences.clock.now().toISOString(), failure: (e as { code?: string }).code ?? 'ERR_INTERNAL' };
      await save().catch(() => {});
    }
    await licences.audit.append({
      actor: { id: actor.id, kind: actor.kind }, action: 'licence.import.finish', object: job.id, outcome: job.state === 'done' ? 'success' : 'failure',
      details: { total: job.total, issued: job.issued, replayed: job.replayed, failed: job.failed, failure: job.failure },
    }).catch(() => {});
    return job;
  })();
  return { job, finished };
}
