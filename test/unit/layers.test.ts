import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildModuleGraph,
  findCycles,
  forbiddenImports,
  importSpecifiers,
  type LayerTable,
  type ModuleGraph,
  partOf,
} from '../helpers/module-graph.js';

// The layers of src/ and the imports that must never exist between them (docs/development.md,
// "Layout"). A new folder under src/ must be placed here, or the test below fails.
const LAYERS: LayerTable = {
  parts: {
    Base: ['src/lib/', 'src/errors.ts', 'src/events/', 'src/cookies/'],
    Keys: ['src/keys/'],
    Stores: ['src/stores/'],
    SessionId: ['src/session-id/'],
    Core: ['src/core/', 'src/csrf/'],
    Tokens: ['src/tokens/'],
    Http: ['src/http/'],
    Adapters: ['src/adapters/'],
    Migrate: ['src/migrate/'],
    Server: ['src/server/', 'src/logging/'],
    Cli: ['src/cli/'],
    Testing: ['src/testing/'],
    Client: ['src/client/'],
    Face: ['src/index.ts'],
  },
  never: [
    ['Core', 'Tokens', 'the session core knows nothing of JWTs'],
    ['Stores', 'Core', 'stores hold no policy'],
    ['Stores', 'Tokens', 'stores hold no policy'],
    ['Base', 'Core', 'the base knows no sessions'],
    ['Keys', 'Core', 'keys sit below the core'],
    ['Core', 'Http', 'the core never touches a request'],
    ['Core', 'Adapters', 'the core never touches a framework'],
    ['Tokens', 'Adapters', 'tokens never touch a framework'],
    ['Http', 'Adapters', 'the shared flow knows no framework'],
    ['Adapters', 'Server', 'the library never needs the service'],
    ['Server', 'Cli', 'the service never needs the CLI'],
    ['Migrate', 'Server', 'migration is library code'],
    ['SessionId', 'Core', 'the token format sits below the core'],
    ['SessionId', 'Tokens', 'the token format sits below the JWT layer'],
    ['SessionId', 'Stores', 'the token format sits below the stores'],
    ['Client', 'Core', 'the browser client never loads server code'],
    ['Client', 'Stores', 'the browser client never loads server code'],
    ['Client', 'Tokens', 'the browser client never loads server code'],
    ['Client', 'Server', 'the browser client never loads server code'],
  ],
};

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the module graph of src/', () => {
  const graph = buildModuleGraph(root, 'src');

  it('is read from the real sources', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/core/validate.ts')).toContain('src/session-id/session-token.ts');
  });

  it('places every file in a layer', () => {
    expect([...graph.keys()].filter((file) => partOf(LAYERS, file) === null)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('has no import a layer rule forbids', () => {
    expect(forbiddenImports(graph, LAYERS)).toEqual([]);
  });

  it('reaches the core from outside only through its public files and core/gateway.ts', () => {
    const doors = ['gateway', 'manager', 'session', 'results', 'options'].map((f) => `src/core/${f}.ts`);
    const internal = [...graph]
      .filter(([from]) => !from.startsWith('src/core/'))
      .flatMap(([from, targets]) => targets.map((to) => `${from} → ${to}`))
      .filter((edge) => edge.includes('→ src/core/') && !doors.some((door) => edge.endsWith(door)));
    expect(internal).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const synthetic = (edges: Record<string, string[]>): ModuleGraph => new Map(Object.entries(edges));

  it('reads static imports and re-exports, type-only included, and skips packages', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "import './side-effect.js';",
      "import {\n  e,\n  f,\n} from './multi.js';",
      "import { jwtVerify } from 'jose';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual([
      './a.js',
      '../b.js',
      './c.js',
      './d.js',
      './side-effect.js',
      './multi.js',
    ]);
  });

  it('finds a planted forbidden import', () => {
    const planted = synthetic({
      'src/core/manager.ts': ['src/tokens/service.ts', 'src/stores/types.ts'],
      'src/tokens/service.ts': ['src/core/manager.ts'],
      'src/stores/types.ts': [],
    });
    expect(forbiddenImports(planted, LAYERS)).toEqual([
      'src/core/manager.ts (Core) → src/tokens/service.ts (Tokens): the session core knows nothing of JWTs',
    ]);
  });

  it('finds a planted cycle, and none in a tree', () => {
    const cyclic = synthetic({
      'src/migrate/a.ts': ['src/migrate/b.ts'],
      'src/migrate/b.ts': ['src/migrate/c.ts'],
      'src/migrate/c.ts': ['src/migrate/a.ts'],
      'src/migrate/d.ts': ['src/migrate/a.ts'],
    });
    expect(findCycles(cyclic)).toEqual([['src/migrate/a.ts', 'src/migrate/b.ts', 'src/migrate/c.ts']]);
    cyclic.set('src/migrate/c.ts', []);
    expect(findCycles(cyclic)).toEqual([]);
    expect(findCycles(synthetic({ 'src/lib/x.ts': ['src/lib/x.ts'] }))).toEqual([['src/lib/x.ts']]);
  });

  it('gives a file the most specific part that names it', () => {
    const table: LayerTable = {
      parts: { Tokens: ['src/tokens/'], Format: ['src/tokens/format.ts'] },
      never: [],
    };
    expect(partOf(table, 'src/tokens/format.ts')).toBe('Format');
    expect(partOf(table, 'src/tokens/service.ts')).toBe('Tokens');
    expect(partOf(table, 'src/other.ts')).toBeNull();
  });
});
