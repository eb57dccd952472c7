// The project's lint configuration refuses an import cycle in src/, type-only imports included,
// and stays quiet without one. Small modules laid out like src/ in a folder of their own are
// linted with the project's eslint.config.js, as `eslint .` would lint them from that folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';

const configFile = fileURLToPath(new URL('../../eslint.config.js', import.meta.url));
const RULE = 'yinxin/no-import-cycle';
const dirs: string[] = [];

/** Writes the files under a new folder, lints it with the project's configuration and returns the cycles found. */
async function lint(files: Record<string, string>): Promise<{ file: string; line: number; message: string }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'yinxin-cycles-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const results = await new ESLint({ cwd: dir, overrideConfigFile: configFile }).lintFiles(['.']);
  return results.flatMap((r) => r.messages.filter((m) => m.ruleId === RULE).map((m) => ({ file: r.filePath.slice(dir.length + 1), line: m.line, message: m.message })));
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('import cycles in src/', () => {
  it('are reported when one side imports only types', async () => {
    const problems = await lint({
      'src/services/a.ts': "import type { B } from '../http/b.ts';\n\nexport const a = 1;\nexport type Bs = B[];\n",
      'src/http/b.ts': "import { a } from '../services/a.ts';\n\nexport const b = a + 1;\nexport interface B { n: number }\n",
    });
    expect(problems).toEqual([
      { file: 'src/http/b.ts', line: 1, message: `Import cycle, type-only imports included (ARCHITECTURE.md): src/http/b.ts → src/services/a.ts → src/http/b.ts` },
      { file: 'src/services/a.ts', line: 1, message: `Import cycle, type-only imports included (ARCHITECTURE.md): src/services/a.ts → src/http/b.ts → src/services/a.ts` },
    ]);
  });

  it('are reported when both sides import only types, through a third module and a re-export', async () => {
    const problems = await lint({
      'src/a.ts': "import type { C } from './c.ts';\n\nexport interface A { c: C }\n",
      'src/b.ts': "export type { A } from './a.ts';\n",
      'src/c.ts': "import { type A } from './b.ts';\n\nexport interface C { a?: A }\n",
    });
    expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual(['src/a.ts:1', 'src/b.ts:1', 'src/c.ts:1']);
    expect(problems[0]!.message).toContain('src/a.ts → src/c.ts → src/b.ts → src/a.ts');
  });

  it('are not reported when the imports run one way', async () => {
    const problems = await lint({
      'src/services/a.ts': "import type { B } from '../http/b.ts';\nimport { b } from '../http/b.ts';\n\nexport const a = b;\nexport type Bs = B[];\n",
      'src/http/b.ts': "export const b = 1;\nexport interface B { n: number }\n",
      'src/http/c.ts': "import { a } from '../services/a.ts';\nimport { b } from './b.ts';\n\nexport const c = a + b;\n",
    });
    expect(problems).toEqual([]);
  });

  it('are not looked for outside src/', async () => {
    const problems = await lint({
      'src/a.ts': "export const a = 1;\n",
      'test/a.test.ts': "import { b } from './b.ts';\n\nexport const a = b;\n",
      'test/b.ts': "import type { A } from './a.test.ts';\n\nexport const b = 1;\nexport type Bs = A[];\n",
    });
    expect(problems).toEqual([]);
  });
});
