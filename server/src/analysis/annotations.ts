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

/** The parts of `X[a, b]` (generic_type or subscript): the base node and its type arguments. */
function genericParts(node: Node): { base: Node | null; args: Node[] } | null {
  if (node.type === 'generic_type') {
    const base = node.firstNamedChild;
    const params = node.namedChildren.find((c) => c?.type === 'type_parameter');
    const args = params ? (params.namedChildren.filter((c) => !!c) as Node[]) : [];
    return { base, args };
  }
  if (node.type === 'subscript') {
    return { base: node.childForFieldName('value'), args: node.childrenForFieldName('subscript').filter((c): c is Node => !!c) };
  }
  return null;
}

function strip(node: Node | null): Node | null {
  while (node && (node.type === 'type' || node.type === 'parenthesized_expression')) node = node.firstNamedChild;
  return node;
}

function isNone(node: Node | null): boolean {
  const n = strip(node);
  return !!n && n.type === 'none';
}

/** The ref of the class an annotation names, or null when it names none we can follow. */
export function annotationRef(node: Node | null, src: string, unwrapIterators = false): string | null {
  const n = strip(node);
  if (!n) return null;
  switch (n.type) {
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
      const parts = genericParts(n);
      if (!parts || !parts.base) return null;
      const baseRef = refOf(parts.base, src);
      if (baseRef === UNKNOWN) return null;
      const base = lastSegment(baseRef);
      if (WRAPPERS.has(base) || (unwrapIterators && ITERATORS.has(base))) {
        const args = base === 'Union' ? parts.args.filter((a) => !isNone(a)) : parts.args;
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
  let n = strip(node);
  // Optional[Annotated[...]] and `Annotated[...] | None` still carry metadata.
  for (let guard = 0; n && guard < 4; guard++) {
    if (n.type === 'binary_operator') {
      n = strip(isNone(n.childForFieldName('right')) ? n.childForFieldName('left') : n.childForFieldName('right'));
      continue;
    }
    const parts = genericParts(n);
    if (!parts || !parts.base) return [];
    const base = lastSegment(refOf(parts.base, src));
    if (base === 'Annotated') return parts.args.slice(1).map((a) => strip(a)!).filter(Boolean);
    if (base === 'Optional') {
      n = strip(parts.args[0] ?? null);
      continue;
    }
    return [];
  }
  return [];
}
