// The development real-name register: a JSON file of test people (docs/real-name.md), read on
// each check so that testers can add people without a restart.
import { readFile } from 'node:fs/promises';
import { AppError } from '../../domain/errors.ts';
import { normalizeResidentId } from '../../domain/resident-id.ts';
import type { RealNameChecker } from '../../ports/real-name-checker.ts';

interface Person {
  name: string;
  idNumber: string;
}

function parsePeople(text: string): Person[] {
  const data: unknown = JSON.parse(text);
  const people = (data as { people?: unknown } | null)?.people;
  if (!Array.isArray(people)) throw new Error('expected {"people": [...]}');
  return people.map((p: unknown) => {
    const { name, idNumber } = (p ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof idNumber !== 'string') throw new Error('each person needs a name and an idNumber');
    return { name: name.trim(), idNumber: normalizeResidentId(idNumber) };
  });
}

export class FileRealNameRegister implements RealNameChecker {
  readonly #file: string;

  constructor(file: string) {
    this.#file = file;
  }

  async check(name: string, idNumber: string): Promise<boolean> {
    let people: Person[];
    try {
      people = parsePeople(await readFile(this.#file, 'utf8'));
    } catch (e) {
      throw new AppError('ERR_STORE_UNAVAILABLE', 'real-name register unreadable', { cause: e, details: { backend: 'real-name-register' } });
    }
    const id = normalizeResidentId(idNumber);
    return people.some((p) => p.idNumber === id && p.name === name.trim());
  }
}
