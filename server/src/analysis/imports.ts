// Import statements to bindings: local name -> qualified name.
import type { Node } from './tree';

interface ImportBinding {
  /** The local name bound (`t` for `import time as t`, `a` for `import a.b`). */
  name: string;
  /** Qualified name the local refers to (`time`, `time.sleep`, `app.db.get_session`). */
  target: string;
  /** The module the statement imports: `a.b.c` for `import a.b.c`, `x.y` for `from x.y import z`. */
  module: string;
  /** `from x import *`: name is '*' and target is the module. */
  star?: boolean;
  start: number;
  end: number;
}

export interface ModuleContext {
  /** Dotted name of the module being analysed (`app.routes.users`), '' when unknown. */
  module: string;
  /** True for a package's `__init__.py`: relative imports start from the module itself. */
  isPackage: boolean;
}

/** Absolute module for `from <dots><name> import`, or null when it climbs above the top package. */
export function resolveRelative(ctx: ModuleContext, level: number, name: string): string | null {
  if (level === 0) return name;
  const parts = ctx.module ? ctx.module.split('.') : [];
  const pkg = ctx.isPackage ? parts : parts.slice(0, -1);
  const keep = pkg.length - (level - 1);
  if (keep < 0) return null;
  const base = pkg.slice(0, keep).join('.');
  if (!name) return base || null;
  return base ? `${base}.${name}` : name;
}

const NAME = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*(?:\.[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)*$/u;

/** `name` or `name as alias`, for a piece of an import list; null when it is not well formed. */
function item(piece: string): { name: string; alias?: string } | null {
  const parts = piece.trim().split(/\s+/);
  if (parts.length === 1 && NAME.test(parts[0])) return { name: parts[0] };
  if (parts.length === 3 && parts[1] === 'as' && NAME.test(parts[0]) && NAME.test(parts[2]) && !parts[2].includes('.')) return { name: parts[0], alias: parts[2] };
  return null;
}

/**
 * Bindings of an import statement, read from its text (an import has no strings, so a `#`
 * always starts a comment): one tree access instead of one per name.
 */
export function parseImport(node: Node, src: string, ctx: ModuleContext): ImportBinding[] {
  const out: ImportBinding[] = [];
  const start = node.startIndex;
  const end = node.endIndex;
  const type = node.type;
  const body = src
    .slice(start, end)
    .replace(/#[^\n\r]*/g, ' ')
    .replace(/\\\r?\n/g, ' ')
    .replace(/[()]/g, ' ');
  if (type === 'import_statement') {
    const m = /^\s*import\s+([\s\S]*)$/.exec(body);
    if (!m) return out;
    for (const piece of m[1].split(',')) {
      const it = item(piece);
      if (!it) continue;
      // `import a.b.c` binds `a`, through which a.b.c is reachable.
      if (it.alias) out.push({ name: it.alias, target: it.name, module: it.name, start, end });
      else out.push({ name: it.name.split('.')[0], target: it.name.split('.')[0], module: it.name, start, end });
    }
    return out;
  }
  if (type !== 'import_from_statement') return out;
  const m = /^\s*from\s+(\.*)\s*([^\s]*)\s+import\s+([\s\S]*)$/.exec(body);
  if (!m) return out;
  const level = m[1].length;
  const rawModule = m[2];
  if (rawModule && !NAME.test(rawModule)) return out;
  let moduleName: string | null = resolveRelative(ctx, level, rawModule);
  if (moduleName === null) moduleName = m[1] + rawModule; // climbs above the top package: keep the dots so it matches nothing
  if (m[3].trim() === '*') {
    out.push({ name: '*', target: moduleName, module: moduleName, star: true, start, end });
    return out;
  }
  for (const piece of m[3].split(',')) {
    const it = item(piece);
    if (!it || it.name.includes('.')) continue;
    out.push({ name: it.alias ?? it.name, target: join(moduleName, it.name), module: moduleName, start, end });
  }
  return out;
}

function join(mod: string, name: string): string {
  return mod.endsWith('.') || mod === '' ? mod + name : `${mod}.${name}`;
}
