// Resident identity numbers (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit
// sequence, and a check character computed as ISO 7064 MOD 11-2 over the first 17 digits.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Upper-cases a trailing x and trims spaces; does not validate. */
export function normalizeResidentId(raw: string): string {
  return raw.trim().toUpperCase();
}

/** The check character for 17 leading digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK[sum % 11] as string;
}

/** True for an 18-character number with a real birth date and a correct check character. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return residentIdCheckChar(id.slice(0, 17)) === id[17];
}
