#!/usr/bin/env node
// Operator commands: start, setup, migrate, keys init, audit verify, audit checkpoint.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load.ts';
import { startCommand } from './start.ts';
import { migrateCommand } from './migrate.ts';
import { auditCheckpointCommand, auditVerifyCommand } from './audit-verify.ts';
import { keysInitCommand } from './keys-init.ts';
import { keysRotateOidcCommand } from './keys-rotate.ts';
import { STAFF_USAGE, staffCommand } from './staff-issue-cert.ts';
import { verifyOfflineCommand } from './verify-offline.ts';
import { licencesImportCommand } from './licences-import.ts';
import { trustCommand } from './trust.ts';
import { verifiersCommand } from './verifiers.ts';
import { SETUP_USAGE, setupCommand } from './setup.ts';

const USAGE = `usage: yinxin <command>

commands:
  start            run the service (embedded defaults unless DATABASE_URL / REDIS_URL are set)
${SETUP_USAGE}
  migrate          bring the database schema up to date
  keys init        create the platform root CA, seal-maker CA, staff CA, audit and token keys
                   (refuses to overwrite existing keys)
  keys rotate oidc add a token-signing key: published now, signing after OIDC_KEY_ACTIVATION_DELAY_S
  audit verify [--trust LIST]
                   walk the audit chain, its signed checkpoints and the witness file (and the
                   audit checkpoint in a saved copy of our trust list); exit 1 naming the first break
  audit checkpoint sign a checkpoint over the audit chain head now
${STAFF_USAGE}
  licences import FILE.jsonl|FILE.csv --staff NUMBER
                   issue licences from JSON lines ({key, typeCode, data, validFrom?}) or CSV
                   (header: key,typeCode,validFrom,<fields>) as that licence issuer;
                   rerunning the file issues nothing twice

  verify FILE --offline --trust LIST [--root-sm3 HEX]
                   check a licence PDF with no network against a saved trust list
                   (/.well-known/yinxin-trust-list.json); says how old its status data is;
                   with --root-sm3, refuses a list whose root is not that one
  verify --qr PAYLOAD --offline --trust LIST [--root-sm3 HEX]
                   the same for the link a licence's QR code holds (status only)
  trust import FILE --root-sm3 HEX [--known-only]
                   import another yinxin platform's trust list (pinning its root), so that
                   its licences verify here; --known-only: told apart, not relied on
  trust list       the imported trust lists
  verifiers grant CLIENT_ID --basis TEXT | verifiers withdraw CLIENT_ID | verifiers list
                   a verifier system that sees licences in full, and the legal basis for it

options:
  --json           machine-readable output (audit verify)
  -h, --help       this text`;

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

async function main(argv: string[]): Promise<number> {
  if (NODE_MAJOR !== 22) {
    console.error(`yinxin runs on Node.js 22 (this is ${process.version}); run it through npm (npm start, npm run yinxin -- …), which uses the Node 22 that npm installs`);
    return 1;
  }
  // Staff commands take their own options.
  if (argv[0] === 'staff') return staffCommand(argv.slice(1), () => loadConfig());
  if (argv[0] === 'setup' && !argv.includes('--help') && !argv.includes('-h')) return setupCommand(argv.slice(1), () => loadConfig());
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, offline: { type: 'boolean' }, trust: { type: 'string' }, staff: { type: 'string' },
      'root-sm3': { type: 'string' }, 'known-only': { type: 'boolean' }, qr: { type: 'string' }, basis: { type: 'string' } },
  });
  // `licences import` takes a file after the command words.
  const command = positionals[0] === 'licences' && positionals[1] === 'import' ? 'licences import' : positionals.join(' ');
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 64;
  }
  if (positionals[0] === 'verify') return verifyOfflineCommand(positionals.slice(1), { offline: values.offline === true, trust: values.trust, json: values.json === true, rootSm3: values['root-sm3'], qr: values.qr });
  if (positionals[0] === 'verifiers') return verifiersCommand(loadConfig(), positionals.slice(1), values.basis);
  if (positionals[0] === 'trust') return trustCommand(loadConfig(), positionals.slice(1), { rootSm3: values['root-sm3'], knownOnly: values['known-only'] === true });
  switch (command) {
    case 'start':
      await startCommand();
      return -1; // keeps running until signalled
    case 'migrate':
      return migrateCommand(loadConfig());
    case 'keys init':
      return keysInitCommand(loadConfig());
    case 'keys rotate oidc':
      return keysRotateOidcCommand(loadConfig());
    case 'audit checkpoint':
      return auditCheckpointCommand(loadConfig());
    case 'audit verify':
      return auditVerifyCommand(loadConfig(), { json: values.json === true, trust: values.trust });
    case 'licences import':
      return licencesImportCommand(loadConfig(), positionals[2], values.staff);
    default:
      console.error(`unknown command: ${command}\n\n${USAGE}`);
      return 64;
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exit(code);
}, (e: unknown) => {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  const err = e as { code?: string; message?: string };
  console.error(`yinxin: ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`);
  process.exit(err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 64 : 1);
});
