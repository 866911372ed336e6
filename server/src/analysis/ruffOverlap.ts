// Which of Ruff's blocking-call rules flags the same call as one of our findings (the table
// in knowledge/ruff.ts). Ruff sees less than we do: a callee's qualified name only through
// imports (never through an assignment), a receiver's type only from a constructor call or
// an annotation it can see in the file. So a call counts only when Ruff would recognise it
// the way Ruff does: the name as imported, not our resolver's answer.
import { stripParens } from './expressions';
import type { Scope } from './facts';
import type { FileModel } from './model';
import type { Node } from './tree';
import { RUFF_OVERLAP, type RuffOverlap, type RuffReceiver } from './knowledge/ruff';

const DOTTED = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*(\.[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)*$/u;

/** `a.b.c` as its names, when the expression is a plain name or a chain of attributes on one. */
function dottedParts(node: Node | null): string[] | null {
  const parts: string[] = [];
  let n = stripParens(node);
  while (n?.type === 'attribute') {
    const attr = n.childForFieldName('attribute');
    if (!attr) return null;
    parts.unshift(attr.text);
    n = stripParens(n.childForFieldName('object'));
  }
  if (n?.type !== 'identifier') return null;
  parts.unshift(n.text);
  return parts;
}

/**
 * A dotted name as Ruff qualifies it: its first name bound by an import (the imported name,
 * then the attributes), or a builtin when nothing binds it. Null otherwise.
 */
function qualify(model: FileModel, parts: readonly string[], scope: Scope, at: number): string | null {
  const found = model.bindingOf(parts[0], scope, at);
  const rest = parts.slice(1);
  if ('module' in found) {
    const list = found.module;
    if (list.length === 0) return parts.length === 1 ? `builtins.${parts[0]}` : null;
    const target = list[0].t;
    if (!target || !list.every((b) => b.k === 'import' && b.t === target)) return null;
    return [target, ...rest].join('.');
  }
  const b = found.binding;
  return b.k === 'import' && !b.star ? [b.target, ...rest].join('.') : null;
}

function qualifyText(model: FileModel, dotted: string | null | undefined, scope: Scope, at: number): string | null {
  return dotted && DOTTED.test(dotted) ? qualify(model, dotted.split('.'), scope, at) : null;
}

/** The constructor a call expression makes, as Ruff qualifies it. */
function constructorOf(model: FileModel, node: Node | null, scope: Scope): string | null {
  const n = stripParens(node);
  if (n?.type !== 'call') return null;
  const parts = dottedParts(n.childForFieldName('function'));
  return parts ? qualify(model, parts, scope, n.startIndex) : null;
}

const UNIONS = new Set(['typing.Optional', 'typing.Union', 'typing_extensions.Optional', 'typing_extensions.Union']);

/** The classes an annotation names, as Ruff reads it: through `Optional[...]`, `Union[...]` and `X | Y`. */
function annotationTypes(model: FileModel, node: Node | null, scope: Scope, out: string[] = []): string[] {
  let n = stripParens(node);
  while (n?.type === 'type') n = stripParens(n.firstNamedChild);
  if (!n) return out;
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.type === '|') {
    annotationTypes(model, n.childForFieldName('left'), scope, out);
    annotationTypes(model, n.childForFieldName('right'), scope, out);
  } else if (n.type === 'subscript' || n.type === 'generic_type') {
    // `typing.Optional[X]` parses as a subscript, `Optional[X]` as a generic type.
    const generic = n.type === 'generic_type';
    const base = dottedParts(generic ? n.firstNamedChild : n.childForFieldName('value'));
    if (base && UNIONS.has(qualify(model, base, scope, n.startIndex) ?? '')) {
      const args = generic ? (n.namedChildren.find((c) => c?.type === 'type_parameter')?.namedChildren ?? []) : n.childrenForFieldName('subscript');
      for (const arg of args) {
        if (arg?.type === 'tuple') for (const el of arg.namedChildren) annotationTypes(model, el, scope, out);
        else annotationTypes(model, arg, scope, out);
      }
    }
  } else {
    const parts = dottedParts(n);
    const q = parts && qualify(model, parts, scope, n.startIndex);
    if (q) out.push(q);
  }
  return out;
}

/** Whether Ruff knows the receiver of a method call (`v` in `v.get()`) to be one of `r.types`. */
function receiverMatches(model: FileModel, object: Node, scope: Scope, r: RuffReceiver): boolean {
  const is = (q: string | null): boolean => !!q && r.types.includes(q);
  const annotated = (ann: Node | null | undefined, where: Scope): boolean => r.annotated && annotationTypes(model, ann ?? null, where).some(is);
  if (object.type === 'call') return r.direct && is(constructorOf(model, object, scope));
  if (object.type !== 'identifier') return false;
  const name = object.text;
  const found = model.bindingOf(name, scope, object.startIndex);
  if ('module' in found) {
    const list = found.module;
    if (list.length === 0 || (r.onlyBinding && list.length !== 1)) return false;
    const b = list[list.length - 1];
    if (b.k !== 'value') return false;
    const module = model.moduleScope;
    if (r.annotated && b.ann && is(qualifyText(model, b.ann, module, b.at))) return true;
    const ctor = b.ref?.endsWith('()') ? b.ref.slice(0, -2) : null;
    return is(qualifyText(model, ctor, module, b.at));
  }
  const { binding: b, scope: where } = found;
  if (r.onlyBinding && (model.bindings(where).names.get(name)?.length ?? 0) !== 1) return false;
  if (b.k === 'param') return annotated(b.annNode, where.parent ?? where);
  if (b.k !== 'value') return false;
  const assignment = b.node?.parent;
  if (assignment?.type === 'assignment' && annotated(assignment.childForFieldName('type'), where)) return true;
  return is(constructorOf(model, b.node, where));
}

/** The `mode` of an `os.spawn*` call, as Ruff reads it: `os.P_WAIT` (or none given) waits. */
function spawnWaits(model: FileModel, call: Node, scope: Scope): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
  const keyword = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'mode');
  const first = args[0] && !['keyword_argument', 'list_splat', 'dictionary_splat'].includes(args[0].type) ? args[0] : undefined;
  const mode = stripParens(keyword?.childForFieldName('value') ?? first ?? null);
  if (!mode) return true;
  const waits = (n: Node | null): boolean => {
    const parts = dottedParts(n);
    return !!parts && qualify(model, parts, scope, n!.startIndex) === 'os.P_WAIT';
  };
  if (waits(mode)) return true;
  if (mode.type !== 'identifier') return false;
  const found = model.bindingOf(mode.text, scope, mode.startIndex);
  return !('module' in found) && found.binding.k === 'value' && waits(stripParens(found.binding.node));
}

function flags(model: FileModel, o: RuffOverlap, call: Node, callee: Node, scope: Scope): boolean {
  if (o.functions) {
    const parts = dottedParts(callee);
    const q = parts && qualify(model, parts, scope, call.startIndex);
    if (!q || !o.functions.includes(q)) return false;
    return !o.spawnMode || spawnWaits(model, call, scope) === (o.spawnMode === 'wait');
  }
  const r = o.receiver!;
  if (callee.type !== 'attribute' || !r.methods.includes(callee.childForFieldName('attribute')?.text ?? '')) return false;
  const object = stripParens(callee.childForFieldName('object'));
  return !!object && receiverMatches(model, object, scope, r);
}

/**
 * The Ruff code that flags the call a finding of ours (`code`) is reported on, or undefined
 * when Ruff does not flag that call (or flags it for another reason than ours).
 */
export function ruffCodeOf(model: FileModel, code: string, call: Node): string | undefined {
  if (call.type !== 'call') return undefined;
  const callee = stripParens(call.childForFieldName('function'));
  if (!callee) return undefined;
  const scope = model.scopeAt(call.startIndex);
  for (const o of RUFF_OVERLAP) if (o.fpl === code && flags(model, o, call, callee, scope)) return o.ruff;
  return undefined;
}
