// Shapes of the audit search's requests, shared by the API and the audit page. Times are ISO 8601
// with an offset in the API; the page's date-time fields have none and are read as Beijing time
// (UTC+8), the time the page shows. Both become the stored form (UTC, milliseconds) to compare.
import { z } from 'zod';
import { MAX_QUERY_ACTIONS, SIGN_IN_ACTIONS } from '../../domain/audit-query.ts';
import type { AuditQuery } from '../../domain/audit-query.ts';

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const toStored = (t: string) => new Date(t).toISOString();
const isoTime = z.iso.datetime({ offset: true }).transform(toStored);
/** `<input type="datetime-local">`: minutes, optionally seconds; Beijing time. */
const localTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'YYYY-MM-DDTHH:mm').transform((t, ctx) => {
  const d = new Date(`${t}+08:00`);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'not a date and time' });
    return z.NEVER;
  }
  return d.toISOString();
});

const actionList = z.array(z.string().max(128).regex(ACTION, 'a dotted event type such as login.password')).max(MAX_QUERY_ACTIONS);

const filters = {
  actor: z.string().trim().min(1).max(128).optional().describe('Account or client id of whoever acted'),
  object: z.string().trim().min(1).max(255).optional().describe('What the record is about (an account id, a licence identifier, a seal id, …)'),
  action: z.string().max(2000).transform((t) => t.split(',').map((a) => a.trim()).filter(Boolean)).pipe(actionList).optional().describe(`Event types, comma-separated (at most ${MAX_QUERY_ACTIONS}), e.g. login.password,login.sms`),
  events: z.enum(['sign-in']).optional().describe('A preset: sign-in events (every login action and logout); combined with action when both are given'),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,120}$/).optional().describe('The `next` cursor of the page before'),
};

const base = (time: z.ZodType<string, string>) => z.strictObject({
  ...filters,
  from: time.optional().describe('Records at or after this time'),
  to: time.optional().describe('Records before this time'),
});

export const auditSchemas = {
  search: base(isoTime).extend({ limit: z.coerce.number().int().min(1).max(200).default(50).describe('Records per page (1–200)') }),
  export: base(isoTime).extend({ format: z.enum(['csv', 'jsonl']).describe('CSV (with a UTF-8 byte order mark) or JSON lines') }).omit({ cursor: true }),
  pageSearch: base(localTime),
  pageExport: base(localTime).extend({ format: z.enum(['csv', 'jsonl']) }).omit({ cursor: true }),
};

type Filters = { actor?: string | undefined; object?: string | undefined; action?: string[] | undefined; events?: 'sign-in' | undefined; from?: string | undefined; to?: string | undefined };

/** The search a parsed request stands for. */
export function auditQueryOf(q: Filters): AuditQuery {
  const actions = [...(q.events === 'sign-in' ? SIGN_IN_ACTIONS : []), ...(q.action ?? [])];
  return {
    ...(q.actor ? { actorId: q.actor } : {}),
    ...(q.object ? { object: q.object } : {}),
    ...(actions.length ? { actions: [...new Set(actions)] } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
  };
}
