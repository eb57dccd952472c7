// Lint rules, including the import rules of the architecture guide: each layer may import only
// the layers below it, crypto/ imports nothing of ours outside itself, src/ imports production
// dependencies only, and no import cycles in src/, type-only imports included.
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import noImportCycle from './scripts/lint/no-import-cycle.js';

const layer = (files, forbidden) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', {
      patterns: forbidden.map((dir) => ({
        group: [`**/${dir}/*`, `**/${dir}/**`],
        message: `This layer must not import from ${dir}/ (see ARCHITECTURE.md, import rules).`,
      })),
    }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'build/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  layer(['src/crypto/**'], ['config', 'pdf', 'ofd', 'domain', 'ports', 'services', 'oidc', 'adapters', 'http', 'cli']),
  layer(['src/pdf/**', 'src/ofd/**', 'src/domain/**'], ['config', 'ports', 'services', 'oidc', 'adapters', 'http', 'cli']),
  layer(['src/ports/**'], ['config', 'services', 'oidc', 'adapters', 'http', 'cli']),
  layer(['src/services/**'], ['config', 'oidc', 'adapters', 'http', 'cli']),
  layer(['src/adapters/**'], ['services', 'oidc', 'http', 'cli', 'pdf', 'ofd']),
  layer(['src/oidc/**'], ['adapters', 'http', 'cli']),
  layer(['src/http/**'], ['adapters', 'ports', 'cli']),
  // What the service runs must be installed by `npm ci --omit=dev`: src/ imports production
  // dependencies only (type-only imports are erased at run time and may name @types packages).
  // Tests, benchmarks, scripts and fuzzers may use devDependencies.
  {
    files: ['src/**'],
    plugins: { 'import-x': importX },
    rules: { 'import-x/no-extraneous-dependencies': ['error', { devDependencies: false, optionalDependencies: false, peerDependencies: false, includeTypes: false }] },
  },
  {
    files: ['src/**'],
    plugins: { yinxin: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: { 'yinxin/no-import-cycle': ['error', { root: 'src' }] },
  },
  { files: ['src/cli/**', 'scripts/**', 'bench/**', 'fuzz/**', 'test/**'], rules: { 'no-console': 'off' } },
);
