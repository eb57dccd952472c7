// One issuance request per shipped template, with texts its face must show.
import { readFileSync } from 'node:fs';
import { BUSINESS, businessData, OPERATIONS, PROOF } from '../services/licences/licence-kit.ts';

const photo = () => readFileSync(new URL('../../node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf.png', import.meta.url)).toString('base64');
/** Requests for the business licence, the operations certificate (with a photo) and the no-criminal-record certificate. */
export const templateRequests = () => [
  { typeCode: BUSINESS, data: businessData(), expect: ['营业执照', '杭州某某科技有限公司', '91330100MA2A00001M'] },
  { typeCode: OPERATIONS, data: { name: '王小明', gender: '男', idNumber: '11010519491231002X', operationCategory: '电工作业', operationItem: '低压电工作业', firstIssuedOn: '2020-03-01', photo: photo() }, expect: ['特种作业操作证', '王小明', '低压电工作业'] },
  { typeCode: PROOF, data: { name: '张某三', gender: '男', idNumber: '11010519491231002X', purpose: '入职', statement: '经查询，未发现张某三有犯罪记录。', queriedOn: '2026-02-28' }, expect: ['张某三', '经查询'] },
];

