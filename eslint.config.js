import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'docs/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The domain is pure: no I/O, no frameworks, no storage. The boundary is a rule, not a hope.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../../services/*',
                '../../storage/*',
                '../../http/*',
                '../../jobs/*',
                '../../mail/*',
                '../../cli/*',
                '**/services/**',
                '**/storage/**',
                '**/http/**',
                '**/jobs/**',
                '**/mail/**',
              ],
              message: 'domain/ imports only domain/.',
            },
            {
              group: ['node:*', 'fs', 'path', 'http', 'net', 'kysely', 'pg', 'better-sqlite3', 'fastify', 'nodemailer', 'zod'],
              message: 'domain/ does no I/O and knows no framework.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'domain/ takes time as a parameter.',
        },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ takes time as a parameter.' },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts', 'src/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/http/**', 'fastify', '@fastify/*'], message: 'services and storage know nothing of HTTP.' }] },
      ],
    },
  },
  {
    // Services decide what happens; storage decides how a database does it (SQL, locks, dialects). Repositories
    // answer row types and `…ForUpdate` reads, so services need nothing of the query builder.
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', message: 'services/ speak to the database through storage/: SQL and row types live there.' },
            { name: 'pg', message: 'services/ speak to the database through storage/.' },
            { name: 'better-sqlite3', message: 'services/ speak to the database through storage/.' },
          ],
          patterns: [
            { group: ['**/http/**', 'fastify', '@fastify/*'], message: 'services and storage know nothing of HTTP.' },
            {
              group: ['**/storage/db.js'],
              importNames: ['dialectOf', 'locksRows', 'supportsRowLocks'],
              message: 'services/ do not branch on the database: repositories decide locking (…ForUpdate), takeTurnOn takes turns.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.property.name='storage'][property.name='dialect']",
          message: 'services/ do not branch on the database: storage picks its way when it opens.',
        },
        {
          // An import rule cannot see a query built on an executor the service was handed.
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]",
          message: 'services/ read and write through storage/repositories: queries live there.',
        },
      ],
    },
  },
);
