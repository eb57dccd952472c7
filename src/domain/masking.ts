// Masking of personal data for logs, audit details and public verification pages, in the forms
// people here expect: ID numbers as first 6 + ******** + last 4, names as 张*三, phones 138****1234.

/** `110101199003071234` → `110101********1234`. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(8)}${id.slice(-4)}`;
}

/** `张三丰` → `张*丰`, `张三` → `张*`, single characters stay. Works on code points, not UTF-16 units. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** `13812341234` → `138****1234`. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

const SECRET_KEY = /pass(word)?|secret|token|otp|code_verifier|private|credential|cookie|authorization|^code$|sms_?code|totp/i;
const ID_KEY = /id_?number|id_?card|identity_?number|身份证/i;
const NAME_KEY = /^(name|full_?name|holder_?name|person_?name|legal_?rep(resentative)?(_?name)?)$/i;
const PHONE_KEY = /phone|mobile|tel/i;

/**
 * A copy of `details` fit for logs and the audit trail: secrets removed, personal data masked by
 * key name, nested objects and arrays handled, depth bounded.
 */
export function maskDetails(details: unknown, depth = 0): unknown {
  if (depth > 6) return '[truncated]';
  if (Array.isArray(details)) return details.map((v) => maskDetails(v, depth + 1));
  if (details === null || typeof details !== 'object') return details;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
    if (SECRET_KEY.test(key)) out[key] = '[redacted]';
    else if (typeof value === 'string' && ID_KEY.test(key)) out[key] = maskIdNumber(value);
    else if (typeof value === 'string' && NAME_KEY.test(key)) out[key] = maskName(value);
    else if (typeof value === 'string' && PHONE_KEY.test(key)) out[key] = maskPhone(value);
    else out[key] = maskDetails(value, depth + 1);
  }
  return out;
}

/** An address shown to its own account: the network kept, the host hidden (192.0.2.*, 2001:db8:1::*). */
export function maskIp(ip: string | null): string | null {
  if (!ip) return null;
  const v4 = /^(?:::ffff:)?(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.*`;
  if (ip.includes(':')) return `${ip.split(':').slice(0, 3).join(':')}::*`;
  return '*';
}
