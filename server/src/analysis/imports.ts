// Import statements to bindings: local name -> qualified name.
import type { Node } from '../engine/parser';

export interface ImportBinding {
  /** The local name bound (`t` for `import time as t`, `a` for `import a.b`). */
  name: string;
  /** Qualified name the local refers to (`time`, `time.sleep`, `app.db.get_session`). */
  target: string;
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

function text(node: Node | null, src: string): string {
  return node ? src.slice(node.startIndex, node.endIndex).replace(/\s+/g, '') : '';
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

export function parseImport(node: Node, src: string, ctx: ModuleContext): ImportBinding[] {
  const out: ImportBinding[] = [];
  const start = node.startIndex;
  const end = node.endIndex;
  if (node.type === 'import_statement') {
    for (const child of node.childrenForFieldName('name')) {
      if (!child) continue;
      if (child.type === 'aliased_import') {
        const target = text(child.childForFieldName('name'), src);
        const alias = text(child.childForFieldName('alias'), src);
        if (target && alias) out.push({ name: alias, target, start, end });
      } else if (child.type === 'dotted_name') {
        const target = text(child, src);
        // `import a.b.c` binds `a`, through which a.b.c is reachable.
        if (target) out.push({ name: target.split('.')[0], target: target.split('.')[0], start, end });
      }
    }
    return out;
  }
  if (node.type !== 'import_from_statement') return out;
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return out;
  let moduleName: string | null;
  if (moduleNode.type === 'relative_import') {
    const raw = text(moduleNode, src);
    const level = /^\.*/.exec(raw)![0].length;
    moduleName = resolveRelative(ctx, level, raw.slice(level));
    if (moduleName === null) moduleName = raw; // unresolvable: keep the dots so it never matches a real module
  } else moduleName = text(moduleNode, src);
  for (let i = 0; i < node.namedChildCount; i++) {
    const child = node.namedChild(i);
    if (!child || child.startIndex === moduleNode.startIndex) continue;
    if (child.type === 'wildcard_import') out.push({ name: '*', target: moduleName, star: true, start, end });
    else if (child.type === 'aliased_import') {
      const name = text(child.childForFieldName('name'), src);
      const alias = text(child.childForFieldName('alias'), src);
      if (name && alias) out.push({ name: alias, target: join(moduleName, name), start, end });
    } else if (child.type === 'dotted_name') {
      const name = text(child, src);
      if (name) out.push({ name, target: join(moduleName, name), start, end });
    }
  }
  return out;
}

function join(mod: string, name: string): string {
  return mod.endsWith('.') ? mod + name : `${mod}.${name}`;
}
