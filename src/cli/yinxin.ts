#!/usr/bin/env node
// Operator commands: `yinxin start`, `yinxin migrate`, `yinxin audit verify`.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load.ts';
import { startCommand } from './start.ts';
import { migrateCommand } from './migrate.ts';
import { auditVerifyCommand } from './audit-verify.ts';

const USAGE = `usage: yinxin <command>

commands:
  start            run the service (embedded defaults unless DATABASE_URL / REDIS_URL are set)
  migrate          bring the database schema up to date
  audit verify     walk the audit chain and report the first broken record (exit 1 if broken)

options:
  --json           machine-readable output (audit verify)
  -h, --help       this text`;

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

async function main(argv: string[]): Promise<number> {
  if (NODE_MAJOR !== 22) {
    console.error(`yinxin runs on Node.js 22 (this is ${process.version}); run it through npm (npm start, npm run yinxin -- …), which uses the Node 22 that npm installs`);
    return 1;
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals.join(' ');
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 64;
  }
  switch (command) {
    case 'start':
      await startCommand();
      return -1; // keeps running until signalled
    case 'migrate':
      return migrateCommand(loadConfig());
    case 'audit verify':
      return auditVerifyCommand(loadConfig(), { json: values.json === true });
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
