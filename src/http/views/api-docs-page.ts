// The API reference page: the OpenAPI document (http/openapi.ts) rendered on the server, grouped
// by tag, each operation with its method, path, scope, parameters, body fields, answers and error
// codes. No script; the style sheet is same-origin (CSP). Written in English, as the API is.
import { esc, page } from './html.ts';
import type { PageOptions } from './html.ts';

type Json = Record<string, unknown>;
interface Field { name: string; type: string; required: boolean; description: string }

const asJson = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Escaped text with `code` spans. */
const prose = (text: unknown) => esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/** The `$ref`s of a response's schemas. */
const refsOf = (r: Json): string[] => Object.values(asJson(r.content)).flatMap((c) => {
  const schema = asJson(asJson(c).schema);
  return [schema, ...list(schema.oneOf).map(asJson)].map((x) => x.$ref).filter((x): x is string => typeof x === 'string');
});

/** The schema a `$ref` names, or the schema itself. */
function resolve(doc: Json, schema: unknown): Json {
  const s = asJson(schema);
  const ref = s.$ref;
  if (typeof ref !== 'string') return s;
  return asJson(asJson(asJson(doc.components).schemas)[ref.replace('#/components/schemas/', '')]);
}

/** A short type with its rules: `string (1–64)`, `integer ≥ 1`, `one of: a, b`. */
function typeOf(doc: Json, schema: unknown): string {
  const s = resolve(doc, schema);
  if (Array.isArray(s.enum)) return `one of: ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (s.const !== undefined) return JSON.stringify(s.const);
  const alternatives = list(s.anyOf ?? s.oneOf);
  if (alternatives.length > 0) return alternatives.map((a) => typeOf(doc, a)).join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : typeof s.type === 'string' ? s.type : 'any';
  const rules: string[] = [];
  if (s.type === 'array') rules.push(`of ${typeOf(doc, s.items)}`);
  if (typeof s.format === 'string') rules.push(s.format);
  if (typeof s.pattern === 'string') rules.push(`pattern ${s.pattern}`);
  const span = (lo: unknown, hi: unknown) => (typeof lo === 'number' && typeof hi === 'number' ? `${lo}–${hi}` : typeof lo === 'number' ? `≥ ${lo}` : typeof hi === 'number' ? `≤ ${hi}` : null);
  const length = span(s.minLength ?? s.minItems, s.maxLength ?? s.maxItems);
  if (length) rules.push(`length ${length}`);
  const value = span(s.minimum, s.maximum);
  if (value) rules.push(value);
  if (s.default !== undefined) rules.push(`default ${JSON.stringify(s.default)}`);
  return rules.length > 0 ? `${type} (${rules.join('; ')})` : type;
}

/** The fields of an object schema, nested objects as `parent.child`, at most two levels deep. */
function fieldsOf(doc: Json, schema: unknown, prefix = '', depth = 0): Field[] {
  const s = resolve(doc, schema);
  const required = list(s.required);
  return Object.entries(asJson(s.properties)).flatMap(([name, raw]) => {
    const p = resolve(doc, raw);
    const field = { name: `${prefix}${name}`, type: typeOf(doc, raw), required: required.includes(name), description: String(p.description ?? asJson(raw).description ?? '') };
    const nested = depth < 1 && p.type === 'object' && p.properties ? fieldsOf(doc, p, `${field.name}.`, depth + 1) : [];
    return [field, ...nested];
  });
}

function fieldTable(fields: Field[], first = 'Field'): string {
  if (fields.length === 0) return '';
  const rows = fields.map((f) => `<tr><td data-label="${esc(first)}"><code>${esc(f.name)}</code></td><td data-label="Type">${esc(f.type)}</td><td data-label="Required">${f.required ? 'required' : 'optional'}</td><td data-label="Description">${prose(f.description)}</td></tr>`).join('');
  return `<table class="api-fields"><thead><tr><th>${esc(first)}</th><th>Type</th><th>Required</th><th>Description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A JSON body's fields; a body that is one of several shapes shows each. */
function jsonBodyHtml(doc: Json, schema: unknown): string {
  const s = resolve(doc, schema);
  const alternatives = list(s.anyOf ?? s.oneOf);
  if (alternatives.length > 0) return `<p>One of:</p><ol>${alternatives.map((a) => `<li>${fieldTable(fieldsOf(doc, a))}</li>`).join('')}</ol>`;
  const fields = fieldsOf(doc, s);
  return fields.length > 0 ? fieldTable(fields) : `<p>${prose(s.description ?? typeOf(doc, s))}</p>`;
}

function accessHtml(security: unknown): string {
  const reqs = list(security).map(asJson);
  if (reqs.length === 0) return 'Public: no token.';
  const scopes = list(reqs[0]?.yinxin).map(String);
  const token = scopes.length > 0 ? `Bearer token with scope <code>${esc(scopes.join(' '))}</code>` : 'Bearer token of a person (any API scope; the route checks rights of its own)';
  return reqs.some((r) => Object.keys(r).length === 0) ? `Public; optionally a ${token.charAt(0).toLowerCase()}${token.slice(1)}.` : `${token}.`;
}

function operationHtml(doc: Json, method: string, path: string, op: Json): string {
  const params = list(op.parameters).map(asJson);
  const body = asJson(op.requestBody);
  const content = asJson(body.content);
  const responses = Object.entries(asJson(op.responses)).map(([status, raw]) => [status, asJson(raw)] as const);
  // An answer of the route's own that shares its status with errors (a verdict and ERR_BUSY at 503) is listed under both.
  const answers = responses.filter(([, r]) => !r['x-error-codes'] || refsOf(r).some((x) => x !== '#/components/schemas/Error'));
  const errors = responses.filter(([, r]) => r['x-error-codes']);
  const id = esc(op.operationId);
  return `<article class="api-op" id="${id}">
<h3><span class="api-method api-${esc(method)}">${esc(method.toUpperCase())}</span> <code class="api-path">${esc(path)}</code></h3>
<p>${prose(op.summary)}</p>
<p class="api-access"><strong>Access:</strong> ${accessHtml(op.security)}</p>
${op.description ? `<p>${prose(op.description)}</p>` : ''}
${params.length > 0 ? `<h4>Parameters</h4>${fieldTable(params.map((p) => ({ name: `${String(p.name)} (${String(p.in)})`, type: typeOf(doc, p.schema), required: p.required === true, description: String(p.description ?? '') })), 'Parameter')}` : ''}
${Object.keys(content).length > 0 ? `<h4>Body${body.required === false ? ' (optional)' : ''}</h4>${Object.entries(content).map(([media, c]) => `<p><code>${esc(media)}</code>${media === 'application/json' ? '' : `: ${prose(asJson(asJson(c).schema).description ?? '')}`}</p>${media === 'application/json' ? jsonBodyHtml(doc, asJson(c).schema) : ''}`).join('')}` : ''}
<h4>Answers</h4>
<ul>${answers.map(([status, r]) => `<li><strong>${esc(status)}</strong> ${prose(r.description)}${r.content ? ` <code>${esc(Object.keys(asJson(r.content)).join(', '))}</code>` : ''}</li>`).join('')}</ul>
${errors.length > 0 ? `<h4>Errors</h4><ul class="api-errors">${errors.map(([status, r]) => `<li><strong>${esc(status)}</strong> ${list(r['x-error-codes']).map((c) => `<code>${esc(c)}</code>`).join(' ')}</li>`).join('')}</ul>` : ''}
</article>`;
}

/** The page for an OpenAPI document as openapi.ts builds it. */
export function apiDocsPage(o: PageOptions, doc: Json): string {
  const info = asJson(doc.info);
  const tags = list(doc.tags).map(asJson);
  const ops = Object.entries(asJson(doc.paths)).flatMap(([path, methods]) => Object.entries(asJson(methods)).map(([method, op]) => ({ path, method, op: asJson(op) })));
  const sections = tags.map((t) => {
    const mine = ops.filter((x) => list(x.op.tags).includes(t.name));
    const anchor = `tag-${String(t.name).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    return { anchor, name: String(t.name), html: `<section class="api-tag" aria-labelledby="${anchor}"><h2 id="${anchor}">${esc(t.name)}</h2><p>${prose(t.description)}</p>${mine.map((x) => operationHtml(doc, x.method, x.path, x.op)).join('\n')}</section>` };
  });
  return page(o, `<link rel="stylesheet" href="/static/api-docs.css">
<div class="api-ref">
<h1>${esc(info.title)} <span class="muted">${esc(info.version)}</span></h1>
<p>${prose(info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p>
<p>Errors list the stable codes an operation can refuse with, by HTTP status; for invalid input, <code>issues</code> names each offending field (path, code, message), never its value.</p>
<nav aria-label="Sections"><ul class="api-toc">${sections.map((s) => `<li><a href="#${s.anchor}">${esc(s.name)}</a></li>`).join('')}</ul></nav>
${sections.map((s) => s.html).join('\n')}
</div>`);
}
