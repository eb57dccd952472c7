// Text of a file import's pages (the licence and staff CSV uploads): the upload form, the job's
// progress and its per-line errors, in Chinese (the default) and English.
import type { Lang } from './i18n.ts';

const zh = {
  file: 'CSV文件（UTF-8）',
  upload: '上传并导入',
  progressHeading: '导入进度',
  progressLabel: '已处理',
  counts: '共 {total} 行，已处理 {processed} 行，成功 {ok} 行，失败 {failed} 行。',
  states: { running: '正在导入……', done: '导入完成。', failed: '导入中断：' } as Record<string, string>,
  reload: '刷新进度',
  errorsHeading: '出错的行',
  line: '行号',
  key: '关键字段',
  code: '错误码',
  problems: '问题',
  noErrors: '没有出错的行。',
  issuedHeading: '已签发的证照',
  another: '再导入一个文件',
  started: '导入已开始：{id}',
  noFile: '请选择要上传的CSV文件。',
  staffHeading: '批量导入人员（CSV）',
  staffHint: 'CSV首行为列名：staffNumber（工号）、name（姓名）、departmentId（部门）、positions（职务，可选）、roles（角色）、phone（手机，可选）；职务和角色之间用“;”分隔。已有的工号保持不变；导入不发放初始密码，请在人员页面逐一重置。',
  staffBack: '返回人员管理',
};

export type ImportJobMessages = typeof zh;

const en: ImportJobMessages = {
  file: 'CSV file (UTF-8)',
  upload: 'Upload and import',
  progressHeading: 'Import progress',
  progressLabel: 'Processed',
  counts: '{total} lines, {processed} processed, {ok} succeeded, {failed} failed.',
  states: { running: 'Importing…', done: 'Import finished.', failed: 'Import stopped: ' },
  reload: 'Refresh the progress',
  errorsHeading: 'Lines with errors',
  line: 'Line',
  key: 'Key',
  code: 'Error code',
  problems: 'Problems',
  noErrors: 'No line has an error.',
  issuedHeading: 'Licences issued',
  another: 'Import another file',
  started: 'Import started: {id}',
  noFile: 'Choose the CSV file to upload.',
  staffHeading: 'Import staff (CSV)',
  staffHint: 'The first row names the columns: staffNumber, name, departmentId, positions (optional), roles, phone (optional); positions and roles separated by “;”. Existing staff numbers are left as they are; an import issues no initial passwords: reset them one by one on the staff pages.',
  staffBack: 'Back to the staff',
};

export function importJobMessages(lang: Lang): ImportJobMessages {
  return lang === 'en' ? en : zh;
}
