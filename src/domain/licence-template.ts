// Licence templates: what a licence type holds (definition) and where it is printed (layout).
// Both are data, checked here once at start, so that a broken template is named and left out
// instead of failing at the first issuance. Licence data is then validated with a schema built
// from the definition, and disclosed on verification as the definition says.
import { z } from 'zod';
import { isValidCreditCode } from './credit-code.ts';
import { maskIdNumber, maskName, maskPhone } from './masking.ts';
import { isValidResidentId } from './resident-id.ts';

/** Page sizes in millimetres (portrait). */
export const PAGE_SIZES_MM = { A3: [297, 420], A4: [210, 297], A5: [148, 210] } as const;

const FIELD_NAME = /^[a-z][A-Za-z0-9]{0,39}$/;

const fieldSchema = z.object({
  name: z.string().regex(FIELD_NAME, 'field names are camelCase ASCII, at most 40 characters'),
  label: z.string().min(1).max(40),
  type: z.enum(['text', 'date', 'enum', 'credit-code', 'resident-id', 'image']),
  required: z.boolean().default(true),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(1).max(4000).optional(),
  pattern: z.string().max(200).optional(),
  options: z.array(z.string().min(1).max(60)).min(1).max(100).optional(),
  /** Images: the largest accepted decoded size. */
  maxBytes: z.number().int().min(1).max(1_000_000).optional(),
  /** On verification: shown as is, shown masked, or never shown. */
  disclosure: z.enum(['public', 'masked', 'private']),
  mask: z.enum(['name', 'id-number', 'phone', 'partial']).optional(),
}).strict();

const validitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('long-term') }).strict(),
  z.object({ kind: z.literal('years'), years: z.number().int().min(1).max(100) }).strict(),
  z.object({ kind: z.literal('days'), days: z.number().int().min(1).max(36_600) }).strict(),
  /** Until the date in a data field; an empty optional field means long-term (长期). */
  z.object({ kind: z.literal('field'), field: z.string() }).strict(),
]);

/** The definition.json of a licence type. */
export const licenceDefinitionSchema = z.object({
  typeCode: z.string().regex(/^[0-9A-Z]{18}\d{3}$/, 'an 18-character credit code and a 3-digit sequence'),
  name: z.string().min(1).max(60),
  definingAuthority: z.object({ name: z.string().min(1).max(100), code: z.string() }).strict(),
  version: z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'a version like 1.0 or 1.0.2'),
  sealKind: z.literal('licence'),
  page: z.object({ size: z.enum(['A3', 'A4', 'A5']), orientation: z.enum(['portrait', 'landscape']) }).strict(),
  holder: z.object({
    kind: z.enum(['citizen', 'legal_person']),
    nameField: z.string(),
    idField: z.string(),
  }).strict(),
  validity: validitySchema,
  fields: z.array(fieldSchema).min(1).max(60),
}).strict();

const mm = z.number().min(0).max(500);
const textStyle = {
  x: mm, y: mm, size: z.number().min(4).max(72),
  weight: z.enum(['regular', 'bold']).default('regular'),
  align: z.enum(['left', 'center', 'right']).default('left'),
  /** Wrap within this width (mm); without it the text is one line. */
  width: mm.optional(),
  maxLines: z.number().int().min(1).max(60).default(1),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#000000'),
};

const elementSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().min(1).max(200), ...textStyle }).strict(),
  z.object({ kind: z.literal('field'), field: z.string(), label: z.string().max(40).optional(), labelWidth: mm.default(0), ...textStyle }).strict(),
  z.object({
    kind: z.literal('value'), value: z.enum(['identifier', 'issuerName', 'issueDate', 'validity', 'validFrom', 'validUntil']),
    label: z.string().max(40).optional(), labelWidth: mm.default(0), ...textStyle,
  }).strict(),
  z.object({ kind: z.literal('photo'), field: z.string(), x: mm, y: mm, width: mm, height: mm }).strict(),
  z.object({
    kind: z.literal('frame'), x: mm, y: mm, width: mm, height: mm, thickness: z.number().min(0.1).max(5).default(0.5),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#000000'),
  }).strict(),
]);

/** The layout.json of a licence type; millimetres from the top-left corner of the page. */
export const licenceLayoutSchema = z.object({
  elements: z.array(elementSchema).min(1).max(200),
  seal: z.object({ x: mm, y: mm, size: z.number().min(10).max(80) }).strict(),
  qr: z.object({ x: mm, y: mm, size: z.number().min(15).max(80) }).strict(),
}).strict();

export type LicenceDefinition = z.infer<typeof licenceDefinitionSchema>;
export type LicenceFieldDefinition = LicenceDefinition['fields'][number];
export type LicenceLayout = z.infer<typeof licenceLayoutSchema>;
export type LayoutElement = LicenceLayout['elements'][number];

/** A template that passed every check. */
export interface LicenceTemplate {
  readonly definition: LicenceDefinition;
  readonly layout: LicenceLayout;
}

/** One problem with a template; `path` points into definition.json or layout.json. */
export interface TemplateProblem {
  readonly file: 'definition.json' | 'layout.json';
  readonly path: string;
  readonly message: string;
}

/** Page size in millimetres after orientation. */
export function pageSizeMm(page: LicenceDefinition['page']): [number, number] {
  const [w, h] = PAGE_SIZES_MM[page.size];
  return page.orientation === 'landscape' ? [h, w] : [w, h];
}

const zodProblems = (file: TemplateProblem['file'], error: z.ZodError): TemplateProblem[] =>
  error.issues.map((i) => ({ file, path: i.path.join('.') || '(root)', message: i.message }));

function definitionProblems(d: LicenceDefinition): TemplateProblem[] {
  const out: TemplateProblem[] = [];
  const add = (path: string, message: string) => out.push({ file: 'definition.json', path, message });
  const byName = new Map<string, LicenceFieldDefinition>();
  d.fields.forEach((f, i) => {
    if (byName.has(f.name)) add(`fields.${i}.name`, `duplicate field ${f.name}`);
    byName.set(f.name, f);
    if ((f.disclosure === 'masked') !== (f.mask !== undefined)) add(`fields.${i}.mask`, 'a mask is given exactly when disclosure is "masked"');
    if ((f.type === 'enum') !== (f.options !== undefined)) add(`fields.${i}.options`, 'options are given exactly for enum fields');
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern, 'u');
      } catch {
        add(`fields.${i}.pattern`, 'not a valid regular expression');
      }
    }
    if (f.minLength !== undefined && f.maxLength !== undefined && f.minLength > f.maxLength) add(`fields.${i}.minLength`, 'greater than maxLength');
  });
  if (!isValidCreditCode(d.definingAuthority.code)) add('definingAuthority.code', 'not a valid unified social credit code (GB 32100)');
  if (!isValidCreditCode(d.typeCode.slice(0, 18))) add('typeCode', 'the first 18 characters are not a valid credit code (GB 32100)');
  else if (d.typeCode.slice(0, 18) !== d.definingAuthority.code) add('typeCode', 'must start with the defining authority\'s credit code');
  const nameField = byName.get(d.holder.nameField);
  if (nameField?.type !== 'text' || !nameField.required) add('holder.nameField', `must name a required text field, not ${d.holder.nameField}`);
  const idType = d.holder.kind === 'citizen' ? 'resident-id' : 'credit-code';
  const idField = byName.get(d.holder.idField);
  if (idField?.type !== idType || !idField.required) add('holder.idField', `must name a required ${idType} field, not ${d.holder.idField}`);
  if (d.validity.kind === 'field') {
    const f = byName.get(d.validity.field);
    if (f?.type !== 'date') add('validity.field', `must name a date field, not ${d.validity.field}`);
  }
  return out;
}

function layoutProblems(d: LicenceDefinition, l: LicenceLayout): TemplateProblem[] {
  const out: TemplateProblem[] = [];
  const add = (path: string, message: string) => out.push({ file: 'layout.json', path, message });
  const [pw, ph] = pageSizeMm(d.page);
  const inside = (x: number, y: number, w: number, h: number) => x >= 0 && y >= 0 && x + w <= pw && y + h <= ph;
  const fields = new Map(d.fields.map((f) => [f.name, f]));
  l.elements.forEach((e, i) => {
    if (e.kind === 'field' || e.kind === 'photo') {
      const f = fields.get(e.field);
      if (f === undefined) add(`elements.${i}.field`, `no field ${e.field} in the definition`);
      else if ((e.kind === 'photo') !== (f.type === 'image')) add(`elements.${i}.field`, e.kind === 'photo' ? `${e.field} is not an image field` : `${e.field} is an image field: use a photo element`);
    }
    const w = 'width' in e && e.width !== undefined ? e.width : 0;
    const h = 'height' in e ? e.height : 0;
    if (!inside(e.x, e.y, w, h)) add(`elements.${i}`, `outside the ${pw}×${ph} mm page`);
  });
  if (!inside(l.seal.x, l.seal.y, l.seal.size, l.seal.size)) add('seal', `outside the ${pw}×${ph} mm page`);
  if (!inside(l.qr.x, l.qr.y, l.qr.size, l.qr.size)) add('qr', `outside the ${pw}×${ph} mm page`);
  const shown = new Set(l.elements.flatMap((e) => (e.kind === 'field' || e.kind === 'photo' ? [e.field] : [])));
  if (!l.elements.some((e) => e.kind === 'value' && e.value === 'identifier')) add('elements', 'the identifier must be printed');
  for (const f of d.fields) if (f.required && !shown.has(f.name)) add('elements', `required field ${f.name} is not printed`);
  return out;
}

/**
 * Checks a template's two files (already parsed from JSON). Returns the template, or every problem
 * found, each with its file and path.
 */
export function checkLicenceTemplate(definition: unknown, layout: unknown): { template: LicenceTemplate } | { problems: TemplateProblem[] } {
  const d = licenceDefinitionSchema.safeParse(definition);
  const l = licenceLayoutSchema.safeParse(layout);
  const problems = [
    ...(d.success ? definitionProblems(d.data) : zodProblems('definition.json', d.error)),
    ...(l.success ? [] : zodProblems('layout.json', l.error)),
  ];
  if (d.success && l.success && problems.length === 0) problems.push(...layoutProblems(d.data, l.data));
  if (problems.length > 0 || !d.success || !l.success) return { problems };
  return { template: { definition: d.data, layout: l.data } };
}

/** A field-level problem with licence data; `code` is stable for clients. */
export interface LicenceDataIssue {
  readonly field: string;
  readonly code: 'required' | 'unknown_field' | 'invalid_type' | 'too_short' | 'too_long' | 'pattern' | 'not_an_option' | 'bad_date' | 'check_digit' | 'bad_image';
  readonly message: string;
}

/** Licence data after validation: field name → string value (images as base64). */
export type LicenceData = Readonly<Record<string, string>>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for `YYYY-MM-DD` naming a real calendar day. */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (m === null) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function imageProblem(base64: string, maxBytes: number): string | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) return 'must be base64';
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > maxBytes) return `must be at most ${maxBytes} bytes`;
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return png || jpeg ? null : 'must be a PNG or JPEG image';
}

function fieldIssue(f: LicenceFieldDefinition, v: string): Omit<LicenceDataIssue, 'field'> | null {
  const len = [...v].length;
  switch (f.type) {
    case 'date': return isIsoDate(v) ? null : { code: 'bad_date', message: 'must be a date YYYY-MM-DD' };
    case 'enum': return f.options!.includes(v) ? null : { code: 'not_an_option', message: `must be one of ${f.options!.join('、')}` };
    case 'credit-code': return isValidCreditCode(v) ? null : { code: 'check_digit', message: 'not a valid unified social credit code (GB 32100 check)' };
    case 'resident-id': return isValidResidentId(v) ? null : { code: 'check_digit', message: 'not a valid resident ID number (GB 11643 check)' };
    case 'image': {
      const p = imageProblem(v, f.maxBytes ?? 200_000);
      return p === null ? null : { code: 'bad_image', message: p };
    }
    case 'text':
      if (f.minLength !== undefined && len < f.minLength) return { code: 'too_short', message: `must be at least ${f.minLength} characters` };
      if (len > (f.maxLength ?? 200)) return { code: 'too_long', message: `must be at most ${f.maxLength ?? 200} characters` };
      if (f.pattern !== undefined && !new RegExp(`^(?:${f.pattern})$`, 'u').test(v)) return { code: 'pattern', message: 'does not have the required form' };
      return null;
  }
}

/**
 * A zod schema for a definition's data: an object of the defined fields only, strings trimmed
 * (codes upper-cased), each checked by its type; empty optional fields are dropped. Issues carry
 * `params.code` (a {@link LicenceDataIssue} code).
 */
export function licenceDataSchema(definition: LicenceDefinition): z.ZodType<LicenceData> {
  return z.record(z.string(), z.unknown()).transform((raw, ctx) => {
    const out: Record<string, string> = {};
    const fail = (field: string, code: LicenceDataIssue['code'], message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message, params: { code } });
    const known = new Set(definition.fields.map((f) => f.name));
    for (const k of Object.keys(raw)) if (!known.has(k)) fail(k, 'unknown_field', 'not a field of this licence type');
    for (const f of definition.fields) {
      const value = raw[f.name];
      if (value === undefined || value === null || value === '') {
        if (f.required) fail(f.name, 'required', `${f.label} is required`);
        continue;
      }
      if (typeof value !== 'string') {
        fail(f.name, 'invalid_type', 'must be a string');
        continue;
      }
      let v = f.type === 'image' ? value.replace(/\s+/g, '') : value.normalize('NFC').trim();
      if (f.type === 'credit-code' || f.type === 'resident-id') v = v.toUpperCase();
      if (v === '') {
        if (f.required) fail(f.name, 'required', `${f.label} is required`);
        continue;
      }
      const issue = fieldIssue(f, v);
      if (issue !== null) fail(f.name, issue.code, issue.message);
      else out[f.name] = v;
    }
    return out as LicenceData;
  });
}

/** Validates licence data; returns the clean data or field-level issues. */
export function validateLicenceData(definition: LicenceDefinition, data: unknown): { data: LicenceData } | { issues: LicenceDataIssue[] } {
  const r = licenceDataSchema(definition).safeParse(data);
  if (r.success) return { data: r.data };
  return {
    issues: r.error.issues.map((i) => ({
      field: String(i.path[0] ?? '(root)'),
      code: ((i as { params?: { code?: LicenceDataIssue['code'] } }).params?.code) ?? 'invalid_type',
      message: i.message,
    })),
  };
}

function maskValue(kind: NonNullable<LicenceFieldDefinition['mask']>, v: string): string {
  switch (kind) {
    case 'name': return maskName(v);
    case 'id-number': return maskIdNumber(v);
    case 'phone': return maskPhone(v);
    case 'partial': {
      const chars = [...v];
      const keep = Math.min(4, Math.floor(chars.length / 3));
      return `${chars.slice(0, keep).join('')}${'*'.repeat(Math.max(1, chars.length - 2 * keep))}${chars.slice(chars.length - keep).join('')}`;
    }
  }
}

/**
 * The fields a verifier may see: public fields as they are, masked fields masked, private fields
 * (and images) left out. Each entry keeps its label for display.
 */
/** With `full` (a verifier system with a legal basis): every field but images, none masked. */
export function discloseLicenceData(definition: LicenceDefinition, data: LicenceData, full = false): { field: string; label: string; value: string; masked: boolean }[] {
  const out: { field: string; label: string; value: string; masked: boolean }[] = [];
  for (const f of definition.fields) {
    const v = data[f.name];
    if (v === undefined || f.type === 'image' || (f.disclosure === 'private' && !full)) continue;
    const masked = f.disclosure === 'masked' && !full;
    out.push({ field: f.name, label: f.label, value: masked ? maskValue(f.mask!, v) : v, masked });
  }
  return out;
}
