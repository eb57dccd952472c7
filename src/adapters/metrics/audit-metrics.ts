// What operators ask of a running service, counted from the audit records this process appends:
// every use case already records what happened (who signed in how, which token, which verdict,
// which seal), so one wrapper round the audit store counts them all, and no use case calls a
// metrics library. A record counts once it is stored (a record that lost a race to another
// process is counted when it is stored on the retry). Counting never fails an append.
import { Counter, Gauge, Registry } from 'prom-client';
import type { AuditRecord, AuditStore } from '../../ports/audit-store.ts';
import type { Clock } from '../../ports/clock.ts';

/** `login.<method>` records that end a sign-in step (the QR code's scan and decision are steps of `login.qr`). */
const SIGN_IN = /^login\.(password|sms|totp|certificate|qr)$/;
/** Licence status changes, as change-licence-status.ts and expire-licences.ts name them. */
const LICENCE_STATUS = /^licence\.(suspend|resume|withdraw|cancel|revoke|transfer|expire)$/;
/** New licences and new versions of one (change-licence.ts). */
const LICENCE_ISSUE = /^licence\.(issue|change|renew)$/;
const IMPORT = /^(licence|staff)\.import\.(start|finish)$/;

/** A label value from a record's details: short and plain, else `other`, so no caller can grow the label set. */
function label(v: unknown): string {
  return typeof v === 'string' && /^[\w:.-]{1,80}$/.test(v) ? v : v === undefined || v === null ? 'unknown' : 'other';
}

function detailsOf(r: AuditRecord): Record<string, unknown> {
  try {
    const d: unknown = JSON.parse(r.details);
    return d !== null && typeof d === 'object' ? d as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

export interface AuditMetrics {
  /** The registry /metrics serves; the HTTP metrics join it. */
  registry: Registry;
  /** The audit store to append through: counts each record once stored. */
  store: AuditStore;
}

/** Counters over the records appended through `store`, and the age of the last audit checkpoint. */
export function auditMetrics(store: AuditStore, clock: Clock): AuditMetrics {
  const registry = new Registry();
  const registers = [registry];
  const events = new Counter({ name: 'yinxin_audit_events_total', help: 'Audit records appended, by action and outcome', labelNames: ['action', 'outcome'] as const, registers });
  const signIns = new Counter({ name: 'yinxin_sign_ins_total', help: 'Sign-in attempts by method and result', labelNames: ['method', 'result'] as const, registers });
  const tokens = new Counter({ name: 'yinxin_tokens_issued_total', help: 'Tokens issued by grant type', labelNames: ['grant_type'] as const, registers });
  const verifications = new Counter({ name: 'yinxin_verifications_total', help: 'Verifications by verdict and channel', labelNames: ['verdict', 'channel'] as const, registers });
  const sealUses = new Counter({ name: 'yinxin_seal_uses_total', help: 'Seal uses by outcome (failure: a use voided after its record)', labelNames: ['outcome'] as const, registers });
  const licences = new Counter({ name: 'yinxin_licence_issuances_total', help: 'Licences issued: new, changed or renewed', labelNames: ['kind', 'outcome'] as const, registers });
  const statuses = new Counter({ name: 'yinxin_licence_status_changes_total', help: 'Licence status changes by action', labelNames: ['action'] as const, registers });
  const jobs = new Counter({ name: 'yinxin_import_jobs_total', help: 'Import jobs started and finished, by kind and outcome', labelNames: ['kind', 'event', 'outcome'] as const, registers });
  const running = new Gauge({ name: 'yinxin_import_jobs_running', help: 'Import jobs this process has started and not finished', labelNames: ['kind'] as const, registers });
  const lines = new Counter({ name: 'yinxin_import_lines_total', help: 'Import lines: submitted at start, then by result at the end', labelNames: ['kind', 'result'] as const, registers });
  new Gauge({
    name: 'yinxin_audit_checkpoint_age_seconds',
    help: 'Seconds since the last signed audit checkpoint (-1 before the first)',
    registers,
    async collect() {
      let last;
      try {
        last = await store.lastCheckpoint();
      } catch {
        return; // the store cannot answer: the figure of the last scrape stands
      }
      this.set(last ? Math.max(0, (clock.now().getTime() - Date.parse(last.signedAt)) / 1000) : -1);
    },
  });

  const meter = (r: AuditRecord) => {
    events.inc({ action: label(r.action), outcome: label(r.outcome) });
    const signIn = SIGN_IN.exec(r.action);
    if (signIn) signIns.inc({ method: signIn[1] as string, result: r.outcome });
    else if (r.action === 'token.issue') {
      // One record per group of tokens (audit-group-commit.ts), each event with its grant type.
      const group = detailsOf(r).events;
      for (const e of Array.isArray(group) ? group as { details?: { grantType?: unknown } }[] : []) tokens.inc({ grant_type: label(e.details?.grantType) });
    } else if (r.action === 'verification.check') {
      const d = detailsOf(r);
      verifications.inc({ verdict: label(d.result), channel: label(d.channel) });
    } else if (r.action === 'seal.use') sealUses.inc({ outcome: r.outcome });
    else if (LICENCE_ISSUE.test(r.action)) licences.inc({ kind: r.action.slice('licence.'.length), outcome: r.outcome });
    else if (LICENCE_STATUS.test(r.action)) statuses.inc({ action: r.action.slice('licence.'.length) });
    else {
      const job = IMPORT.exec(r.action);
      if (!job) return;
      const [, kind, event] = job as unknown as [string, string, 'start' | 'finish'];
      const d = detailsOf(r);
      jobs.inc({ kind, event, outcome: r.outcome });
      if (event === 'start') {
        running.inc({ kind });
        lines.inc({ kind, result: 'submitted' }, count(d.lines));
      } else {
        running.dec({ kind });
        for (const result of ['issued', 'replayed', 'created', 'existing', 'failed']) if (count(d[result]) > 0) lines.inc({ kind, result }, count(d[result]));
      }
    }
  };
  const metered = (records: readonly AuditRecord[]) => {
    try {
      records.forEach(meter);
    } catch {
      // A metric is never worth a failed append.
    }
  };

  const wrapped: AuditStore = {
    last: () => store.last(),
    insertIfAbsent: async (record) => {
      const stored = await store.insertIfAbsent(record);
      if (stored) metered([record]);
      return stored;
    },
    page: (afterSeq, limit) => store.page(afterSeq, limit),
    addCheckpoint: (cp) => store.addCheckpoint(cp),
    checkpoints: () => store.checkpoints(),
    lastCheckpoint: () => store.lastCheckpoint(),
    checkpointsFrom: (index, limit) => store.checkpointsFrom(index, limit),
  };
  // Only a store that can insert several records at once says so (audit-log.ts batches then).
  if (store.insertAllIfAbsent) {
    wrapped.insertAllIfAbsent = async (records) => {
      const stored = await store.insertAllIfAbsent!(records);
      if (stored) metered(records);
      return stored;
    };
  }
  return { registry, store: wrapped };
}
