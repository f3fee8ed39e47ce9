import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'bench/results.json',
      'coverage/**',
      'tests/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['tests/**/*.ts', 'tests/**/*.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Layering (DESIGN.md): core is pure and imports nothing from the layers above it or from node.
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'better-sqlite3', 'serialport'],
              message: 'core/ is pure: no I/O.',
            },
            {
              group: [
                '**/db/**',
                '**/api/**',
                '**/server/**',
                '**/hardware/**',
                '**/devices/**',
                '**/renderer/**',
                '**/electron/**',
              ],
              message: 'core/ depends on nothing above it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/api/**',
                '**/server/**',
                '**/renderer/**',
                '**/electron/**',
                '**/hardware/**',
                '**/devices/**',
              ],
              message: 'db/ depends only on core/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['hardware/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/db/**',
                '**/api/**',
                '**/server/**',
                '**/documents/**',
                '**/renderer/**',
                '**/electron/**',
              ],
              message: 'hardware/ depends only on core/.',
            },
          ],
        },
      ],
    },
  },
  // Documents (PDF, CSV, report text) draw with core/ and hardware/'s text and label pieces (Arabic images,
  // code pages, barcodes); the shapes they render are core's (core/settlement.ts, core/stock.ts, ...), so db/
  // is not needed at all.
  {
    files: ['documents/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', '**/server/**', '**/renderer/**', '**/electron/**', '**/db/**'],
              message: 'documents/ depends only on core/ and hardware/ (the shapes it renders are in core/).',
            },
          ],
        },
      ],
    },
  },
  // The till host (issue 11): the till's own process. It prices and queues sales with db/ (its catalogue
  // cache has the station's schema), talks to the station through the API's envelope (checking what it
  // answers itself against the contract), drives the till's devices (devices/, hardware/), and serves the
  // built renderer's files.
  {
    files: ['till/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/renderer/**',
                '**/electron/**',
                '**/hq/**',
                '**/server/**',
                '!**/server/static-files',
                '!**/server/pinned-fetch',
                // The one "run as a script" test of every host (server/entry-point.ts).
                '!**/server/entry-point',
              ],
              message:
                'till/ serves the renderer and talks to the station over HTTP: no renderer, electron or server code.',
            },
            {
              // The contract's schemas check what the till answers itself, as the station would.
              group: ['**/api/**', '!**/api/error-status', '!**/api/contract'],
              allowTypeImports: true,
              message:
                'till/ speaks the API over HTTP: import api/ types, the contract and the status table only.',
            },
          ],
        },
      ],
    },
  },
  // HQ (the chain, on PostgreSQL) is its own service: it shares core/ with the shops and takes from db/ only
  // what is pure and shared (the journal's format lives in core/journal-chain.ts), never a shop's database.
  {
    files: ['hq/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/api/**',
                // The one status table for our error codes is plain data.
                '!**/api/error-status',
                '**/server/**',
                // HQ makes its certificate as the station does (one self-signed maker, pinned by fingerprint).
                '!**/server/tls',
                '!**/server/entry-point',
                '**/renderer/**',
                '**/electron/**',
                '**/hardware/**',
                '**/db/services/**',
                '**/db/store',
                '**/db/open',
                'better-sqlite3',
              ],
              message:
                'hq/ depends on core/ (and pure shared pieces); never on a shop database or the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts', 'electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**'],
              message: 'the backend never imports the renderer; it serves its built files.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'better-sqlite3', 'serialport'],
              message: 'the renderer runs in a browser sandbox.',
            },
            {
              group: ['**/db/**', '**/server/**', '**/hardware/**', '**/devices/**', '**/electron/**'],
              message: 'the renderer talks to the backend only through the API client.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/renderer/**', '**/electron/**'],
              message: 'api/ is transport-agnostic.',
            },
            {
              // The report workers import every handler: a device library there would be loaded in each.
              group: ['**/devices/**', 'serialport'],
              message: 'api/ reaches the devices through ctx.devices (api/station-devices.ts), not devices/.',
            },
          ],
        },
      ],
      // Handlers call db/ services; a query written here would bypass their transactions and checks.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Literal[value=/^\\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|CREATE|ALTER|DROP|PRAGMA)\\s/]',
          message: 'No SQL in api/: put the query in a db/ service and call it.',
        },
        {
          selector:
            'TemplateElement[value.raw=/^\\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|CREATE|ALTER|DROP|PRAGMA)\\s/]',
          message: 'No SQL in api/: put the query in a db/ service and call it.',
        },
      ],
    },
  },
  // The station's devices (DeviceHub: printer, scale, pole display, scanner) belong to the host process:
  // server/ and electron/ create them; api/ sees an interface only.
  {
    files: ['devices/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', '**/server/**', '**/renderer/**', '**/electron/**', '**/documents/**'],
              message: 'devices/ depends on core/, db/ services and hardware/ only.',
            },
          ],
        },
      ],
    },
  },
);
