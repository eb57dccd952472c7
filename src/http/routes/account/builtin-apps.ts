// yinxin's own pages that sign people in: first-party apps of the service itself. Their consent
// is how a person reaches those pages, so the account pages list it but do not withdraw it.
import { STAFF_ADMIN_CLIENT_ID } from '../admin-pages.ts';
import { AUDIT_PAGE_CLIENT_ID } from '../admin-audit-page.ts';
import { ENTERPRISE_PORTAL_CLIENT_ID } from '../enterprise-portal.ts';
import { HOLDER_PORTAL_CLIENT_ID } from '../holder-portal.ts';
import { CITY_APP_DEMO_CLIENT_ID } from '../qr-app.ts';
import { SEAL_DESK_CLIENT_ID } from '../seal-desk.ts';
import { ACCOUNT_CLIENT_ID } from './account-context.ts';

const BUILTIN = new Set([ACCOUNT_CLIENT_ID, HOLDER_PORTAL_CLIENT_ID, SEAL_DESK_CLIENT_ID, ENTERPRISE_PORTAL_CLIENT_ID, STAFF_ADMIN_CLIENT_ID, AUDIT_PAGE_CLIENT_ID, CITY_APP_DEMO_CLIENT_ID]);

export const isBuiltinApp = (clientId: string) => BUILTIN.has(clientId);
