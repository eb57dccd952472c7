// Licence templates from a directory (`certs-templates/` by default): one folder per licence type
// holding definition.json and layout.json. Read and checked once at start; a folder with a problem
// is reported with its problems and left out, so the others are still served.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLicenceTemplate } from '../../domain/licence-template.ts';
import type { LicenceTemplate, TemplateProblem } from '../../domain/licence-template.ts';
import type { BrokenTemplate, LicenceTemplates } from '../../ports/licence-templates.ts';

/** The templates shipped with the service. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../../certs-templates/', import.meta.url));

const MAX_FILE_BYTES = 256 * 1024;

function readJson(dir: string, file: TemplateProblem['file']): { value: unknown } | { problem: TemplateProblem } {
  const path = join(dir, file);
  try {
    if (statSync(path).size > MAX_FILE_BYTES) return { problem: { file, path: '(file)', message: `larger than ${MAX_FILE_BYTES} bytes` } };
    return { value: JSON.parse(readFileSync(path, 'utf8')) as unknown };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const message = err.code === 'ENOENT' ? 'file is missing' : err instanceof SyntaxError ? `not valid JSON: ${err.message}` : `cannot be read: ${err.message}`;
    return { problem: { file, path: '(file)', message } };
  }
}

/** Loads one template folder: the template, or its problems. */
export function loadTemplateFolder(dir: string): { template: LicenceTemplate } | { problems: TemplateProblem[] } {
  const d = readJson(dir, 'definition.json');
  const l = readJson(dir, 'layout.json');
  const problems = [...('problem' in d ? [d.problem] : []), ...('problem' in l ? [l.problem] : [])];
  if ('problem' in d || 'problem' in l) return { problems };
  return checkLicenceTemplate(d.value, l.value);
}

/**
 * Loads every template folder under `dir`. Two folders defining the same licence-type code are
 * both refused: which one would be served is not something to leave to directory order.
 */
export function loadLicenceTemplates(dir: string = DEFAULT_TEMPLATES_DIR): LicenceTemplates {
  const loaded = new Map<string, { folder: string; template: LicenceTemplate }[]>();
  const broken: BrokenTemplate[] = [];
  const folders = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  for (const folder of folders) {
    const r = loadTemplateFolder(join(dir, folder));
    if ('problems' in r) broken.push({ folder, problems: r.problems });
    else loaded.set(r.template.definition.typeCode, [...(loaded.get(r.template.definition.typeCode) ?? []), { folder, template: r.template }]);
  }
  const served = new Map<string, LicenceTemplate>();
  for (const [code, found] of loaded) {
    if (found.length === 1) {
      served.set(code, found[0]!.template);
      continue;
    }
    const where = found.map((f) => f.folder).join(', ');
    for (const f of found) broken.push({ folder: f.folder, problems: [{ file: 'definition.json', path: 'typeCode', message: `licence type ${code} is defined in more than one folder (${where})` }] });
  }
  const list = [...served.values()];
  return {
    get: (typeCode) => served.get(typeCode) ?? null,
    list: () => list,
    broken: () => broken,
  };
}
