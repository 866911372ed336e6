// Type annotations to refs: unwraps Annotated[...], Optional[...], Union[..., None],
// `X | None` and string forward references down to the class they name.
import type { Node } from './tree';
import { refOf, UNKNOWN } from './refs';

const WRAPPERS = new Set(['Annotated', 'Optional', 'Union', 'Required', 'NotRequired', 'ReadOnly', 'Final', 'ClassVar']);
const ITERATORS = new Set(['Generator', 'Iterator', 'Iterable', 'AsyncGenerator', 'AsyncIterator', 'AsyncIterable', 'Awaitable', 'Coroutine', 'ContextManager', 'AsyncContextManager']);

function lastSegment(ref: string): string {
  const i = ref.lastIndexOf('.');
  return i === -1 ? ref : ref.slice(i + 1);
}

/** The base of `X[a, b]` (a generic_type or subscript node of type `type`), else null. */
function genericBase(node: Node, type: string): Node | null {
  if (type === 'generic_type') return node.firstNamedChild;
  return type === 'subscript' ? node.childForFieldName('value') : null;
}

/** The type arguments of `X[a, b]` (generic_type or subscript); read only for the wrappers that need them. */
function genericArgs(node: Node, type: string): Node[] {
  if (type === 'generic_type') {
    const params = node.namedChildren.find((c) => c?.type === 'type_parameter');
    return params ? (params.namedChildren.filter((c) => !!c) as Node[]) : [];
  }
  return node.childrenForFieldName('subscript').filter((c): c is Node => !!c);
}

/** The node inside `type` wrappers and parentheses, with its type (each `.type` is a call into WebAssembly). */
function stripTyped(node: Node | null): { node: Node; type: string } | null {
  while (node) {
    const type = node.type;
    if (type !== 'type' && type !== 'parenthesized_expression') return { node, type };
    node = node.firstNamedChild;
  }
  return null;
}

function strip(node: Node | null): Node | null {
  return stripTyped(node)?.node ?? null;
}

function isNone(node: Node | null): boolean {
  return stripTyped(node)?.type === 'none';
}

/** The ref of the class an annotation names, or null when it names none we can follow. */
export function annotationRef(node: Node | null, src: string, unwrapIterators = false): string | null {
  const stripped = stripTyped(node);
  if (!stripped) return null;
  const { node: n, type } = stripped;
  switch (type) {
    case 'identifier':
    case 'attribute':
      return refOf(n, src);
    case 'string': {
      const content = n.namedChildren.find((c) => c?.type === 'string_content');
      const inner = content ? src.slice(content.startIndex, content.endIndex).trim() : '';
      return /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u.test(inner) ? inner : null;
    }
    case 'binary_operator': {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (isNone(right)) return annotationRef(left, src, unwrapIterators);
      if (isNone(left)) return annotationRef(right, src, unwrapIterators);
      return null;
    }
    case 'generic_type':
    case 'subscript': {
      const baseNode = genericBase(n, type);
      if (!baseNode) return null;
      const baseRef = refOf(baseNode, src);
      if (baseRef === UNKNOWN) return null;
      const base = lastSegment(baseRef);
      if (WRAPPERS.has(base) || (unwrapIterators && ITERATORS.has(base))) {
        const all = genericArgs(n, type);
        const args = base === 'Union' ? all.filter((a) => !isNone(a)) : all;
        if (base === 'Union' && args.length !== 1) return null;
        return annotationRef(args[0] ?? null, src, unwrapIterators);
      }
      return baseRef;
    }
    default:
      return null;
  }
}

/** The extra arguments of `Annotated[T, meta...]` (FastAPI puts Depends/Query there). */
export function annotatedMetadata(node: Node | null, src: string): Node[] {
  let n = stripTyped(node);
  // Optional[Annotated[...]] and `Annotated[...] | None` still carry metadata.
  for (let guard = 0; n && guard < 4; guard++) {
    if (n.type === 'binary_operator') {
      const right = n.node.childForFieldName('right');
      n = stripTyped(isNone(right) ? n.node.childForFieldName('left') : right);
      continue;
    }
    const baseNode = genericBase(n.node, n.type);
    if (!baseNode) return [];
    const base = lastSegment(refOf(baseNode, src));
    if (base === 'Annotated') return genericArgs(n.node, n.type).slice(1).map((a) => strip(a)!).filter(Boolean);
    if (base === 'Optional') {
      n = stripTyped(genericArgs(n.node, n.type)[0] ?? null);
      continue;
    }
    return [];
  }
  return [];
}
