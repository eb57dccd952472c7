// Text of the seal desk (用章工作台) in Chinese and English. The page script takes it from a data
// attribute, so that it holds no text of its own.
import type { Lang } from './i18n.ts';

const zh = {
  title: '用章工作台',
  signIn: '使用统一身份认证登录',
  signOut: '退出',
  intro: '登录后可申请印章、审批印章、查看本单位印章及您的用章授权，并对PDF或OFD文件盖章。',
  loading: '正在加载……',
  failed: '操作失败：',
  sealsHeading: '本单位印章与我的授权',
  none: '暂无印章。',
  name: '印章名称', kind: '类型', code: '印章编码', status: '状态', granted: '我的授权', actions: '操作',
  yes: '已授权', no: '—',
  approve: '审批通过', approveReason: '审批意见', approved: '已审批通过。',
  statuses: { pending: '待审批', active: '有效', suspended: '已暂停', revoked: '已吊销', expired: '已过期' } as Record<string, string>,
  kinds: { official: '公章', contract: '合同专用章', finance: '财务专用章', licence: '证照专用章', legal_representative: '法定代表人名章' } as Record<string, string>,
  applyHeading: '申请印章',
  applyKind: '印章类型', applyYears: '有效期（年）', personName: '姓名（仅名章）', applySubmit: '提交申请',
  applied: '申请已提交，等待另一位审批人审批。',
  stampHeading: '盖章',
  file: 'PDF或OFD文件', seal: '使用的印章', noGrantedSeal: '您没有可用的印章授权。',
  placeBy: '盖章位置', byPoint: '页码与坐标', byKeyword: '关键字',
  page: '页码', x: '横坐标（点，自左下角）', y: '纵坐标（点，自左下角）', keyword: '关键字（如“盖章处”）',
  reason: '用章事由', preview: '预览', previewHint: '点击页面预览可选择盖章位置；也可直接填写坐标。',
  previewAlt: '第{page}页预览，共{count}页', stamp: '确认盖章',
  stepUp: '用章需要近期的动态口令验证，正在跳转验证……',
  stepUpDone: '身份已验证。请再次确认盖章。',
  stamped: '盖章完成。', download: '下载已盖章的文件',
};

const en: typeof zh = {
  title: 'Seal desk',
  signIn: 'Sign in with the city identity service',
  signOut: 'Sign out',
  intro: 'Sign in to apply for and approve seals, see your organisation\'s seals and your grants, and stamp PDF or OFD files.',
  loading: 'Loading…',
  failed: 'Failed: ',
  sealsHeading: 'Seals of your organisation and your grants',
  none: 'No seals yet.',
  name: 'Seal', kind: 'Kind', code: 'Seal code', status: 'Status', granted: 'Your grant', actions: 'Actions',
  yes: 'Granted', no: '—',
  approve: 'Approve', approveReason: 'Approval note', approved: 'Approved.',
  statuses: { pending: 'Pending', active: 'Active', suspended: 'Suspended', revoked: 'Revoked', expired: 'Expired' },
  kinds: { official: 'Official seal', contract: 'Contract seal', finance: 'Finance seal', licence: 'Licence seal', legal_representative: 'Legal representative\'s seal' },
  applyHeading: 'Apply for a seal',
  applyKind: 'Kind of seal', applyYears: 'Validity (years)', personName: 'Name (name seals only)', applySubmit: 'Apply',
  applied: 'Application sent; another approver must approve it.',
  stampHeading: 'Stamp a PDF or OFD file',
  file: 'PDF or OFD file', seal: 'Seal to use', noGrantedSeal: 'You hold no grant to use a seal.',
  placeBy: 'Place', byPoint: 'Page and coordinates', byKeyword: 'Keyword',
  page: 'Page', x: 'x (points from the lower left)', y: 'y (points from the lower left)', keyword: 'Keyword (e.g. 盖章处)',
  reason: 'Reason', preview: 'Preview', previewHint: 'Click the page preview to choose the place, or type the coordinates.',
  previewAlt: 'Preview of page {page} of {count}', stamp: 'Stamp',
  stepUp: 'Using a seal needs a recent one-time password; taking you there…',
  stepUpDone: 'Verified. Please confirm the stamp again.',
  stamped: 'Stamped.', download: 'Download the stamped file',
};

export type SealDeskMessages = typeof zh;

export function sealDeskMessages(lang: Lang): SealDeskMessages {
  return lang === 'en' ? en : zh;
}
