import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * The order of the libraries, lowest layer first. A library imports only libraries of the layers
 * below its own: never a sibling in its layer, never one above, never an app. So no cycle between
 * libraries can form, and a domain never knows the one built on it. Derived from the real imports
 * (`grep -rn "@app/" libs`); a new library goes in here, or lint fails (boundaries/no-unknown-files).
 * Apps may import every library. Checked by eslint-plugin-boundaries below; test/architecture proves it.
 */
const LIBRARY_LAYERS = [
  ['core', 'config'], // the shared kernel: errors, clock, ids; the validated configuration
  ['database'], // the shared kernel's data source and naming, configured by config
  ['history', 'storage', 'jobs'], // infrastructure: the history chain, blobs, the job queue
  ['identity', 'checklist'], // users and roles; the versioned checklist
  ['firms'],
  ['complaints'], // complaints about the scheme, which may name a firm
  ['sanctions', 'applications'],
  ['audits'],
  ['ratings'],
  ['transparency'], // the public Merkle log of the registry's events, fed by history listeners
  ['decisions', 'registry', 'certificates', 'reports', 'feeds', 'webhooks'], // the decision on an audit issues a rating; the public faces of ratings; what integrators receive
  ['surveillance'], // surveillance plans and checks act on ratings through their services
  ['appeals'], // a panel reverses decisions: on ratings, on applications (a refusal), and the outcome of a surveillance check
  ['statistics', 'notifications', 'todos'], // the registry in figures (ratings, reports and decisions counted together); e-mail, which listens to every domain's history events and reads their tables to address messages; what each user must do now
  ['schema'], // assembles every domain's entities and the migrations into the one data source
];
const LIBRARIES = LIBRARY_LAYERS.flat();
const below = (layer) => LIBRARY_LAYERS.slice(0, LIBRARY_LAYERS.indexOf(layer)).flat();

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Tests read loosely typed HTTP bodies on purpose.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The libraries' order (LIBRARY_LAYERS), checked on every import, re-export and dynamic import of apps and libs.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { './scripts/eslint-import-resolver-typescript-paths.js': {} },
      'boundaries/elements': [
        ...LIBRARIES.map((library) => ({ type: library, pattern: `libs/${library}` })),
        { type: 'migrations', pattern: 'migrations' },
        { type: 'app', pattern: 'apps/*' },
      ],
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
    },
    rules: {
      'boundaries/no-unknown-files': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message: '{{from.element.type}} may not import {{to.element.type}}: a library imports only the libraries of the layers below its own (LIBRARY_LAYERS in eslint.config.mjs), never an app.',
          policies: [
            ...LIBRARY_LAYERS.flatMap((layer) => layer.map((library) => ({ from: { element: { type: library } }, allow: { to: { element: { types: below(layer) } } } }))),
            { from: { element: { type: 'schema' } }, allow: { to: { element: { type: 'migrations' } } } },
            { from: { element: { type: 'app' } }, allow: { to: { element: { types: LIBRARIES } } } },
            {
              to: { element: { types: LIBRARIES } },
              disallow: { to: { element: { fileInternalPath: '!src/index.ts' } } },
              message: '{{to.element.type}} is imported through its barrel (@app/{{to.element.type}}), never by a path into its folder.',
            },
          ],
        },
      ],
    },
  },
  {
    // Each library's public face is what it names in its barrel; `export *` would publish every helper it adds.
    files: ['libs/*/src/index.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Export by name only what other libraries and apps use; a barrel never re-exports a whole file.' }],
    },
  },
);
