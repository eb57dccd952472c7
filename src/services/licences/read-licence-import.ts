// Read a batch import job's progress (GET /api/licences/imports/:id).
// Steps: a well-formed job id → the job from the shared key-value store → it must belong to the
// caller's issuing department; another department's job, like a missing one, is "not found".
import { AppError } from '../../domain/errors.ts';
import { jobKey } from './start-licence-import.ts';
import type { ImportJob, ImportJobDeps } from './start-licence-import.ts';

/** A job of the caller's issuing department; another department's job is "not found". */
export async function readLicenceImport(deps: Pick<ImportJobDeps, 'kv'>, issuerCode: string, id: string): Promise<ImportJob> {
  const raw = /^imp_[A-Za-z0-9_-]{22}$/.test(id) ? await deps.kv.get(jobKey(id)) : null;
  const job = raw === null ? null : (JSON.parse(raw) as ImportJob);
  if (job === null || job.issuerCode !== issuerCode) throw new AppError('ERR_NOT_FOUND', 'no such import job');
  return job;
}
