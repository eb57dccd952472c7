// Request validation for every route: one way to turn a zod failure into ERR_VALIDATION, so every
// API names an offending field the same way (its path, zod's code and message; never its value).
import type { z } from 'zod';
import { AppError } from '../domain/errors.ts';

/** One offending field: where it is, zod's code for the rule, and why. */
export interface ValidationIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

/** The issues of a failed parse; an unknown key is named in the path, as any other offending field. */
export function validationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((i) => ({
    path: [...i.path, ...(i.code === 'unrecognized_keys' ? i.keys.slice(0, 1) : [])].map((p) => (typeof p === 'number' ? p : String(p))),
    code: i.code,
    message: i.message,
  }));
}

/** The parsed body, query or form, or ERR_VALIDATION naming each offending field. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError('ERR_VALIDATION', 'invalid request', { details: { issues: validationIssues(r.error) } });
}

/** A form's fields, or null: for a page that shows the form again with its own message instead of an error answer. */
export function parseForm<T>(schema: z.ZodType<T>, value: unknown): T | null {
  const r = schema.safeParse(value);
  return r.success ? r.data : null;
}

/** A path id, where a malformed one is simply one that does not exist. */
export function pathId(rule: RegExp, value: unknown, what: string): string;
export function pathId<T>(rule: z.ZodType<T>, value: unknown, what: string): T;
export function pathId<T>(rule: RegExp | z.ZodType<T>, value: unknown, what: string): T | string {
  if (rule instanceof RegExp) {
    if (typeof value !== 'string' || !rule.test(value)) throw new AppError('ERR_NOT_FOUND', `no such ${what}`);
    return value;
  }
  const r = rule.safeParse(value);
  if (!r.success) throw new AppError('ERR_NOT_FOUND', `no such ${what}`);
  return r.data;
}
