// The syntax tree the analysis layer and rules work with: tree-sitter's tree read once into
// flat typed arrays (engine/flatten.ts), with nodes that answer from those arrays. Every
// `.type`, `.parent` or `childForFieldName` on web-tree-sitter's own nodes crosses into
// WebAssembly and allocates a new object; here each is an array read, and a node is one
// object per tree (so nodes compare and key maps by identity). The API is web-tree-sitter's,
// for the members the analysis uses, with the same answers (a test compares them node by
// node on real code and on broken code).

export interface Point {
  row: number;
  column: number;
}

/** A tree's nodes in document order (pre-order), one entry per node of web-tree-sitter's view. */
export interface TreeArrays {
  count: number;
  /** Node type as a grammar symbol (aliases applied; 65535 for ERROR). */
  symbol: Uint16Array;
  /** Offsets in UTF-16 code units (rows and columns are worked out from the text when asked). */
  start: Uint32Array;
  end: Uint32Array;
  /** Parent's index, -1 for the root. */
  parent: Int32Array;
  /** Next sibling's index, -1 for the last child. */
  next: Int32Array;
  /** One past the last descendant: a node's subtree is [i, after[i]). */
  after: Uint32Array;
  childCount: Uint32Array;
  /** Field id under the parent (0: none), as web-tree-sitter's TreeCursor reports it. */
  field: Uint16Array;
  /** NAMED | MISSING | EXTRA | HAS_ERROR. */
  flags: Uint8Array;
  /**
   * Fields a node takes from a child's children, as triples (node, field, descendant):
   * tree-sitter's `childForFieldName('alternative')` on a `match_statement` answers a
   * `case_clause` of its `block`. Absent when the tree has none.
   */
  links?: number[];
}

export const NAMED = 1;
export const MISSING = 2;
export const EXTRA = 4;
export const HAS_ERROR = 8;
const ERROR_SYMBOL = 65535;

/** The grammar's names: node types by symbol, field names by id. */
export interface TreeLanguage {
  types: ReadonlyArray<string | undefined>;
  fields: ReadonlyArray<string | null>;
}

interface LanguageTables {
  fieldIds: Map<string, number>;
  /** Symbol masks for descendantsOfType, by the joined type list. */
  masks: Map<string, Uint8Array>;
}
const tables = new WeakMap<TreeLanguage, LanguageTables>();

function tablesOf(language: TreeLanguage): LanguageTables {
  let t = tables.get(language);
  if (!t) {
    const fieldIds = new Map<string, number>();
    language.fields.forEach((f, i) => {
      if (f) fieldIds.set(f, i);
    });
    t = { fieldIds, masks: new Map() };
    tables.set(language, t);
  }
  return t;
}

function maskOf(language: TreeLanguage, types: string | readonly string[]): Uint8Array {
  const list = typeof types === 'string' ? [types] : types;
  const key = list.join('\0');
  const t = tablesOf(language);
  let mask = t.masks.get(key);
  if (!mask) {
    mask = new Uint8Array(65536);
    const wanted = new Set(list);
    language.types.forEach((name, i) => {
      if (name !== undefined && wanted.has(name)) mask![i] = 1;
    });
    if (wanted.has('ERROR')) mask[ERROR_SYMBOL] = 1;
    t.masks.set(key, mask);
  }
  return mask;
}

/** Nodes are made on first use, kept in pages of this many: a tree of 100,000 nodes of which an edit reads 50 allocates little. */
const PAGE = 256;

export class Tree {
  private readonly pages: Array<Array<Node | undefined> | undefined> = [];
  private lineStarts?: number[];

  constructor(
    /** The text as tree-sitter read it (lone CRs as LF: same length and offsets). */
    readonly text: string,
    readonly language: TreeLanguage,
    readonly a: TreeArrays,
  ) {}

  get rootNode(): Node {
    return this.node(0);
  }

  /** The node at pre-order index `i`, made once. */
  node(i: number): Node {
    const page = (this.pages[i >> 8] ??= new Array<Node | undefined>(PAGE));
    return (page[i & (PAGE - 1)] ??= new Node(this, i));
  }

  /** tree-sitter's point for an offset: rows end at LF (the text has no lone CR), columns in code units. */
  point(offset: number): Point {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - starts[lo] };
  }

  typeName(i: number): string {
    const s = this.a.symbol[i];
    return s === ERROR_SYMBOL ? 'ERROR' : (this.language.types[s] ?? 'ERROR');
  }

  fieldId(name: string): number {
    return tablesOf(this.language).fieldIds.get(name) ?? -1;
  }

  mask(types: string | readonly string[]): Uint8Array {
    return maskOf(this.language, types);
  }
}

export class Node {
  private _children?: Node[];
  private _namedChildren?: Node[];

  constructor(
    readonly tree: Tree,
    /** Unique within its tree (the pre-order index). */
    readonly id: number,
  ) {}

  get type(): string {
    return this.tree.typeName(this.id);
  }

  get startIndex(): number {
    return this.tree.a.start[this.id];
  }

  get endIndex(): number {
    return this.tree.a.end[this.id];
  }

  get startPosition(): Point {
    return this.tree.point(this.tree.a.start[this.id]);
  }

  get endPosition(): Point {
    return this.tree.point(this.tree.a.end[this.id]);
  }

  get text(): string {
    return this.tree.text.slice(this.tree.a.start[this.id], this.tree.a.end[this.id]);
  }

  get isNamed(): boolean {
    return (this.tree.a.flags[this.id] & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return (this.tree.a.flags[this.id] & MISSING) !== 0;
  }

  get isExtra(): boolean {
    return (this.tree.a.flags[this.id] & EXTRA) !== 0;
  }

  get hasError(): boolean {
    return (this.tree.a.flags[this.id] & HAS_ERROR) !== 0;
  }

  get isError(): boolean {
    return this.tree.a.symbol[this.id] === ERROR_SYMBOL;
  }

  get parent(): Node | null {
    const p = this.tree.a.parent[this.id];
    return p < 0 ? null : this.tree.node(p);
  }

  get childCount(): number {
    return this.tree.a.childCount[this.id];
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  get children(): Node[] {
    if (!this._children) {
      const out: Node[] = [];
      const a = this.tree.a;
      if (a.childCount[this.id] > 0) for (let c = this.id + 1; c >= 0; c = a.next[c]) out.push(this.tree.node(c));
      this._children = out;
    }
    return this._children;
  }

  get namedChildren(): Node[] {
    if (!this._namedChildren) {
      const out: Node[] = [];
      const a = this.tree.a;
      if (a.childCount[this.id] > 0) for (let c = this.id + 1; c >= 0; c = a.next[c]) if (a.flags[c] & NAMED) out.push(this.tree.node(c));
      this._namedChildren = out;
    }
    return this._namedChildren;
  }

  child(index: number): Node | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): Node | null {
    return this.namedChildren[index] ?? null;
  }

  get firstChild(): Node | null {
    return this.tree.a.childCount[this.id] > 0 ? this.tree.node(this.id + 1) : null;
  }

  get firstNamedChild(): Node | null {
    const a = this.tree.a;
    if (a.childCount[this.id] > 0) for (let c = this.id + 1; c >= 0; c = a.next[c]) if (a.flags[c] & NAMED) return this.tree.node(c);
    return null;
  }

  get lastChild(): Node | null {
    const kids = this.children;
    return kids.length > 0 ? kids[kids.length - 1] : null;
  }

  get lastNamedChild(): Node | null {
    const kids = this.namedChildren;
    return kids.length > 0 ? kids[kids.length - 1] : null;
  }

  // tree-sitter finds siblings by position: one ending where this node ends (an empty node
  // after it, as broken code has) is passed over. Kept, so the answers stay web-tree-sitter's.
  get nextSibling(): Node | null {
    const a = this.tree.a;
    const end = a.end[this.id];
    for (let n = a.next[this.id]; n >= 0; n = a.next[n]) if (a.end[n] > end) return this.tree.node(n);
    return null;
  }

  get nextNamedSibling(): Node | null {
    const a = this.tree.a;
    const end = a.end[this.id];
    for (let n = a.next[this.id]; n >= 0; n = a.next[n]) if (a.flags[n] & NAMED && a.end[n] > end) return this.tree.node(n);
    return null;
  }

  /**
   * The first child in the field. tree-sitter looks it up in the node's own production, which
   * an ERROR node does not have: none, though its hidden children may name fields (which
   * `childrenForFieldName`, walking with a cursor, does report).
   */
  childForFieldId(fieldId: number): Node | null {
    const a = this.tree.a;
    if (fieldId <= 0 || a.childCount[this.id] === 0 || a.symbol[this.id] === ERROR_SYMBOL) return null;
    for (let c = this.id + 1; c >= 0; c = a.next[c]) if (a.field[c] === fieldId) return this.tree.node(c);
    const links = a.links;
    if (links) for (let i = 0; i < links.length; i += 3) if (links[i] === this.id && links[i + 1] === fieldId) return this.tree.node(links[i + 2]);
    return null;
  }

  childForFieldName(name: string): Node | null {
    return this.childForFieldId(this.tree.fieldId(name));
  }

  childrenForFieldName(name: string): Node[] {
    const id = this.tree.fieldId(name);
    const a = this.tree.a;
    const out: Node[] = [];
    if (id > 0 && a.childCount[this.id] > 0) for (let c = this.id + 1; c >= 0; c = a.next[c]) if (a.field[c] === id) out.push(this.tree.node(c));
    return out;
  }

  /**
   * This node and its descendants of the given types, in document order. With a range (code
   * units), as web-tree-sitter does with points: subtrees ending at or before `start` are
   * skipped, and the walk stops at the first node starting at or after `end`. As there, the
   * range starts at 0 by default, so empty nodes at the very start are never returned.
   */
  descendantsOfType(types: string | readonly string[], start = 0, end = Infinity): Node[] {
    const a = this.tree.a;
    const mask = this.tree.mask(types);
    const out: Node[] = [];
    const last = a.after[this.id];
    for (let i = this.id; i < last; ) {
      if (a.end[i] <= start) {
        i = a.after[i];
        continue;
      }
      if (end <= a.start[i]) break;
      if (mask[a.symbol[i]]) out.push(this.tree.node(i));
      i++;
    }
    return out;
  }

  /** The smallest node (named or not) spanning [start, end], as web-tree-sitter finds it. */
  descendantForIndex(start: number, end = start): Node {
    const a = this.tree.a;
    let node = this.id;
    for (let descended = true; descended; ) {
      descended = false;
      if (a.childCount[node] === 0) break;
      for (let c = node + 1; c >= 0; c = a.next[c]) {
        const cEnd = a.end[c];
        if (cEnd < end) continue;
        const empty = a.start[c] === cEnd;
        if (empty ? cEnd < start : cEnd <= start) continue;
        if (start < a.start[c]) break;
        node = c;
        descended = true;
        break;
      }
    }
    return this.tree.node(node);
  }

  equals(other: Node): boolean {
    return this === other;
  }
}
