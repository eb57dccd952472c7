// The lint rule that keeps devDependencies out of what the service runs: the project's own ESLint
// configuration, applied to source text placed at paths under src/ and test/.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });
const RULE = 'import-x/no-extraneous-dependencies';

async function problems(path: string, text: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(text, { filePath: `${root}${path}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

describe('devDependencies at run time', () => {
  it('refuses an import of a devDependency under src/', async () => {
    const vitest = await problems('src/services/example.ts', "import { expect } from 'vitest';\nexport const e = expect;\n");
    expect(vitest).toEqual([{ ruleId: RULE, message: expect.stringContaining("'vitest' should be listed in the project's dependencies, not devDependencies") }]);
    const client = await problems('src/cli/example.ts', "import * as oidc from 'openid-client';\nexport const o = oidc;\n");
    expect(client).toHaveLength(1);
    expect(client[0]!.message).toContain("'openid-client'");
  }, 60_000);

  it('lets src/ import production dependencies and Node built-ins', async () => {
    expect(await problems('src/services/example.ts', "import { z } from 'zod';\nimport { join } from 'node:path';\nexport const s = z.string().parse(join('a', 'b'));\n")).toEqual([]);
  }, 60_000);

  it('lets tests and scripts import devDependencies', async () => {
    expect(await problems('test/example.test.ts', "import { expect } from 'vitest';\nexport const e = expect;\n")).toEqual([]);
    expect(await problems('scripts/example.ts', "import * as oidc from 'openid-client';\nexport const o = oidc;\n")).toEqual([]);
  }, 60_000);
});
