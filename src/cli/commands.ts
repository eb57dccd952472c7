// Every operator command: its words, its arguments, one line on what it does, and how it runs.
// The help text is made from this list, and each command loads its own module only when it runs,
// so that `yinxin --help` or `yinxin migrate` does not load the whole service.
// A new command is one more entry here.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config/schema.ts';

export interface Command {
  /** The words that name it: `audit verify`. */
  words: string;
  /** Its arguments and options as the help shows them ('' for none). */
  args: string;
  /** What it does, in one line. */
  about: string;
  /** Runs it with the arguments after its words; resolves to the exit code (KEEP_RUNNING for a service). */
  run(args: string[]): Promise<number>;
}

/** The exit code of a command that keeps the process running until it is signalled. */
export const KEEP_RUNNING = -1;

/** Bad arguments for a command: the dispatcher prints the command's usage and exits 64. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;
const flag = { type: 'boolean' } as const;
const text = { type: 'string' } as const;

/** The command's options and positional arguments (`max` of them at most); anything else is a UsageError. */
function parse<O extends Options>(args: string[], options: O, max = 0) {
  try {
    const out = parseArgs({ args, options, allowPositionals: true, strict: true });
    if (out.positionals.length > max) throw new UsageError(`unexpected argument: ${out.positionals[max]}`);
    return out;
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((e as Error).message);
    throw e;
  }
}

/** The configuration, read only by the commands that need it (it loads the settings schema). */
const config = async (): Promise<Config> => (await import('../config/load.ts')).loadConfig();
const lazyConfig = async (): Promise<() => Config> => (await import('../config/load.ts')).loadConfig;

export const COMMANDS: readonly Command[] = [
  {
    words: 'start', args: '',
    about: 'run the service (embedded defaults unless DATABASE_URL / REDIS_URL are set)',
    run: async (a) => { parse(a, {}); await (await import('./start.ts')).startCommand(); return KEEP_RUNNING; },
  },
  {
    words: 'setup', args: '[--org-name NAME --credit-code CODE --admin-staff-number NO --admin-name NAME [--admin-phone PHONE] [--admin-password-file FILE]] | --demo',
    about: "the organisation's root department and first administrator (asks in a terminal; a rerun changes nothing); --demo: demo data, development only",
    run: async (a) => (await import('./setup.ts')).setupCommand(a, await lazyConfig()),
  },
  {
    words: 'migrate', args: '',
    about: 'bring the database schema up to date',
    run: async (a) => { parse(a, {}); return (await import('./migrate.ts')).migrateCommand(await config()); },
  },
  {
    words: 'keys init', args: '',
    about: 'create the platform root CA, seal-maker, staff CA, audit and token keys (refuses to overwrite)',
    run: async (a) => { parse(a, {}); return (await import('./keys-init.ts')).keysInitCommand(await config()); },
  },
  {
    words: 'keys rotate oidc', args: '',
    about: 'add a token-signing key: published now, signing after OIDC_KEY_ACTIVATION_DELAY_S',
    run: async (a) => { parse(a, {}); return (await import('./keys-rotate.ts')).keysRotateOidcCommand(await config()); },
  },
  {
    words: 'audit verify', args: '[--trust LIST] [--json]',
    about: 'check the audit chain, its signed checkpoints and the witness (and a saved trust list\'s); exit 1 naming the first break',
    run: async (a) => {
      const { values } = parse(a, { json: flag, trust: text });
      return (await import('./audit-verify.ts')).auditVerifyCommand(await config(), { json: values.json === true, trust: values.trust });
    },
  },
  {
    words: 'audit checkpoint', args: '',
    about: 'sign a checkpoint over the audit chain head now',
    run: async (a) => { parse(a, {}); return (await import('./audit-verify.ts')).auditCheckpointCommand(await config()); },
  },
  {
    words: 'staff issue-cert', args: 'NUMBER (--pubkey PUB.pem | --generate-key KEY.pem) [--out CERT.pem] [--days N]',
    about: 'issue a staff login certificate from the staff CA for a USB key\'s public key (or a new software key)',
    run: async (a) => (await import('./staff-issue-cert.ts')).staffCommand(['issue-cert', ...a], await lazyConfig()),
  },
  {
    words: 'staff revoke-cert', args: '(CERT.pem | --fingerprint SM3HEX) --reason REASON',
    about: 'revoke a login certificate; a new staff CA CRL at once',
    run: async (a) => (await import('./staff-revoke-cert.ts')).staffRevokeCertCommand(a, await lazyConfig()),
  },
  {
    words: 'staff import', args: 'FILE.csv [--passwords OUT.csv]',
    about: 'create staff from CSV, skipping existing staff numbers; --passwords writes initial passwords to OUT.csv',
    run: async (a) => (await import('./staff-import.ts')).staffImportCommand(a, await lazyConfig()),
  },
  {
    words: 'licences import', args: 'FILE.jsonl|FILE.csv --staff NUMBER',
    about: 'issue licences from a file as that licence issuer; rerunning the file issues nothing twice',
    run: async (a) => {
      const { values, positionals } = parse(a, { staff: text }, 1);
      return (await import('./licences-import.ts')).licencesImportCommand(await config(), positionals[0], values.staff);
    },
  },
  {
    words: 'verify', args: '(FILE | --qr PAYLOAD) --offline --trust LIST [--root-sm3 HEX] [--json]',
    about: 'check a licence PDF or QR link with no network against a saved trust list',
    run: async (a) => {
      const { values, positionals } = parse(a, { offline: flag, trust: text, json: flag, 'root-sm3': text, qr: text }, 1);
      return (await import('./verify-offline.ts')).verifyOfflineCommand(positionals, {
        offline: values.offline === true, trust: values.trust, json: values.json === true, rootSm3: values['root-sm3'], qr: values.qr,
      });
    },
  },
  {
    words: 'trust import', args: 'FILE --root-sm3 HEX [--known-only]',
    about: 'import another yinxin platform\'s trust list, pinning its root; --known-only: told apart, not relied on',
    run: async (a) => {
      const { values, positionals } = parse(a, { 'root-sm3': text, 'known-only': flag }, 1);
      return (await import('./trust.ts')).trustCommand(await config(), ['import', ...positionals], { rootSm3: values['root-sm3'], knownOnly: values['known-only'] === true });
    },
  },
  {
    words: 'trust list', args: '',
    about: 'the imported trust lists',
    run: async (a) => { parse(a, {}); return (await import('./trust.ts')).trustCommand(await config(), ['list'], { knownOnly: false }); },
  },
  {
    words: 'verifiers grant', args: 'CLIENT_ID --basis TEXT',
    about: 'let a verifier system see licences in full, under that legal basis',
    run: async (a) => {
      const { values, positionals } = parse(a, { basis: text }, 1);
      return (await import('./verifiers.ts')).verifiersCommand(await config(), ['grant', ...positionals], values.basis);
    },
  },
  {
    words: 'verifiers withdraw', args: 'CLIENT_ID',
    about: 'withdraw a verifier system\'s legal basis',
    run: async (a) => {
      const { positionals } = parse(a, {}, 1);
      return (await import('./verifiers.ts')).verifiersCommand(await config(), ['withdraw', ...positionals], undefined);
    },
  },
  {
    words: 'verifiers list', args: '',
    about: 'the verifier systems and their legal bases',
    run: async (a) => { parse(a, {}); return (await import('./verifiers.ts')).verifiersCommand(await config(), ['list'], undefined); },
  },
];

/** The command `argv` names (the one with the most words when several match) and the arguments after its words. */
export function findCommand(argv: readonly string[]): { command: Command; args: string[] } | null {
  let best: Command | null = null;
  for (const c of COMMANDS) {
    const words = c.words.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.words.split(' ').length)) best = c;
  }
  return best && { command: best, args: argv.slice(best.words.split(' ').length) };
}

/** One command's line in the help: its words and arguments, then what it does. */
export function usageLine(c: Command): string {
  const head = `  ${c.words}${c.args ? ` ${c.args}` : ''}`;
  const column = 22;
  return head.length < column ? `${head.padEnd(column)}${c.about}` : `${head}\n${' '.repeat(column)}${c.about}`;
}

export function helpText(): string {
  return ['usage: yinxin <command> [arguments]', '', 'commands:', ...COMMANDS.map(usageLine), '',
    'options:', '  -h, --help          this text; after a command, that command\'s usage'].join('\n');
}
