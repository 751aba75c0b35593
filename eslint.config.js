// Style and correctness rules run by `npm test` (npm run lint). Type-aware rules are left out on
// purpose: they need a full program per file and would double the time of the check.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'public/', 'test-results*/', 'playwright-report/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      // Unused names are dead code; a leading underscore marks a parameter kept for its position.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
      'no-var': 'error',
    },
  },
  {
    // No module-level mutable state outside the composition roots (issue 15): what a feature keeps
    // lives inside the controller src/app/services.ts creates, so each test and each app gets its own.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/app/**', 'src/cli/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program > VariableDeclaration[kind="let"], Program > ExportNamedDeclaration > VariableDeclaration[kind="let"]',
          message: 'No module-level mutable variables outside src/app: keep the state in a controller created with its dependencies.',
        },
        {
          selector:
            ':matches(Program > VariableDeclaration, Program > ExportNamedDeclaration > VariableDeclaration) > VariableDeclarator > NewExpression[callee.name=/^(Map|Set|WeakMap|WeakSet)$/][arguments.length=0]',
          message: 'No module-level collections that fill up outside src/app: keep them in a controller created with its dependencies.',
        },
      ],
    },
  },
  {
    files: ['src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Two panels reset derived state (preview result, camera) in an effect when their inputs
      // change; the rule is meant for React Compiler code, which this project does not use.
      'react-hooks/set-state-in-effect': 'off',
    },
  },
);
