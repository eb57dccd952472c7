// Redaction of secret setting values by value, wherever they land: the resolved configuration
// nests some of them (`smsGateway.secret`), and a log line may carry one inside a message or an
// error. The values come from the settings schema.ts marks secret (see secretSettingValues in
// load.ts), so a new secret setting is covered without touching this file.
import { maskIdNumber } from '../domain/masking.ts';
import { isValidResidentId } from '../domain/resident-id.ts';

/** One string to find in text and what replaces it. */
export interface Needle {
  find: string;
  replace: string;
}

const CENSOR = '[redacted]';
/** Shorter fragments are not searched for: they would mangle unrelated text. */
const MIN_FRAGMENT = 8;

/** The URL with its password replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:***@');
}

/** The forms a value takes in log text: as is, percent-encoded (forms, query strings) and JSON-escaped. */
function forms(find: string, replace: string): Needle[] {
  const out = [{ find, replace }, { find: encodeURIComponent(find), replace }, { find: JSON.stringify(find).slice(1, -1), replace }];
  return out.filter((n, i) => out.findIndex((m) => m.find === n.find) === i);
}

/**
 * What to look for for each secret value: a URL with credentials is kept readable with its
 * password masked (and the password is looked for on its own); a key list (`id:key,id:key`) is
 * looked for whole and key by key; anything else whole.
 */
export function needlesFor(values: readonly string[]): Needle[] {
  const needles: Needle[] = [];
  for (const value of values) {
    if (!value) continue;
    // A Redis Cluster's URL lists several hosts (`redis://:pw@a:7001,b:7002`): its first part holds the credentials.
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? URL.parse(value) ?? URL.parse(value.split(',')[0] as string) : null;
    if (url) {
      if (redactUrl(value) !== value) needles.push(...forms(value, redactUrl(value)));
      for (const part of [url.password, safeDecode(url.password)]) {
        if (part.length >= 4) needles.push(...forms(part, '***'));
      }
      continue;
    }
    needles.push(...forms(value, CENSOR));
    for (const part of value.split(/[,\n]/)) {
      const material = /^[A-Za-z0-9._-]{1,64}:(.+)$/.exec(part)?.[1];
      for (const fragment of [part, material]) {
        if (fragment && fragment.length >= MIN_FRAGMENT && fragment !== value) needles.push(...forms(fragment, CENSOR));
      }
    }
  }
  // Longest first, so a whole value is replaced before any fragment of it.
  return needles.sort((a, b) => b.find.length - a.find.length);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Full resident ID numbers (valid check character) anywhere in text keep their first 6 and last 4. */
function maskResidentIds(text: string): string {
  return text.replace(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, (id) => (isValidResidentId(id.toUpperCase()) ? maskIdNumber(id) : id));
}

/** The text with every needle replaced and full resident ID numbers masked. */
export function redactText(text: string, needles: readonly Needle[]): string {
  let out = text;
  for (const { find, replace } of needles) {
    if (out.includes(find)) out = out.split(find).join(replace);
  }
  return maskResidentIds(out);
}

/** A copy of a JSON-like value with every string redacted; functions are left out. */
export function redactDeep(value: unknown, needles: readonly Needle[]): unknown {
  if (typeof value === 'string') return redactText(value, needles);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, needles));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'function') out[k] = redactDeep(v, needles);
    }
    return out;
  }
  return value;
}
