// Text edits that keep the layout of the code they touch: adding arguments to a call,
// parameters to a function, removing an argument, and writing library names.
import { indentBefore, lineEnding } from '../../server/src/analysis/lines';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { ImportNeed, RuleContext, TextEdit } from '../../server/src/ruleApi/rule';

function items(list: Node): Node[] {
  return list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}


/**
 * Appends entries to an argument list or parameter list (`(` ... `)`), after `after` (the
 * last item) or at the start when the list is empty. One-per-line lists get one entry per
 * line with the same indentation and keep their trailing comma.
 */
function appendToList(list: Node, after: Node | null, entries: readonly string[], text: string): TextEdit {
  if (!after) {
    const at = list.startIndex + 1;
    return { start: at, end: at, text: entries.join(', ') };
  }
  const close = list.endIndex - 1;
  const between = text.slice(after.endIndex, close);
  const comma = between.indexOf(',');
  const indent = indentBefore(text, after.startIndex);
  if (/[\r\n]/.test(between) && indent !== null) {
    const eol = lineEnding(text);
    const lines = entries.map((e) => `${eol}${indent}${e},`).join('');
    if (comma !== -1 && !/[\r\n]/.test(between.slice(0, comma))) {
      const at = after.endIndex + comma + 1;
      return { start: at, end: at, text: lines };
    }
    return { start: after.endIndex, end: after.endIndex, text: `,${lines.slice(0, -1)}` };
  }
  return { start: after.endIndex, end: after.endIndex, text: `, ${entries.join(', ')}` };
}

/** Adds keyword arguments at the end of a call's arguments. */
export function appendArguments(call: Node, entries: readonly string[], text: string): TextEdit | null {
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') return null;
  const all = items(list);
  return appendToList(list, all[all.length - 1] ?? null, entries, text);
}

/** Adds parameters to a function: at the end, or before `**kwargs`. */
export function appendParameters(fnNode: Node, entries: readonly string[], text: string): TextEdit | null {
  const list = fnNode.childForFieldName('parameters');
  if (!list) return null;
  const all = items(list);
  const kw = all.findIndex((p) => p.type === 'dictionary_splat_pattern');
  if (kw === -1) return appendToList(list, all[all.length - 1] ?? null, entries, text);
  const before = all[kw];
  const indent = kw > 0 && /[\r\n]/.test(text.slice(all[kw - 1].endIndex, before.startIndex)) ? indentBefore(text, before.startIndex) : null;
  const sep = indent !== null ? `,${lineEnding(text)}${indent}` : ', ';
  return { start: before.startIndex, end: before.startIndex, text: entries.join(sep) + sep };
}

/** Removes one argument of a call with the comma that separates it. */
export function removeArgument(call: Node, arg: Node): TextEdit | null {
  const list = call.childForFieldName('arguments');
  if (!list) return null;
  const all = items(list);
  const i = all.findIndex((a) => a.id === arg.id);
  if (i === -1) return null;
  if (all.length === 1) return { start: list.startIndex + 1, end: list.endIndex - 1, text: '' };
  if (i < all.length - 1) return { start: all[i].startIndex, end: all[i + 1].startIndex, text: '' };
  return { start: all[i - 1].endIndex, end: all[i].endIndex, text: '' };
}

/**
 * How to write `module.name` at `offset`, preferring `from module import name`: the bare name
 * when it is already imported or free (adding the import), else whatever `ctx.reference`
 * finds (`responses.ORJSONResponse` after `from fastapi import responses`). Null when shadowed.
 */
export function libraryName(ctx: RuleContext, module: string, name: string, offset: number): { text: string; imports: ImportNeed[] } | null {
  const model: FileModel = ctx.model;
  const scope = model.scopeAt(offset);
  const v = model.resolveName(name, scope, offset);
  const target = model.resolver.canonical(`${module}.${name}`);
  if (v.k === 'ref' && v.q === target) return { text: name, imports: [] };
  if (v.k === 'ref' && v.q === `builtins.${name}`) return { text: name, imports: [{ module, name }] };
  return ctx.reference(`${module}.${name}`, offset);
}
