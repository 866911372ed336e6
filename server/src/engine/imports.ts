// The imports of a fix, written as a careful human writes them: a name joins an existing
// `from module import ...`; a new statement goes into its group of the leading import block
// (standard library, third-party, the workspace's own modules, relative imports: a paragraph
// each), in isort order
// when that group is sorted (Ruff's defaults), a new group gets its blank lines, never after
// code; and an import whose last use the fix removes is removed (not in `__init__.py`,
// where imports are the package's API).
import type { FileModel } from '../analysis/model';
import { identifiersIn } from '../analysis/refs';
import type { Node } from '../analysis/tree';
import type { ImportNeed, TextEdit } from '../ruleApi/rule';
import { STDLIB_MODULES } from '../analysis/knowledge/stdlib';
import { lastAtOrBefore, lineEnding, lineIndent, lineStart } from '../analysis/lines';
import type { Scope } from '../analysis/facts';

/** Ruff's isort sections: `from __future__`, standard library, third-party, first-party (modules of the workspace), relative. */
type Section = 0 | 1 | 2 | 3 | 4;

interface Member {
  node: Node;
  name: string;
  alias: string | null;
}

interface Stmt {
  node: Node;
  kind: 'future' | 'import' | 'from';
  /** `os.path` for `import os.path`, `..pkg` for `from ..pkg import x`. */
  module: string;
  members: Member[];
  section: Section;
  star: boolean;
  /** Start of its line, and of the line after it. */
  line: number;
  next: number;
  /** Nothing else on its lines (no `;`), so whole lines can go or come before it. */
  alone: boolean;
  /** `from m import (` with the names on lines of their own. */
  vertical: boolean;
}

interface FileImports {
  /** The leading import block: imports after the docstring, before any other statement. */
  block: Stmt[];
  /** Every top-level import statement (candidates for removal). */
  all: Stmt[];
  /** Where a first import goes when there is no block: the first statement after the docstring, or the end. */
  firstStatement: Node | null;
  docstringEnd: number;
  eol: string;
}

const LINE_LENGTH = 88;
const cache = new WeakMap<FileModel, FileImports>();

function sectionOf(model: FileModel, kind: Stmt['kind'], module: string): Section {
  if (kind === 'future') return 0;
  if (module.startsWith('.')) return 4;
  if (STDLIB_MODULES.has(module.split('.')[0])) return 1;
  return model.resolver.split(module) ? 3 : 2;
}

/** Start of the line after the one `offset` is on, and whether only a comment or blanks follow `offset` there. */
function lineAfter(text: string, offset: number): { next: number; clean: boolean } {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  const clean = /^[ \t]*(#.*)?$/.test(text.slice(offset, i));
  if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
  else if (i < text.length) i++;
  return { next: i, clean };
}

function readStatement(model: FileModel, node: Node): Stmt {
  const text = model.text;
  const kind: Stmt['kind'] = node.type === 'future_import_statement' ? 'future' : node.type === 'import_statement' ? 'import' : 'from';
  const moduleNode = kind === 'import' ? null : node.childForFieldName('module_name');
  const members: Member[] = [];
  for (const c of node.childrenForFieldName('name')) {
    if (!c || (moduleNode && c.id === moduleNode.id)) continue;
    if (c.type === 'aliased_import') {
      const name = c.childForFieldName('name')?.text ?? '';
      members.push({ node: c, name, alias: c.childForFieldName('alias')?.text ?? null });
    } else members.push({ node: c, name: c.text, alias: null });
  }
  const module = kind === 'future' ? '__future__' : kind === 'import' ? (members[0]?.name ?? '') : (moduleNode?.text.replace(/\s+/g, '') ?? '');
  const line = lineStart(text, node.startIndex);
  const after = lineAfter(text, node.endIndex);
  const body = text.slice(node.startIndex, node.endIndex);
  const open = body.indexOf('(');
  return {
    node,
    kind,
    module,
    members,
    section: sectionOf(model, kind, module),
    star: node.descendantsOfType('wildcard_import').length > 0,
    line,
    next: after.next,
    alone: after.clean && /^[ \t]*$/.test(text.slice(line, node.startIndex)),
    vertical: open !== -1 && /^\(\s*(#[^\n\r]*)?[\r\n]/.test(body.slice(open)),
  };
}

function fileImports(model: FileModel): FileImports {
  let f = cache.get(model);
  if (f) return f;
  const text = model.text;
  f = { block: [], all: [], firstStatement: null, docstringEnd: -1, eol: lineEnding(text) };
  let first = true;
  let inBlock = true;
  for (const child of model.root.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (first && child.type === 'expression_statement' && child.namedChildCount === 1 && child.firstNamedChild?.type === 'string') {
      f.docstringEnd = child.endIndex;
      first = false;
      continue;
    }
    first = false;
    const isImport = child.type === 'import_statement' || child.type === 'import_from_statement' || child.type === 'future_import_statement';
    if (!isImport) {
      if (inBlock) f.firstStatement = child;
      inBlock = false;
      continue;
    }
    const s = readStatement(model, child);
    f.all.push(s);
    if (inBlock) f.block.push(s);
  }
  cache.set(model, f);
  return f;
}

// ---- isort order (Ruff's defaults: case-insensitive natural order, `import x` before
// `from x import y` in a section, relative imports furthest first, members by type) ----

/** Natural order: digit runs compare as numbers (`a2` before `a10`). */
function natural(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) return Number(x) - Number(y) || x.length - y.length;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

function byName(a: string, b: string): number {
  return natural(a.toLowerCase(), b.toLowerCase()) || natural(a, b);
}

/** Constants (`ALL_CAPS`), then classes (`Capitalised`), then the rest. */
function memberType(name: string): number {
  if (name.length > 1 && name === name.toUpperCase() && name !== name.toLowerCase()) return 0;
  return name[0] !== name[0].toLowerCase() ? 1 : 2;
}

function compareMembers(a: { name: string; alias: string | null }, b: { name: string; alias: string | null }): number {
  return memberType(a.name) - memberType(b.name) || byName(a.name, b.name) || byName(a.alias ?? '', b.alias ?? '');
}

interface SortKey {
  kind: 'import' | 'from';
  module: string;
  first: { name: string; alias: string | null };
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.kind !== b.kind) return a.kind === 'import' ? -1 : 1;
  const da = /^\.*/.exec(a.module)![0].length;
  const db = /^\.*/.exec(b.module)![0].length;
  if (da !== db) return db - da; // furthest first
  return byName(a.module.slice(da), b.module.slice(db)) || compareMembers(a.first, b.first);
}

function keyOf(s: Stmt): SortKey {
  return { kind: s.kind === 'import' ? 'import' : 'from', module: s.module, first: s.members[0] ?? { name: '', alias: null } };
}

function sorted<T>(xs: readonly T[], cmp: (a: T, b: T) => number): boolean {
  for (let i = 1; i < xs.length; i++) if (cmp(xs[i - 1], xs[i]) > 0) return false;
  return true;
}

// ---- unused after the fix ----

const ANNOTATION_LIKE = /^\s*[\p{L}_][\p{L}\p{N}_.]*(\s*[\[\],|]\s*[\p{L}_]?[\p{L}\p{N}_.]*)*\s*$/u;

const usesCache = new WeakMap<FileModel, Map<string, { at: number[]; inString: boolean }>>();

/**
 * Uses of an import's name where it binds: the module (`fn` null) or a function. Where it is
 * read, and whether it also appears in a string (`__all__`, an annotation): then it stays.
 */
function usesOf(model: FileModel, name: string, fn: Scope | null, imports: readonly Stmt[]): { at: number[]; inString: boolean } {
  let perModel = usesCache.get(model);
  if (!perModel) usesCache.set(model, (perModel = new Map()));
  const key = `${fn ? fn.start : ''}:${name}`;
  let uses = perModel.get(key);
  if (!uses) perModel.set(key, (uses = findUses(model, name, fn, imports)));
  return uses;
}

function findUses(model: FileModel, name: string, fn: Scope | null, imports: readonly Stmt[]): { at: number[]; inString: boolean } {
  const start = fn ? fn.start : 0;
  const end = fn ? fn.end : model.text.length;
  const outsideImports = (n: Node): boolean => !imports.some((s) => s.node.startIndex <= n.startIndex && n.startIndex < s.node.endIndex);
  const at: number[] = [];
  for (const node of model.identifiers(name)) {
    if (node.startIndex < start || node.startIndex >= end || !outsideImports(node)) continue;
    const parent = node.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) continue;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) continue;
    if (parent?.type === 'global_statement' || parent?.type === 'nonlocal_statement') continue;
    const where = model.bindingScope(node);
    if (fn ? where === fn : where === 'module') at.push(node.startIndex);
  }
  // `__all__ = ["name"]`, a string annotation (`"name.Type"`), not prose (a docstring).
  const inString = model.stringsMentioning(name, start, end).some((s) => outsideImports(s) && ANNOTATION_LIKE.test(s.text));
  return { at, inString };
}

const localCache = new WeakMap<FileModel, Map<Scope, Stmt[]>>();

/** A function's own import statements, but for one that is its body's only statement (a body cannot be empty). */
function localImports(model: FileModel, fn: Scope): Stmt[] {
  let perModel = localCache.get(model);
  if (!perModel) localCache.set(model, (perModel = new Map()));
  let list = perModel.get(fn);
  if (!list) {
    list = fn.imports.filter((n) => (n.parent?.namedChildren.filter((c) => c?.type !== 'comment').length ?? 0) > 1).map((n) => readStatement(model, n));
    perModel.set(fn, list);
  }
  return list;
}

/**
 * The members of imports (top-level, or of a function around an edit) whose every use lies
 * in a range the edits replace, and that the new text does not use again.
 */
function unusedAfter(model: FileModel, f: FileImports, edits: readonly TextEdit[]): Array<{ stmt: Stmt; member: Member }> {
  if (model.context.isPackage) return [];
  const replaced = edits.filter((e) => e.end > e.start).sort((a, b) => a.start - b.start);
  if (replaced.length === 0) return [];
  // Whether an offset lies in a replaced range (the ranges do not overlap: one binary search).
  const inReplaced = (i: number): boolean => {
    const e = replaced[lastAtOrBefore(replaced, i, (r) => r.start)];
    return e.start <= i && i < e.end;
  };
  const candidates = new Set<string>();
  for (const e of replaced) for (const w of identifiersIn(model.text.slice(e.start, e.end))) candidates.add(w);
  const out: Array<{ stmt: Stmt; member: Member }> = [];
  const consider = (stmts: readonly Stmt[], fn: Scope | null, boundOnce: (name: string) => boolean): void => {
    for (const stmt of stmts) {
      if (stmt.kind === 'future' || stmt.star) continue;
      for (const member of stmt.members) {
        const bound = member.alias ?? (stmt.kind === 'import' ? member.name.split('.')[0] : member.name);
        if (!candidates.has(bound) || !boundOnce(bound)) continue;
        const uses = usesOf(model, bound, fn, stmts);
        if (uses.inString || uses.at.length === 0) continue;
        // Usually a use outside the edits comes first: stop there.
        if (uses.at.some((i) => !inReplaced(i))) continue;
        const again = new RegExp(`(^|[^\\p{L}\\p{N}_.])${bound.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}_])`, 'u');
        if (!edits.some((e) => again.test(e.text))) out.push({ stmt, member });
      }
    }
  };
  consider(f.all, null, (name) => (model.summary.bindings[name] ?? []).length === 1);
  // A function's own imports, for the functions around the edits; never a body's only statement.
  const seen = new Set<Scope>();
  for (const e of replaced) {
    for (let s: Scope | null = model.scopeAt(e.start); s; s = s.parent) {
      if (s.kind !== 'function' || seen.has(s)) continue;
      seen.add(s);
      const fn = s;
      const stmts = localImports(model, fn);
      if (stmts.length) consider(stmts, fn, (name) => model.bindings(fn).names.get(name)?.length === 1);
    }
  }
  return out;
}

// ---- planning ----

interface NewStatement {
  key: SortKey;
  section: Section;
  text: string;
}

/** The import needs not yet met, as statements: one `import m` per module, one `from m import a, b` per module. */
function newStatements(model: FileModel, needs: readonly ImportNeed[]): { plain: NewStatement[]; from: Map<string, string[]> } {
  const plain = new Map<string, NewStatement>();
  const from = new Map<string, string[]>();
  for (const n of needs) {
    if (hasImport(model, n)) continue;
    if (n.name) {
      const list = from.get(n.module) ?? [];
      if (!list.includes(n.name)) list.push(n.name);
      from.set(n.module, list);
    } else if (!plain.has(n.module)) {
      plain.set(n.module, { key: { kind: 'import', module: n.module, first: { name: n.module, alias: null } }, section: sectionOf(model, 'import', n.module), text: `import ${n.module}` });
    }
  }
  for (const list of from.values()) list.sort((a, b) => compareMembers({ name: a, alias: null }, { name: b, alias: null }));
  return { plain: [...plain.values()], from };
}

/** True when the module already has this import at top level. */
function hasImport(model: FileModel, need: ImportNeed): boolean {
  const target = need.name ? `${need.module}.${need.name}` : need.module;
  const local = need.name ?? need.module.split('.')[0];
  return (model.summary.bindings[local] ?? []).some((b) => b.k === 'import' && (b.t === target || (!need.name && b.t === need.module.split('.')[0] && need.module === b.t)));
}

function touches(a: TextEdit, b: TextEdit): boolean {
  return a.start < b.end && b.start < a.end ? true : a.start === b.start || a.end === b.start || b.end === a.start;
}

/** A paragraph of the block: statements with no blank line between them. */
function paragraphs(block: readonly Stmt[], text: string): Stmt[][] {
  const out: Stmt[][] = [];
  for (const s of block) {
    const prev = out[out.length - 1]?.at(-1);
    if (prev && !/^[ \t]*(\r\n|\r|\n)/.test(text.slice(prev.next, s.line)) && prev.next <= s.line) out[out.length - 1].push(s);
    else out.push([s]);
  }
  return out;
}

/** Blank lines between the import block and the code after it, as Ruff wants them: two before a def or class, else one. */
function blankLinesBefore(node: Node | null): number {
  if (!node) return 0;
  return node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'decorated_definition' ? 2 : 1;
}

/**
 * The import edits for a fix or a set of fixes: the imports `needs` asks for, and the removal
 * of imports `edits` leave unused. `edits` are the fix's own edits (import statements they
 * touch are left alone); the import edits never touch them.
 */
export function importEdits(model: FileModel, needs: readonly ImportNeed[], edits: readonly TextEdit[] = []): TextEdit[] {
  const text = model.text;
  const f = fileImports(model);
  const { plain, from } = newStatements(model, needs);
  const removals = unusedAfter(model, f, edits);
  if (plain.length === 0 && from.size === 0 && removals.length === 0) return [];
  const frozen = (s: Stmt): boolean => edits.some((e) => touches(e, { start: s.line, end: s.next, text: '' }));
  const eol = f.eol;
  const out: TextEdit[] = [];
  // Insertions by offset, each a list of (section, lines) to join.
  const inserts = new Map<number, { before: string; lines: string[]; after: string; order: SortKey }[]>();
  const insert = (offset: number, before: string, line: string, after: string, order: SortKey): void => {
    const list = inserts.get(offset) ?? [];
    const same = list.find((x) => x.before === before && x.after === after);
    if (same) same.lines.push(line);
    else list.push({ before, lines: [line], after, order });
    inserts.set(offset, list);
  };
  const anchoredAt = new Set<Stmt>();
  const legacy = statementsOf(plain, from);
  const byStmt = new Map<Stmt, Member[]>();
  for (const r of removals) if (!frozen(r.stmt)) byStmt.set(r.stmt, [...(byStmt.get(r.stmt) ?? []), r.member]);

  // Names joining an existing `from module import ...` of the block (rewritten when it loses names too).
  for (const [module, names] of [...from]) {
    const stmt = f.block.find((s) => s.kind === 'from' && s.module === module && !s.star && !frozen(s));
    if (!stmt) continue;
    from.delete(module);
    anchoredAt.add(stmt);
    out.push(...joinMembers(stmt, names, byStmt.get(stmt) ?? [], text, eol));
    byStmt.delete(stmt);
  }
  const statements: NewStatement[] = [
    ...plain,
    ...[...from].map(([module, names]) => ({ key: { kind: 'from' as const, module, first: { name: names[0], alias: null } }, section: sectionOf(model, 'from', module), text: `from ${module} import ${names.join(', ')}` })),
  ];

  const groups = paragraphs(f.block, text);
  for (const n of statements) {
    const topLevel = n.key.module.split('.')[0];
    // Its paragraph: one importing the same package, else the first holding its section.
    const group =
      groups.find((g) => g.some((s) => s.section === n.section && s.module.split('.')[0] === topLevel)) ??
      groups.find((g) => g.some((s) => s.section === n.section));
    if (group) {
      const peers = group.filter((s) => s.section === n.section);
      const keys = peers.map(keyOf);
      const i = sorted(keys, compareKeys) ? keys.findIndex((k) => compareKeys(k, n.key) > 0) : -1;
      const anchor = i === -1 ? peers[peers.length - 1] : peers[i];
      anchoredAt.add(anchor);
      if (i === -1) insert(anchor.next, anchor.next === text.length && !/[\r\n]$/.test(text) ? eol : '', n.text, eol, n.key);
      else insert(anchor.line, '', n.text, eol, n.key);
      continue;
    }
    // A paragraph of its own, before the first paragraph of a later section, else after the block.
    const later = groups.find((g) => g[0].section > n.section);
    if (later) {
      insert(later[0].line, '', n.text, eol + eol, n.key);
      continue;
    }
    const last = f.block[f.block.length - 1];
    if (last) {
      insert(last.next, (last.next === text.length && !/[\r\n]$/.test(text) ? eol : '') + eol, n.text, eol, n.key);
      continue;
    }
    // No import block: the first statement after the docstring, with the blank lines Ruff wants after imports.
    const first = f.firstStatement;
    if (first) {
      const start = lineStart(text, first.startIndex);
      insert(start, '', n.text, eol.repeat(1 + blankLinesBefore(first)), n.key);
    } else {
      const end = text.length;
      insert(end, end > 0 && !/[\r\n]$/.test(text) ? eol : '', n.text, eol, n.key);
    }
  }
  for (const [offset, list] of inserts) {
    list.sort((a, b) => compareKeys(a.order, b.order));
    const body = list.map((x) => x.before + x.lines.sort((a, b) => compareKeys(lineKey(a), lineKey(b))).join(eol) + x.after).join('');
    out.push({ start: offset, end: offset, text: body });
  }

  // Removals: a whole statement when every member goes, else the members.
  for (const [stmt, members] of byStmt) {
    if (members.length === stmt.members.length) {
      if (!stmt.alone) continue;
      let end = stmt.next;
      // The last of a paragraph between blank lines (or first in a block): one blank line goes with it.
      const before = text.slice(lineStart(text, Math.max(0, stmt.line - 1)), stmt.line).replace(/[\r\n]/g, '');
      const blankBefore = stmt.line === 0 || /^[ \t]*$/.test(before) || /:[ \t]*(#.*)?$/.test(before);
      const after = lineAfter(text, stmt.next);
      if (!anchoredAt.has(stmt) && blankBefore && /^[ \t]*$/.test(text.slice(stmt.next, after.next).replace(/[\r\n]/g, '')) && after.next > stmt.next) end = after.next;
      out.push({ start: stmt.line, end, text: '' });
    } else {
      for (const m of members) out.push(removeMember(stmt, m, text));
    }
  }
  const merged = mergeTouching(out);
  if (!merged || merged.some((e) => edits.some((x) => touches(e, x)))) return legacyInsertion(model, f, legacy, eol);
  return merged;
}

function lineKey(line: string): SortKey {
  const m = /^from (\S+) import (\S+?)(,|$)/.exec(line);
  if (m) return { kind: 'from', module: m[1], first: { name: m[2], alias: null } };
  return { kind: 'import', module: line.slice('import '.length), first: { name: line.slice('import '.length), alias: null } };
}

function statementsOf(plain: NewStatement[], from: Map<string, string[]>): string[] {
  return [...plain.map((p) => p.text), ...[...from].map(([m, names]) => `from ${m} import ${names.join(', ')}`)];
}

/** When the fix's own edits touch the import block: every new import after it, as one insertion, nothing removed. */
function legacyInsertion(model: FileModel, f: FileImports, lines: string[], eol: string): TextEdit[] {
  if (lines.length === 0) return [];
  const text = model.text;
  const last = f.block[f.block.length - 1];
  let offset: number;
  if (last) {
    offset = last.node.endIndex;
    while (offset < text.length && text[offset] !== '\n' && text[offset] !== '\r') offset++;
  } else offset = f.docstringEnd >= 0 ? lineAfter(text, f.docstringEnd).next : 0;
  const atLineEnd = !!last;
  return [{ start: offset, end: offset, text: atLineEnd ? eol + lines.join(eol) : lines.join(eol) + eol }];
}

/**
 * Adds names to a `from module import ...`, in order when its names are sorted, less the
 * names in `removed` (then the statement is written anew); a line grown past 88 characters
 * is wrapped as Ruff wraps it.
 */
function joinMembers(stmt: Stmt, names: readonly string[], removed: readonly Member[], text: string, eol: string): TextEdit[] {
  return mergeTouching(joinEdits(stmt, names, removed, text, eol)) ?? [];
}

function joinEdits(stmt: Stmt, names: readonly string[], removed: readonly Member[], text: string, eol: string): TextEdit[] {
  const members = stmt.members;
  const ordered = sorted(members, compareMembers);
  const all: Array<{ text: string; node: Node | null; name: string; alias: string | null }> = members
    .filter((m) => !removed.includes(m))
    .map((m) => ({ text: text.slice(m.node.startIndex, m.node.endIndex), node: m.node, name: m.name, alias: m.alias }));
  for (const name of names) {
    const entry = { text: name, node: null, name, alias: null };
    const i = ordered ? all.findIndex((m) => compareMembers(m, entry) > 0) : -1;
    if (i === -1) all.push(entry);
    else all.splice(i, 0, entry);
  }
  const head = `from ${stmt.module} import `;
  if (stmt.vertical) {
    // One name per line: each new one on a line of its own, before its successor or after the last.
    const out: TextEdit[] = [];
    const indent = lineIndent(text, members[0].node.startIndex);
    for (let i = 0; i < all.length; i++) {
      if (all[i].node) continue;
      const nextOld = all.slice(i + 1).find((m) => m.node)?.node;
      if (nextOld) out.push({ start: lineStart(text, nextOld.startIndex), end: lineStart(text, nextOld.startIndex), text: `${indent}${all[i].text},${eol}` });
      else {
        const lastOld = members[members.length - 1].node;
        const comma = /^[ \t]*,/.exec(text.slice(lastOld.endIndex));
        const at = comma ? lastOld.endIndex + comma[0].length : lastOld.endIndex;
        out.push({ start: at, end: at, text: `${comma ? '' : ','}${eol}${indent}${all[i].text}${comma ? ',' : ''}` });
      }
    }
    return out;
  }
  const oneLine = head + all.map((m) => m.text).join(', ');
  const vertical = `${head}(${eol}${all.map((m) => `    ${m.text},${eol}`).join('')})`;
  const whole = (t: string): TextEdit[] => [{ start: stmt.node.startIndex, end: stmt.node.endIndex, text: t }];
  if (removed.length > 0) return whole(stmt.vertical || oneLine.length > LINE_LENGTH ? vertical : oneLine);
  const comment = /[ \t]*#/.test(text.slice(stmt.node.endIndex, lineAfter(text, stmt.node.endIndex).next));
  const multiLine = /[\r\n]/.test(text.slice(stmt.node.startIndex, stmt.node.endIndex));
  if (oneLine.length > LINE_LENGTH && !comment && !multiLine) return whole(vertical);
  // Each new name goes before its successor (`name, `) or after the last name (`, name`).
  const out: TextEdit[] = [];
  for (let i = 0; i < all.length; i++) {
    if (all[i].node) continue;
    const nextOld = all.slice(i + 1).find((m) => m.node)?.node;
    if (nextOld) out.push({ start: nextOld.startIndex, end: nextOld.startIndex, text: `${all[i].text}, ` });
    else {
      const at = members[members.length - 1].node.endIndex;
      out.push({ start: at, end: at, text: `, ${all[i].text}` });
    }
  }
  return out;
}

/** Removes one name of an import list with the comma that separates it (its whole line when it has one). */
function removeMember(stmt: Stmt, m: Member, text: string): TextEdit {
  const i = stmt.members.indexOf(m);
  const members = stmt.members;
  if (stmt.vertical) {
    const line = lineStart(text, m.node.startIndex);
    const after = lineAfter(text, m.node.endIndex);
    if (/^[ \t]*$/.test(text.slice(line, m.node.startIndex)) && /^[ \t]*,?[ \t]*(#.*)?$/.test(text.slice(m.node.endIndex, after.next).replace(/[\r\n]+$/, ''))) {
      return { start: line, end: after.next, text: '' };
    }
  }
  if (i < members.length - 1) return { start: m.node.startIndex, end: members[i + 1].node.startIndex, text: '' };
  return { start: members[i - 1].node.endIndex, end: m.node.endIndex, text: '' };
}

/** Joins edits that touch (an insertion where a removal starts, adjacent ranges) into one; null when two overlap. */
function mergeTouching(edits: TextEdit[]): TextEdit[] | null {
  const sortedEdits = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i).map((x) => x.e);
  const out: TextEdit[] = [];
  for (const e of sortedEdits) {
    const last = out[out.length - 1];
    if (last && e.start < last.end) return null;
    if (last && e.start === last.end) out[out.length - 1] = { start: last.start, end: e.end, text: last.text + e.text };
    else out.push({ ...e });
  }
  return out;
}
