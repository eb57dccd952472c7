// Unified social credit codes (GB 32100-2015): 18 characters from a 31-symbol alphabet (no I, O,
// Z, S, V); the last is a MOD 31 check character over the first 17 with fixed weights.

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Upper-cases and trims; does not validate. */
export function normalizeCreditCode(raw: string): string {
  return raw.trim().toUpperCase();
}

/** The check character for 17 leading characters, or null when one is not in the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * (WEIGHTS[i] as number);
  }
  return ALPHABET[(31 - (sum % 31)) % 31] as string;
}

/** True for an 18-character code over the alphabet with a correct check character. */
export function isValidCreditCode(code: string): boolean {
  if (code.length !== 18) return false;
  const check = creditCodeCheckChar(code.slice(0, 17));
  return check !== null && check === code[17];
}
