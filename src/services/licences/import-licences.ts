// Issue licences in bulk (批量发证) from JSON lines or CSV (import-formats.ts): one licence per
// record, each through the same issuance use case, so every record is checked, signed, sealed,
// stored and audited as if issued alone.
// Steps: the file's numbered records → per record: check its shape ({key, typeCode, data, validFrom?}) → issue with the line's key as the
// idempotency key, so that rerunning a file issues nothing twice → record the outcome (issued,
// already issued, or failed with the error code and field-level issues) → report progress → give
// the thread back once a turn has run its 10 ms (take-turns.ts), so that requests are answered
// between lines.
// A bad line never stops the others; only a store that cannot answer stops the run.
import { z } from 'zod';
import { isAppError } from '../../domain/errors.ts';
import { takeTurns } from '../batch/take-turns.ts';
import type { ImportRecord } from './import-formats.ts';
import { issueLicence } from './issue-licence.ts';
import type { LicenceActor, LicenceDeps } from './licence-deps.ts';

/** The most lines one import takes. */
export const IMPORT_MAX_LINES = 10_000;

export interface ImportLineError {
  readonly line: number;
  readonly key: string | null;
  readonly code: string;
  readonly issues: readonly { readonly path: readonly string[]; readonly code: string; readonly message: string }[];
}

export interface ImportProgress {
  readonly total: number;
  readonly processed: number;
  readonly issued: number;
  readonly replayed: number;
  readonly failed: number;
  readonly errors: readonly ImportLineError[];
  /** Issued (or already issued) licences by line: line number, key, licence id and identifier. */
  readonly licences: readonly { readonly line: number; readonly key: string; readonly id: string; readonly identifier: string }[];
}

const lineSchema = z.strictObject({
  key: z.string().regex(/^[\x21-\x7e]{8,128}$/, '8–128 printable ASCII characters'),
  typeCode: z.string().regex(/^[0-9A-Z]{21}$/, 'a 21-character licence type code'),
  data: z.record(z.string().max(40), z.unknown()),
  validFrom: z.iso.date().optional(),
});

function checkLine(r0: ImportRecord): { ok: true; value: z.infer<typeof lineSchema> } | { ok: false; error: ImportLineError } {
  const { line } = r0;
  if ('unreadable' in r0) return { ok: false, error: { line, key: null, code: 'ERR_VALIDATION', issues: [r0.unreadable] } };
  const json = r0.record;
  const r = lineSchema.safeParse(json);
  if (r.success) return { ok: true, value: r.data };
  const key = typeof (json as { key?: unknown })?.key === 'string' ? (json as { key: string }).key.slice(0, 128) : null;
  return { ok: false, error: { line, key, code: 'ERR_VALIDATION', issues: r.error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })) } };
}

export async function importLicences(
  deps: LicenceDeps,
  input: { records: readonly ImportRecord[]; issuer: { code: string; name: string } },
  actor: LicenceActor,
  onProgress: (p: ImportProgress, done: boolean) => Promise<void> | void = () => {},
): Promise<ImportProgress> {
  const pause = takeTurns();
  const p = { total: input.records.length, processed: 0, issued: 0, replayed: 0, failed: 0, errors: [] as ImportLineError[], licences: [] as ImportProgress['licences'][number][] };
  for (const record of input.records) {
    const { line } = record;
    const checked = checkLine(record);
    if (!checked.ok) {
      p.failed++;
      p.errors.push(checked.error);
    } else {
      const { key, ...request } = checked.value;
      try {
        const out = await issueLicence(deps, { ...request, issuer: input.issuer, idempotencyKey: key }, actor);
        if (out.replayed) p.replayed++;
        else p.issued++;
        p.licences.push({ line, key, id: out.licence.id, identifier: out.licence.identifier });
      } catch (e) {
        // Only a refusal of this line is reported with it; anything else (an outage) stops the run.
        if (!isAppError(e) || e.code === 'ERR_STORE_UNAVAILABLE' || e.code === 'ERR_INTERNAL') throw e;
        const issues = (e.details as { issues?: ImportLineError['issues'] } | undefined)?.issues ?? [];
        p.failed++;
        p.errors.push({ line, key, code: e.code, issues });
      }
    }
    p.processed++;
    await onProgress(p, p.processed === p.total);
    await pause();
  }
  if (p.total === 0) await onProgress(p, true);
  return p;
}
