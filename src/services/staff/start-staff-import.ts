// Start a staff import as a job (POST /api/admin/staff/imports).
// Steps: read the CSV's records and header now, a slice at a time (a file that is not staff CSV is
// refused at once, before anything is created) → a job id (128 random bits) → store the job as running in the
// shared key-value store (any service process can answer for it) → audit the start → import row
// by row in the background (import-staff.ts), saving progress every few rows and at the end →
// audit the end with the counts. Jobs issue no initial passwords (they would sit in the store):
// administrators reset one per person, or the operator imports with `yinxin staff import
// --passwords`. A job stopped by an outage is marked failed; a rerun completes it, creating
// nothing twice.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { KvStore } from '../../ports/kv-store.ts';
import { importStaff, readStaffCsv } from './import-staff.ts';
import type { StaffImportProgress } from './import-staff.ts';
import type { StaffActor, StaffDeps } from './staff-deps.ts';

export interface StaffImportJob extends Omit<StaffImportProgress, 'passwords'> {
  id: string;
  createdBy: string;
  state: 'running' | 'done' | 'failed';
  createdAt: string;
  finishedAt: string | null;
  failure: string | null;
}

/** Jobs are kept for a week after their last update. */
const JOB_TTL_S = 7 * 24 * 3600;
const SAVE_EVERY = 20;
export const staffJobKey = (id: string): string => `staff-import:${id}`;

export async function startStaffImport(
  deps: { staff: StaffDeps; kv: KvStore },
  csv: string,
  actor: StaffActor,
): Promise<{ job: StaffImportJob; finished: Promise<StaffImportJob> }> {
  const { staff } = deps;
  const sheet = await readStaffCsv(csv);
  const rows = sheet.rows.length;
  let job: StaffImportJob = {
    id: `simp_${randomBytes(16).toString('base64url')}`, createdBy: actor.id, state: 'running', createdAt: staff.clock.now().toISOString(),
    finishedAt: null, failure: null, total: rows, processed: 0, created: 0, existing: 0, failed: 0, errors: [],
  };
  const save = () => deps.kv.set(staffJobKey(job.id), JSON.stringify(job), JOB_TTL_S);
  await save();
  const who = { actor: { id: actor.id, kind: actor.kind }, clientIp: actor.clientIp, requestId: actor.requestId };
  await staff.audit.append({ ...who, action: 'staff.import.start', object: job.id, outcome: 'success', details: { rows, via: 'api' } });

  const finished = (async () => {
    try {
      await importStaff(staff, { sheet, issuePasswords: false }, actor, async (p, done) => {
        const { passwords: _none, ...progress } = p;
        job = { ...job, ...progress, errors: [...p.errors] };
        if (done) job = { ...job, state: 'done', finishedAt: staff.clock.now().toISOString() };
        if (done || p.processed % SAVE_EVERY === 0) await save();
      });
    } catch (e) {
      job = { ...job, state: 'failed', finishedAt: staff.clock.now().toISOString(), failure: (e as { code?: string }).code ?? 'ERR_INTERNAL' };
      await save().catch(() => {});
    }
    await staff.audit.append({
      ...who, action: 'staff.import.finish', object: job.id, outcome: job.state === 'done' ? 'success' : 'failure',
      details: { total: job.total, created: job.created, existing: job.existing, failed: job.failed, failure: job.failure, via: 'api' },
    }).catch(() => {});
    return job;
  })();
  return { job, finished };
}

/** A staff import job by id; a malformed or unknown id is ERR_NOT_FOUND. */
export async function readStaffImport(deps: { kv: KvStore }, id: string): Promise<StaffImportJob> {
  const raw = /^simp_[A-Za-z0-9_-]{22}$/.test(id) ? await deps.kv.get(staffJobKey(id)) : null;
  if (raw === null) throw new AppError('ERR_NOT_FOUND', 'no such import job');
  return JSON.parse(raw) as StaffImportJob;
}
