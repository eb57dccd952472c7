import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR, loadLicenceTemplates } from '../../src/adapters/licences/file-licence-templates.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the shipped templates to damage. */
function copy(): string {
  const d = mkdtempSync(join(tmpdir(), 'yinxin-templates-'));
  dirs.push(d);
  cpSync(DEFAULT_TEMPLATES_DIR, d, { recursive: true });
  return d;
}

function edit(dir: string, folder: string, file: string, change: (json: Record<string, unknown>) => void): void {
  const path = join(dir, folder, file);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  change(json);
  writeFileSync(path, JSON.stringify(json));
}

describe('licence templates from files', () => {
  it('serves the three shipped templates with no problems', () => {
    const t = loadLicenceTemplates();
    expect(t.broken()).toEqual([]);
    expect(t.list().map((x) => x.definition.name).sort()).toEqual(['无犯罪记录证明', '特种作业操作证', '营业执照']);
    expect(t.get('11100000000013338W011')?.definition.holder.kind).toBe('legal_person');
    expect(t.get('11100000MB0000002X001')?.definition.fields.some((f) => f.type === 'image')).toBe(true);
    expect(t.get('nope')).toBeNull();
  });

  it('names the problem of a broken template and leaves only that one out', () => {
    const d = copy();
    writeFileSync(join(d, 'no-criminal-record-certificate', 'layout.json'), '{ "elements": [');
    const t = loadLicenceTemplates(d);
    expect(t.list().map((x) => x.definition.name).sort()).toEqual(['特种作业操作证', '营业执照']);
    expect(t.get('11330100MB10000036001')).toBeNull();
    expect(t.broken()).toHaveLength(1);
    expect(t.broken()[0]).toMatchObject({ folder: 'no-criminal-record-certificate', problems: [{ file: 'layout.json', path: '(file)' }] });
    expect(t.broken()[0]!.problems[0]!.message).toMatch(/not valid JSON/);
  });

  it.each([
    ['a missing file', (d: string) => rmSync(join(d, 'business-licence', 'definition.json')), { file: 'definition.json', path: '(file)', message: 'file is missing' }],
    ['a layout field that is not defined', (d: string) => edit(d, 'business-licence', 'layout.json', (j) => { (j.elements as { field?: string }[])[2]!.field = 'creditCod'; }),
      { file: 'layout.json', path: 'elements.2.field', message: 'no field creditCod in the definition' }],
    ['a masked field without a mask', (d: string) => edit(d, 'business-licence', 'definition.json', (j) => { delete (j.fields as { mask?: string }[])[3]!.mask; }),
      { file: 'definition.json', path: 'fields.3.mask' }],
    ['a type code whose credit code fails its check', (d: string) => edit(d, 'business-licence', 'definition.json', (j) => { j.typeCode = '11100000000013338X011'; }),
      { file: 'definition.json', path: 'typeCode' }],
    ['an unknown field type', (d: string) => edit(d, 'business-licence', 'definition.json', (j) => { (j.fields as { type: string }[])[0]!.type = 'number'; }),
      { file: 'definition.json', path: 'fields.0.type' }],
    ['a holder ID field of the wrong kind', (d: string) => edit(d, 'special-operations-certificate', 'definition.json', (j) => { (j.holder as { idField: string }).idField = 'operationItem'; }),
      { file: 'definition.json', path: 'holder.idField' }],
    ['a QR code off the page', (d: string) => edit(d, 'special-operations-certificate', 'layout.json', (j) => { (j.qr as { y: number }).y = 280; }),
      { file: 'layout.json', path: 'qr' }],
    ['a required field that is not printed', (d: string) => edit(d, 'special-operations-certificate', 'layout.json', (j) => { j.elements = (j.elements as { kind: string }[]).filter((e) => e.kind !== 'photo'); }),
      { file: 'layout.json', path: 'elements', message: 'required field photo is not printed' }],
    ['a bad regular expression', (d: string) => edit(d, 'business-licence', 'definition.json', (j) => { (j.fields as { pattern?: string }[])[4]!.pattern = '(['; }),
      { file: 'definition.json', path: 'fields.4.pattern', message: 'not a valid regular expression' }],
  ])('names %s', (_what, damage, expected) => {
    const d = copy();
    damage(d);
    const t = loadLicenceTemplates(d);
    expect(t.list()).toHaveLength(2);
    expect(t.broken()).toHaveLength(1);
    expect(t.broken()[0]!.problems).toContainEqual(expect.objectContaining(expected));
  });

  it('refuses two folders defining the same licence type', () => {
    const d = copy();
    cpSync(join(d, 'business-licence'), join(d, 'business-licence-copy'), { recursive: true });
    const t = loadLicenceTemplates(d);
    expect(t.get('11100000000013338W011')).toBeNull();
    expect(t.broken().map((b) => b.folder).sort()).toEqual(['business-licence', 'business-licence-copy']);
    expect(t.broken()[0]!.problems[0]!.message).toMatch(/defined in more than one folder/);
  });
});
