// `yinxin setup`: the organisation's root department and its first administrator, so that a fresh
// deployment can be administered from its pages. Asks in a terminal for what the flags leave out;
// scripts give flags. The initial password is generated and printed once, or read from a file
// (then never printed). A rerun changes nothing and says what exists.
// `yinxin setup --demo` (embedded development mode only): a demo city with staff in every role,
// seals, an app and licences; prints the demo accounts.
// Exit 0 done (or already done), 1 refused or failed, 64 bad or missing arguments.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../config/schema.ts';
import { createContainer } from '../container.ts';
import type { Container } from '../container.ts';
import { PlatformKeys } from '../domain/platform-keys.ts';
import { isAppError } from '../domain/errors.ts';
import { DEMO_PASSWORD, setUpDemo } from '../services/demo/set-up-demo.ts';
import type { DemoOutcome } from '../services/demo/set-up-demo.ts';
import { isSetUp, organisationState, setUpOrganisation } from '../services/staff/set-up-organisation.ts';
import type { OrganisationInput, OrganisationState } from '../services/staff/set-up-organisation.ts';
import type { FieldIssue } from '../services/staff/staff-deps.ts';

export const SETUP_USAGE = `  setup [--org-name NAME --credit-code CODE --admin-staff-number NO --admin-name NAME
         [--admin-phone PHONE] [--admin-password-file FILE]]
                   create the organisation's root department and its first administrator
                   (asks in a terminal for what is missing); a rerun changes nothing
  setup --demo     development only: a demo city with staff in every role, seals, an app and licences`;

const FLAGS = {
  'org-name': { type: 'string' }, 'credit-code': { type: 'string' }, 'admin-staff-number': { type: 'string' },
  'admin-name': { type: 'string' }, 'admin-phone': { type: 'string' }, 'admin-password-file': { type: 'string' }, demo: { type: 'boolean' },
} as const;

const QUESTIONS: [keyof typeof FLAGS, string][] = [
  ['org-name', 'Organisation name (机构名称)'],
  ['credit-code', 'Unified social credit code (统一社会信用代码)'],
  ['admin-staff-number', 'First administrator: staff number (工号)'],
  ['admin-name', 'First administrator: name (姓名)'],
  ['admin-phone', 'First administrator: mobile number (optional, Enter to skip)'],
];

const issueText = (issues: readonly FieldIssue[]) => issues.map((i) => `  ${i.path.join('.') || '-'}: ${i.code} (${i.message})`).join('\n');
const adminsUrl = (config: Config) => `${config.publicUrl.replace(/\/+$/, '')}/admin`;

function describe(state: OrganisationState): string {
  const root = state.root ? `${state.root.name}${state.root.creditCode ? ` (${state.root.creditCode})` : ''}` : 'none';
  return `organisation: ${root}\nadministrators: ${state.admins.map((a) => `${a.staffNumber} ${a.name}`).join(', ') || 'none'}`;
}

/** What the flags give, asking in a terminal for the rest; null with the missing flags named otherwise. */
async function gather(values: Partial<Record<keyof typeof FLAGS, string | boolean>>, state: OrganisationState): Promise<Record<string, string> | string[]> {
  const wanted = QUESTIONS.filter(([flag]) => (flag === 'org-name' || flag === 'credit-code' ? state.root === null : true));
  const got: Record<string, string> = {};
  for (const [flag] of wanted) if (typeof values[flag] === 'string') got[flag] = values[flag];
  const missing = wanted.filter(([flag]) => got[flag] === undefined && flag !== 'admin-phone');
  const ask = wanted.filter(([flag]) => got[flag] === undefined);
  if (missing.length && !process.stdin.isTTY) return missing.map(([flag]) => `--${flag}`);
  if (missing.length) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    // Lines read through the iterator, not rl.question: answers typed ahead are kept, not dropped.
    const lines = rl[Symbol.asyncIterator]();
    try {
      for (const [flag, question] of ask) {
        rl.setPrompt(`${question}: `);
        rl.prompt();
        const line = await lines.next();
        if (line.done) return ask.filter(([f]) => got[f] === undefined && f !== 'admin-phone').map(([f]) => `--${f}`);
        got[flag] = String(line.value).trim();
      }
    } finally {
      rl.close();
    }
  }
  return got;
}

/** The demo data over an open container: the platform keys first when missing (the seals need them). */
export async function setUpDemoData(c: Container, actor: { id: string; kind: 'system' }): Promise<DemoOutcome> {
  if (!(await c.vault.info(PlatformKeys.rootCa))) await c.initKeys(actor);
  await c.seals.ensureSealMaker();
  return setUpDemo({
    staff: c.staff, seals: c.seals, licences: c.licences, publicUrl: c.config.publicUrl,
    apps: { apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false, ownOrigin: new URL(c.config.publicUrl).origin } },
  });
}

async function demo(c: Container, config: Config): Promise<number> {
  const out = await setUpDemoData(c, { id: `os:${userInfo().username}`, kind: 'system' });
  const base = config.publicUrl.replace(/\/+$/, '');
  console.log(out.created.length ? `created: ${out.created.length} items (${out.created.join(', ')})` : 'the demo data exists already: nothing created');
  console.log(`\ndemo accounts (password for each: ${DEMO_PASSWORD}):`);
  for (const a of out.accounts) console.log(`  ${a.login.padEnd(20)} ${a.name}  ${a.roles.join(', ')}`);
  console.log(`\ndemo app (public, PKCE): ${out.appId}\nsample licences:\n${out.licences.map((u) => `  ${u}`).join('\n')}`);
  console.log(`\nnext: npm start, then open ${base}/ (administrators enrol a one-time password at their first sign-in)`);
  return 0;
}

export async function setupCommand(args: string[], loadConfig: () => Config): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: FLAGS });
  if (positionals.length) {
    console.error(`usage:\n${SETUP_USAGE}`);
    return 64;
  }
  const config = loadConfig();
  if (values.demo && (config.env === 'production' || !config.embedded)) {
    console.error('yinxin setup --demo: refused: demo data is for the embedded development mode only (no NODE_ENV=production, no DATABASE_URL or REDIS_URL)');
    return 1;
  }
  const c = await createContainer({ ...config, logLevel: 'warn' }, { background: false });
  try {
    if (values.demo) return await demo(c, config);
    const state = await organisationState(c.staff);
    const actor = { id: `os:${userInfo().username}`, kind: 'system' as const, clientIp: null, requestId: null };
    let input: OrganisationInput | null = null;
    if (!isSetUp(state)) {
      const got = await gather(values, state);
      if (Array.isArray(got)) {
        console.error(`yinxin setup: missing ${got.join(', ')} (no terminal to ask in, or the input ended)\n\nusage:\n${SETUP_USAGE}`);
        return 64;
      }
      const passwordFile = values['admin-password-file'];
      input = {
        orgName: got['org-name'] ?? '', creditCode: got['credit-code'] ?? '',
        admin: { staffNumber: got['admin-staff-number'] ?? '', name: got['admin-name'] ?? '', phone: got['admin-phone'] ? got['admin-phone'] : null },
        ...(passwordFile ? { initialPassword: readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '') } : {}),
      };
    }
    const out = await setUpOrganisation(c.staff, input, actor);
    if (!out.createdDepartment && !out.createdAdmin) {
      console.log(`already set up: nothing changed\n${describe(out)}\n\nsign in at ${adminsUrl(config)}`);
      return 0;
    }
    console.log(`${out.createdDepartment ? 'created' : 'exists'}: organisation ${out.root.name}${out.root.creditCode ? ` (${out.root.creditCode})` : ''}`);
    const admin = out.createdAdmin;
    if (admin) {
      console.log(`created: administrator ${admin.staff.staffNumber} ${admin.staff.name} (roles ${admin.staff.roles.join(', ')})`);
      console.log(values['admin-password-file'] ? 'initial password: the one in the file given' : `initial password (shown this once): ${admin.initialPassword}`);
    }
    console.log(`
sign in at ${adminsUrl(config)} with the staff number and the initial password, then:
  1. choose a new password (the initial one works only for this first sign-in);
  2. enrol an authenticator app with the key shown: administrators give a one-time password at every sign-in;
  3. add departments and staff (${adminsUrl(config)}/departments, ${adminsUrl(config)}/staff) and register apps (${adminsUrl(config)}/apps).`);
    return 0;
  } catch (e) {
    if (/no such table|doesn't exist/i.test(String((e as Error).message))) {
      console.error('yinxin setup: the database schema is not there yet: run `yinxin migrate` first (production does not migrate on its own)');
      return 1;
    }
    if (!isAppError(e, 'ERR_VALIDATION')) throw e;
    console.error(`yinxin setup: ${e.code}\n${issueText((e.details?.issues as FieldIssue[] | undefined) ?? [])}`);
    return 64;
  } finally {
    await c.close();
  }
}
