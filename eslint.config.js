import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layering } from './eslint.layering.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'stack/', 'bench/results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Command-line entry points talk to a person on the terminal (the deploy gate prints its
    // verdicts into deploy.sh's output; the Swarm suites narrate their long steps).
    files: ['scripts/**', 'bench/**', '**/cli/**', '**/*-cli.ts', 'synthetics/gate/**', 'tests/swarm/**'],
    rules: { 'no-console': 'off' },
  },
  ...layering,
);
