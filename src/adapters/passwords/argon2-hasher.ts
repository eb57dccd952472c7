import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../ports/password-hasher.ts';

/** The library's numeric id for argon2id (its enum is const, which type stripping cannot use). */
const ARGON2ID = 2;

/** OWASP's argon2id recommendation: 19 MiB of memory, 2 passes, 1 lane. */
export const OWASP_ARGON2ID = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** argon2id over @node-rs/argon2; the PHC string it stores carries the parameters it used. */
export class Argon2Hasher implements PasswordHasher {
  readonly #params: Argon2Params;

  constructor(params: Argon2Params = OWASP_ARGON2ID) {
    this.#params = params;
  }

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: ARGON2ID, ...this.#params });
  }

  async verify(stored: string, password: string): Promise<boolean> {
    if (!stored.startsWith('$argon2')) return false;
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  }

  needsRehash(stored: string): boolean {
    const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
    if (!m) return true;
    return Number(m[1]) !== this.#params.memoryCost || Number(m[2]) !== this.#params.timeCost || Number(m[3]) !== this.#params.parallelism;
  }
}
