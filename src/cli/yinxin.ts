#!/usr/bin/env node
// Operator commands (the list and their help: commands.ts). Only the command that runs is loaded.
import { COMMANDS, KEEP_RUNNING, UsageError, findCommand, helpText, usageLine } from './commands.ts';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const isHelp = (a: string | undefined) => a === '--help' || a === '-h' || a === 'help';

async function main(argv: string[]): Promise<number> {
  if (NODE_MAJOR !== 22) {
    console.error(`yinxin runs on Node.js 22 (this is ${process.version}); run it through npm (npm start, npm run yinxin -- …), which uses the Node 22 that npm installs`);
    return 1;
  }
  if (argv.length === 0 || isHelp(argv[0])) {
    // `yinxin help audit`: the commands starting with those words.
    const about = argv.slice(1);
    const some = COMMANDS.filter((c) => about.every((w, i) => c.words.split(' ')[i] === w));
    console.log(about.length && some.length ? some.map(usageLine).join('\n') : helpText());
    return argv.length === 0 ? 64 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    console.error(`unknown command: ${argv.join(' ')}\n\n${helpText()}`);
    return 64;
  }
  const { command, args } = found;
  if (args.some((a) => a === '--help' || a === '-h')) {
    console.log(`usage:\n${usageLine(command)}`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\nusage:\n${usageLine(command)}`);
    return 64;
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code !== KEEP_RUNNING) process.exit(code);
}, (e: unknown) => {
  // A ConfigError names the bad settings (never their values); by name, so that a command that
  // needs no configuration never loads the settings schema.
  if ((e as Error | undefined)?.name === 'ConfigError') {
    console.error((e as Error).message);
    process.exit(2);
  }
  const err = e as { code?: string; message?: string };
  console.error(`yinxin: ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`);
  process.exit(1);
});
