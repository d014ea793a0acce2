// The house rules of docs/architecture.md ("Who may import what"), checked on the sources: the
// processes meet only over gRPC and through core/, production code never depends on the dev
// cluster, and core/ does no I/O. Each rule fails with the file, the line and the import.
import test from 'ava';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SOURCE_DIRS = ['bench', 'cli', 'client', 'coordinator', 'core', 'datastore', 'devcluster', 'models', 'platform', 'sidecar', 'sim'];

interface Import {
  file: string;
  line: number;
  spec: string;
  /** Repository-relative target for relative imports; the package name otherwise. */
  target: string;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const p = join(dir, name);
    if (statSync(join(ROOT, p)).isDirectory()) out.push(...sources(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|[^\w.])(?:import|export)\s*(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?\(?\s*['"]([^'"]+)['"]/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: Import[] = [];
  text.split('\n').forEach((lineText, i) => {
    if (/^\s*(\/\/|\*)/.test(lineText)) return;
    for (const m of lineText.matchAll(IMPORT)) {
      const spec = m[1]!;
      const target = spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
      out.push({ file, line: i + 1, spec, target });
    }
  });
  return out;
}

const ALL = SOURCE_DIRS.flatMap(sources).flatMap(importsOf);

const under = (path: string, ...dirs: string[]) => dirs.some((d) => path === d || path.startsWith(`${d}/`));

/** Modules core/ may use: pure computation only. */
const CORE_PACKAGES = new Set(['xxhash-wasm']);

const RULES: Array<{ name: string; from: (f: string) => boolean; forbidden: (i: Import) => boolean; why: string }> = [
  { name: 'coordinator -> sidecar', from: (f) => under(f, 'coordinator'), forbidden: (i) => under(i.target, 'sidecar'), why: 'the coordinator and the sidecar meet only over gRPC and through core/' },
  { name: 'sidecar -> coordinator', from: (f) => under(f, 'sidecar'), forbidden: (i) => under(i.target, 'coordinator'), why: 'the coordinator and the sidecar meet only over gRPC and through core/' },
  { name: 'datastore/client -> control plane', from: (f) => under(f, 'datastore', 'client'), forbidden: (i) => under(i.target, 'coordinator', 'sidecar'), why: 'the storage node and the client library meet the control plane only over gRPC' },
  {
    name: 'production -> devcluster',
    from: (f) => under(f, 'coordinator', 'sidecar', 'datastore', 'client', 'core', 'platform', 'models', 'sim'),
    forbidden: (i) => under(i.target, 'devcluster'),
    why: 'the dev cluster is a harness (demo, tests, benchmarks): nothing that runs in production depends on it',
  },
  {
    name: 'core -> I/O',
    from: (f) => under(f, 'core'),
    forbidden: (i) => (i.spec.startsWith('.') ? !under(i.target, 'core') : !CORE_PACKAGES.has(i.spec)),
    why: 'core/ is pure and deterministic (the simulator and the live coordinator run it): it imports only core/ and pure packages',
  },
];

test('the sources were found and read (the check is not vacuous)', (t) => {
  t.true(ALL.length > 500, `only ${ALL.length} imports read from ${ROOT}`);
  t.true(ALL.some((i) => under(i.file, 'coordinator') && under(i.target, 'core')), 'the coordinator imports core/: the resolver must see that');
});

for (const rule of RULES) {
  test(`no import ${rule.name}`, (t) => {
    const bad = ALL.filter((i) => rule.from(i.file) && rule.forbidden(i));
    t.deepEqual(
      bad.map((i) => `${i.file}:${i.line} imports '${i.spec}'`),
      [],
      `${rule.why}`,
    );
  });
}

/** Import circles between files (type-only imports included: they still tie two files' meanings). */
function circles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const i of imports) if (i.spec.startsWith('.')) (edges.get(i.file) ?? edges.set(i.file, new Set()).get(i.file)!).add(i.target);
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of edges.get(f) ?? []) {
      if (state.get(g) === 'open') found.push(stack.slice(stack.indexOf(g)));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...edges.keys()].sort()) if (!state.has(f)) visit(f);
  return found;
}

test('no file imports itself through a circle of imports', (t) => {
  t.deepEqual(circles(ALL).map((c) => [...c, c[0]].join(' -> ')), []);
  t.is(circles([
    { file: 'a.ts', line: 1, spec: './b.js', target: 'b.ts' },
    { file: 'b.ts', line: 1, spec: './a.js', target: 'a.ts' },
  ]).length, 1, 'a planted circle is found');
});

test('the rules catch what they forbid (a planted import is reported)', (t) => {
  const planted: Import[] = [
    { file: 'coordinator/x.ts', line: 1, spec: '../sidecar/bidding.js', target: 'sidecar/bidding.ts' },
    { file: 'core/x.ts', line: 1, spec: 'node:fs', target: 'node:fs' },
    { file: 'core/x.ts', line: 2, spec: '../platform/logger.js', target: 'platform/logger.ts' },
    { file: 'coordinator/capacity/x.ts', line: 1, spec: '../../devcluster/process.js', target: 'devcluster/process.ts' },
  ];
  const caught = planted.filter((i) => RULES.some((r) => r.from(i.file) && r.forbidden(i)));
  t.is(caught.length, planted.length);
});
