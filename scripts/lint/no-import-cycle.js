// Lint rule: no import cycle among the files under one folder (src/), type-only imports included.
//
// import-x/no-cycle cannot say this: it skips every `import type` (and every import whose names are
// all types) with no option to count them, and with consistent-type-imports most of our cycles run
// through such an import on one side. A cycle through types still ties two modules together: neither
// can move to another layer without the other (ARCHITECTURE.md, import rules).
//
// Each linted file's own imports come from its syntax tree (the text being linted); every other
// file's from its text on disk, read once per lint run (again when it changes) with TypeScript's
// import scanner, which sees `import type`, `export … from`, `import()` and `typeof import()` alike.
// A file is in a cycle through one of its imports when that import's target reaches it back: one
// pass forward from the file over the folder, one pass backward over what it found.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createNodeResolver } from 'eslint-plugin-import-x';

// Required, not imported: the parser has loaded this module already, and an ESM import of it
// would scan its 9 MB again for export names.
const ts = createRequire(import.meta.url)('typescript');

const resolver = createNodeResolver({ extensions: ['.ts', '.js', '.json'] });

/**
 * A file's imports inside the folder, by its mtime and size; looked at again at most once a second,
 * which keeps a long-lived linter (an editor's) current without a stat per file per file linted.
 * @type {Map<string, { key: string, seen: number, targets: string[] }>}
 */
const onDisk = new Map();
const RECHECK_MS = 1000;

const followed = (specifier) => /^[./#]/.test(specifier);

function resolveIn(root, from, specifier) {
  if (!followed(specifier)) return null;
  const { found, path: target } = resolver.resolve(specifier, from);
  if (!found || !target) return null;
  return target.startsWith(root + path.sep) && !target.includes(`${path.sep}node_modules${path.sep}`) ? target : null;
}

function importsOnDisk(root, file) {
  const now = Date.now();
  const recent = onDisk.get(file);
  if (recent && recent.key.startsWith(`${root}\0`) && now - recent.seen < RECHECK_MS) return recent.targets;
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return [];
  }
  const key = `${root}\0${stat.mtimeMs}\0${stat.size}`;
  if (recent?.key === key) {
    recent.seen = now;
    return recent.targets;
  }
  const specifiers = ts.preProcessFile(readFileSync(file, 'utf8'), true, false).importedFiles.map((f) => f.fileName);
  const targets = [...new Set(specifiers.map((s) => resolveIn(root, file, s)).filter((t) => t !== null))];
  onDisk.set(file, { key, seen: now, targets });
  return targets;
}

function realpath(p) {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles among the files under a folder, type-only imports included.' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: { cycle: 'Import cycle, type-only imports included (ARCHITECTURE.md): {{cycle}}' },
  },
  create(context) {
    const root = realpath(path.resolve(context.cwd, context.options[0]?.root ?? 'src'));
    const file = realpath(context.physicalFilename);
    if (!file.startsWith(root + path.sep)) return {};
    /** @type {{ node: import('estree').Node, target: string }[]} */
    const own = [];
    const add = (node, source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const target = resolveIn(root, file, source.value);
      if (target) own.push({ node, target });
    };
    const importsOf = (f) => (f === file ? [...new Set(own.map((e) => e.target))] : importsOnDisk(root, f));
    const shown = (f) => path.relative(context.cwd, f).split(path.sep).join('/');

    return {
      ImportDeclaration: (node) => add(node, node.source),
      ExportNamedDeclaration: (node) => add(node, node.source),
      ExportAllDeclaration: (node) => add(node, node.source),
      ImportExpression: (node) => add(node, node.source),
      TSImportEqualsDeclaration: (node) => add(node, node.moduleReference?.expression),
      TSImportType: (node) => add(node, node.source ?? (node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument)),
      'Program:exit'() {
        if (own.length === 0) return;
        // Forward: everything this file reaches, and who imports whom among it.
        const importers = new Map([[file, []]]);
        const queue = [file];
        for (let i = 0; i < queue.length; i++) {
          for (const target of importsOf(queue[i])) {
            if (!importers.has(target)) {
              importers.set(target, []);
              queue.push(target);
            }
            importers.get(target).push(queue[i]);
          }
        }
        // Backward from this file: each file that reaches it, with its next step on a shortest way back.
        const next = new Map([[file, null]]);
        const back = [file];
        for (let i = 0; i < back.length; i++) {
          for (const importer of importers.get(back[i])) {
            if (!next.has(importer)) {
              next.set(importer, back[i]);
              back.push(importer);
            }
          }
        }
        for (const { node, target } of own) {
          if (!next.has(target)) continue;
          const cycle = [file];
          for (let f = target; f !== null; f = next.get(f)) cycle.push(f);
          context.report({ node, messageId: 'cycle', data: { cycle: cycle.map(shown).join(' → ') } });
        }
      },
    };
  },
};
