// Renders mini program pages and components with miniprogram-simulate (see shared TOOLCHAIN.md):
// a require hook transpiles the .ts sources the simulator require()s itself, Vant's npm paths are
// pointed into miniprogram_npm, and wx APIs are stubbed per test in both callback and promise style.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, vi } from 'vitest';

export const MINI = resolve(__dirname, '../../../miniprogram');
const nodeRequire = createRequire(import.meta.url);

type Loader = (module: { _compile(code: string, filename: string): void }, filename: string) => void;
const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
if (!extensions['.ts']) {
  extensions['.ts'] = (module, filename) => {
    // WeChat cannot load anything outside miniprogramRoot: neither may the tests.
    if (!filename.startsWith(`${MINI}/`)) throw new Error(`${filename} is outside the mini program root`);
    const out = ts.transpileModule(readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2018, esModuleInterop: true },
    });
    module._compile(out.outputText, filename);
  };
  // `require('…/index')` tries extensions in insertion order: .ts must come before .json (index.json).
  for (const ext of ['.json', '.node']) {
    const loader = extensions[ext];
    if (!loader) continue;
    delete extensions[ext];
    extensions[ext] = loader;
  }
}

// `@vant/weapp/…` from a page (Vant's Toast and Dialog APIs) is what WeChat finds in miniprogram_npm:
// the same files the rendered Vant components come from.
type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve & { vantMapped?: true } };
if (!mod._resolveFilename.vantMapped) {
  const resolveFilename = mod._resolveFilename;
  const mapped: Resolve & { vantMapped?: true } = (request, ...rest) =>
    resolveFilename(request.startsWith('@vant/weapp/') ? join(MINI, 'miniprogram_npm', request) : request, ...rest);
  mapped.vantMapped = true;
  mod._resolveFilename = mapped;
}

// After the hook: the simulator installs global wx, Component, Behavior.
export const simulate = nodeRequire('miniprogram-simulate') as Simulate;

// Vant's transitions finish on timers (≤ 300 ms); let them run before jsdom is torn down, or they
// re-render into a window that no longer exists.
afterAll(() => simulate.sleep(700));

/** The same module instance the pages get (Node's require, not vite's import). */
export function requireMini<T>(relPath: string): T {
  return nodeRequire(join(MINI, relPath)) as T;
}

function vantOverrides(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (name === 'miniprogram_npm' || name === 'core') continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json') && !name.startsWith('tsconfig') && name !== 'package.json') {
        const json = JSON.parse(readFileSync(p, 'utf8')) as { usingComponents?: Record<string, string> };
        for (const [tag, path] of Object.entries(json.usingComponents ?? {})) {
          if (path.startsWith('@vant/weapp/')) out[tag] = `/miniprogram_npm/${path}`;
        }
      }
    }
  };
  walk(MINI);
  return out;
}

/** What the tests read from a rendered node (jsdom's element; typed here without the DOM lib, which
 *  the Node-side tsconfig does not load). */
export interface DomLike {
  textContent: string | null;
  innerHTML: string;
  className: string;
  tagName: string;
  getAttribute(name: string): string | null;
}

export interface Rendered {
  instance: Record<string, any> & { data: Record<string, any>; setData(d: Record<string, unknown>): void };
  dom: DomLike;
  data: Record<string, any>;
  querySelector(sel: string): Rendered | undefined;
  querySelectorAll(sel: string): Rendered[];
  dispatchEvent(name: string, opts?: { detail?: unknown; touches?: unknown }): void;
  attach(parent: unknown): void;
  detach(): void;
  setData(d: Record<string, unknown>): void;
  triggerLifeTime(name: string, ...args: unknown[]): void;
  triggerPageLifeTime(name: string, ...args: unknown[]): void;
  addEventListener(name: string, cb: (e: { detail: any }) => void): void;
}
interface Simulate {
  load(path: string, tagName: string, options: Record<string, unknown>): string;
  render(id: string, props?: Record<string, unknown>): Rendered;
  sleep(ms?: number): Promise<void>;
}

/** WeChat's page stack, as getCurrentPages() returns it: every page rendered in this test file, oldest
 *  first (Vant's link cells and its Toast/Dialog fall back to the current page). */
const pageStack: Array<Rendered['instance']> = [];
(globalThis as unknown as { getCurrentPages: () => unknown[] }).getCurrentPages = () => [...pageStack];

/** Renders a page (written with Component()) or a component and attaches it. */
export function render(relPath: string, props?: Record<string, unknown>): Rendered {
  const tag = relPath.replace(/\/index$/, '').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
  const id = simulate.load(join(MINI, relPath), tag, {
    rootPath: MINI,
    compiler: 'official',
    usingComponents: vantOverrides(),
  });
  const comp = simulate.render(id, props);
  const doc = (globalThis as unknown as { document: { createElement(t: string): unknown; body: { appendChild(n: unknown): void } } }).document;
  const parent = doc.createElement('parent-wrapper');
  doc.body.appendChild(parent);
  comp.attach(parent);
  if (/(^|\/)pages\//.test(relPath)) pageStack.push(comp.instance);
  return comp;
}

/** Waits for pending promises, timers of 0 ms and re-renders. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await simulate.sleep(0);
}

export async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await simulate.sleep(5);
  }
}

type Handler = (opts: Record<string, any>) => unknown;

/** A wx API stub honouring both calling styles: success/fail/complete callbacks, or a promise when
 *  none is given. `impl` returns the success value or throws (sync or async) the fail value. */
export function wxApi(impl: Handler): ReturnType<typeof vi.fn> {
  return vi.fn((opts: Record<string, any> = {}) => {
    const hasCallbacks = ['success', 'fail', 'complete'].some((k) => typeof opts[k] === 'function');
    const run = Promise.resolve().then(() => impl(opts));
    if (!hasCallbacks) return run;
    run.then(
      (res) => {
        opts.success?.(res);
        opts.complete?.(res);
      },
      (err) => {
        opts.fail?.(err);
        opts.complete?.(err);
      },
    );
    return undefined;
  });
}

/** Installs stubs on the global wx for one test; returns a restore function. */
export function stubWx(stubs: Record<string, unknown>): () => void {
  const g = globalThis as unknown as { wx: Record<string, unknown> };
  const saved: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(stubs)) {
    saved[k] = g.wx[k];
    g.wx[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) g.wx[k] = v;
  };
}

/** The mini program's own source files ending in one of `exts` (generated folders left out), relative
 *  to its root, sorted. */
export function sourceFiles(exts: string[], dir = MINI): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (['miniprogram_npm', 'core', 'node_modules'].includes(name)) continue;
    if (statSync(p).isDirectory()) out.push(...sourceFiles(exts, p));
    else if (exts.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts') && !name.startsWith('tsconfig')) out.push(p.slice(MINI.length + 1));
  }
  return out.sort();
}

/** Text content of a rendered node, whitespace collapsed. */
export function text(node: Rendered | undefined): string {
  return (node?.dom.textContent ?? '').replace(/\s+/g, ' ').trim();
}
