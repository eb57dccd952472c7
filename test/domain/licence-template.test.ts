import { describe, expect, it } from 'vitest';
import { loadLicenceTemplates } from '../../src/adapters/licences/file-licence-templates.ts';
import { discloseLicenceData, validateLicenceData } from '../../src/domain/licence-template.ts';
import type { LicenceData } from '../../src/domain/licence-template.ts';

const templates = loadLicenceTemplates();
const business = templates.get('11100000000013338W011')!.definition;
const operations = templates.get('11100000MB0000002X001')!.definition;
const proof = templates.get('11330100MB10000036001')!.definition;

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('licence data against a template', () => {
  it('cleans valid data: trims, upper-cases codes, drops empty optional fields', () => {
    const r = validateLicenceData(business, {
      creditCode: ' 91330100ma2a00001m ', name: ' 杭州某某科技有限公司 ', entityType: '个人独资企业', legalRepresentative: '张三',
      registeredCapital: '50万元', establishedOn: '2020-05-01', operatingUntil: '', businessScope: '软件开发', address: '杭州市',
    });
    expect(r).toEqual({ data: {
      creditCode: '91330100MA2A00001M', name: '杭州某某科技有限公司', entityType: '个人独资企业', legalRepresentative: '张三',
      registeredCapital: '50万元', establishedOn: '2020-05-01', businessScope: '软件开发', address: '杭州市',
    } });
  });

  it('reports each bad field with a code', () => {
    const r = validateLicenceData(operations, {
      name: 'x'.repeat(33), gender: '未知', idNumber: '110105194912310021', operationCategory: '电工作业', operationItem: 7,
      firstIssuedOn: '2020-13-01', photo: 'bm90IGFuIGltYWdl', nickname: 'x',
    });
    expect('issues' in r && r.issues.map((i) => `${i.field}:${i.code}`).sort()).toEqual([
      'firstIssuedOn:bad_date', 'gender:not_an_option', 'idNumber:check_digit', 'name:too_long', 'nickname:unknown_field', 'operationItem:invalid_type', 'photo:bad_image',
    ]);
    const capital = validateLicenceData(business, { registeredCapital: 'a lot' });
    expect('issues' in capital && capital.issues.find((i) => i.field === 'registeredCapital')?.code).toBe('pattern');
    expect('issues' in capital && capital.issues.filter((i) => i.code === 'required').map((i) => i.field)).toContain('creditCode');
  });

  it('discloses per template: public as is, masked masked, private and images never', () => {
    const data: LicenceData = {
      name: '王小明', gender: '男', idNumber: '11010519491231002X', operationCategory: '电工作业', operationItem: '低压电工作业', firstIssuedOn: '2020-03-01', photo: PNG,
    };
    expect(discloseLicenceData(operations, data)).toEqual([
      { field: 'name', label: '姓名', value: '王*明', masked: true },
      { field: 'idNumber', label: '身份证号', value: '110105********002X', masked: true },
      { field: 'operationCategory', label: '作业类别', value: '电工作业', masked: false },
      { field: 'operationItem', label: '操作项目', value: '低压电工作业', masked: false },
      { field: 'firstIssuedOn', label: '初领日期', value: '2020-03-01', masked: false },
    ]);
    const biz = discloseLicenceData(business, { creditCode: '91330100MA2A00001M', name: '杭州某某科技有限公司', legalRepresentative: '欧阳修文' });
    expect(biz.find((f) => f.field === 'legalRepresentative')?.value).toBe('欧**文');
    expect(biz.find((f) => f.field === 'name')?.value).toBe('杭州某某科技有限公司');
    const p = discloseLicenceData(proof, { name: '李四', gender: '女', idNumber: '11010519491231002X', purpose: '入职', statement: '经查询，未发现有犯罪记录。', queriedOn: '2026-02-28' });
    expect(p.map((f) => f.field)).toEqual(['name', 'idNumber', 'statement', 'queriedOn']);
    expect(JSON.stringify(p)).not.toMatch(/入职|11010519491231002X|李四/);
  });
});
