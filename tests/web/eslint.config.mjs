// ESLint for the web admin and the public page (content/web), run by scripts/lint from the
// repository's root: `tests/web/node_modules/.bin/eslint --config tests/web/eslint.config.mjs content/web tests/web tests/acceptance`.
// The recommended rules (undefined names, unused variables, unreachable code, ...), plus ==
// where === was meant (`x != null` stays allowed: it is the one idiom for "null or undefined").
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['**/node_modules/**'] },
  js.configs.recommended,
  {
    files: ['content/web/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.browser } },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_' }],
      'prefer-const': 'error',
      'no-var': 'error',
    },
  },
  {
    // Node programs; the functions they hand to page.evaluate() run in the browser.
    files: ['tests/**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_' }],
    },
  },
];
