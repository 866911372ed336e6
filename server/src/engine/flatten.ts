// Reads a web-tree-sitter tree into flat arrays (analysis/tree.ts) in one pass over the
// WebAssembly memory, without a call into WebAssembly per node: walking 2.8 million nodes
// with a TreeCursor costs 1.9 s, reading them here about 0.2 s. The layouts read are
// tree-sitter 0.25's (lib/subtree.h, lib/parser.h for wasm32, shipped in web-tree-sitter's
// package), and the rules are its node.c and tree_cursor.c: hidden nodes' children belong to
// the nearest visible ancestor, aliases rename, fields come from the production's field map.
// The version is pinned in package.json; test/analysis/flatTree.test.ts compares every node
// with web-tree-sitter's own answers, so a layout change fails there first.
import type { Language, Node as ParsedNode, Tree as ParsedTree } from 'web-tree-sitter';
import { EXTRA, HAS_ERROR, MISSING, NAMED, Tree, type TreeArrays } from '../analysis/tree';

/** The WebAssembly memory views Emscripten puts on its Module object. */
export interface WasmMemory {
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  HEAPU32: Uint32Array;
}

interface LanguageLayout {
  maxAliasLength: number;
  aliasSequences: number;
  symbolMetadata: number;
  /**
   * The field of each structural child, by production: `fields[fieldStart[p] + k]` for child
   * `k < fieldStart[p + 1] - fieldStart[p]` (0: none). Read from the language's field map
   * once, rather than scanning it in WebAssembly memory for every child.
   */
  fieldStart: Uint32Array;
  fields: Uint16Array;
  /** Fields a production takes from its child `k` (inherited entries), by `production * 256 + k`. */
  inherited: Map<number, number[]>;
  /** 1 for the productions with an entry in `inherited`: most have none, and a typed array answers faster than the map. */
  inherits: Uint8Array;
}

const layouts = new WeakMap<Language, LanguageLayout>();

function layoutOf(language: Language, m: WasmMemory): LanguageLayout {
  let l = layouts.get(language);
  if (!l) {
    const at = (language as unknown as { 0: number })[0];
    const u8 = m.HEAPU8;
    const u16 = m.HEAPU16;
    const u32 = m.HEAPU32;
    // struct TSLanguage (wasm32): nine uint32 counts (production_id_count at 28, field_count
    // at 32), max_alias_sequence_length u16 at 36, then pointers from offset 40.
    const productions = u32[(at + 28) >> 2];
    const fieldCount = u32[(at + 32) >> 2];
    const slices = u32[(at + 64) >> 2];
    const entries = u32[(at + 68) >> 2];
    // TSMapSlice {index u16, length u16}; TSFieldMapEntry {field_id u16, child_index u8, inherited u8}.
    const fieldStart = new Uint32Array(productions + 1);
    const table: number[] = [];
    const inherited = new Map<number, number[]>();
    const inherits = new Uint8Array(productions + 1);
    for (let p = 0; p < productions; p++) {
      fieldStart[p] = table.length;
      if (!fieldCount) continue;
      const from = entries + u16[(slices + p * 4) >> 1] * 4;
      const to = from + u16[(slices + p * 4 + 2) >> 1] * 4;
      for (let e = from; e < to; e += 4) {
        const k = u8[e + 2];
        if (u8[e + 3] !== 0) {
          // Inherited: the child's own map says where (see `links` in analysis/tree.ts).
          const list = inherited.get(p * 256 + k) ?? [];
          list.push(u16[e >> 1]);
          inherited.set(p * 256 + k, list);
          inherits[p] = 1;
          continue;
        }
        while (table.length <= fieldStart[p] + k) table.push(0);
        if (table[fieldStart[p] + k] === 0) table[fieldStart[p] + k] = u16[e >> 1];
      }
    }
    fieldStart[productions] = table.length;
    l = {
      maxAliasLength: u16[(at + 36) >> 1],
      aliasSequences: u32[(at + 84) >> 2],
      symbolMetadata: u32[(at + 72) >> 2],
      fieldStart,
      fields: Uint16Array.from(table),
      inherited,
      inherits,
    };
    layouts.set(language, l);
  }
  return l;
}

// Trees take their arrays from shared slabs, carved in turn: an ArrayBuffer per tree costs
// more than the walk itself (measured: 0.26 s of allocation for 1,800 files). A slab is freed
// when no tree carved from it is left.
const SLAB = 4 << 20;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/** Arrays for `capacity` nodes, all views of one stretch of a slab (or of their own buffer when large). */
function newArrays(capacity: number): TreeArrays {
  const bytes = (capacity * 29 + 7) & ~7;
  let buffer: ArrayBuffer;
  let at: number;
  if (bytes > SLAB / 4) {
    buffer = new ArrayBuffer(bytes);
    at = 0;
  } else {
    if (slabUsed + bytes > slab.byteLength) {
      slab = new ArrayBuffer(SLAB);
      slabUsed = 0;
    }
    buffer = slab;
    at = slabUsed;
    slabUsed += bytes;
  }
  const view = <T>(make: new (b: ArrayBuffer, o: number, l: number) => T, size: number): T => {
    const v = new make(buffer, at, capacity);
    at += capacity * size;
    return v;
  };
  return {
    count: 0,
    start: view(Uint32Array, 4),
    end: view(Uint32Array, 4),
    after: view(Uint32Array, 4),
    childCount: view(Uint32Array, 4),
    parent: view(Int32Array, 4),
    next: view(Int32Array, 4),
    symbol: view(Uint16Array, 2),
    field: view(Uint16Array, 2),
    flags: view(Uint8Array, 1),
  };
}

function grown(a: TreeArrays, capacity: number): TreeArrays {
  const b = newArrays(capacity);
  b.count = a.count;
  for (const k of Object.keys(a) as Array<keyof TreeArrays>) if (k !== 'count' && k !== 'links') (b[k] as Uint32Array).set(a[k] as Uint32Array);
  return b;
}

/** The used part, when fewer nodes came than the capacity asked for. */
function trimmed(a: TreeArrays): TreeArrays {
  if (a.count === a.symbol.length) return a;
  const b = { ...a };
  for (const k of Object.keys(a) as Array<keyof TreeArrays>) if (k !== 'count' && k !== 'links') (b[k] as Uint32Array) = (a[k] as Uint32Array).subarray(0, a.count);
  return b;
}

let tails = new Int32Array(1 << 16); // last child seen, per visible node (scratch, reused)

// The walk's stack: FRAME slots per open subtree (one per depth), reused across calls.
const FRAME = 11;
const F_PTR = 0; // heap subtree whose children are being read
const F_INDEX = 1; // next child
const F_COUNT = 2; // its child count
const F_STRUCT = 3; // structural (non-extra) children seen
const F_OWNER = 4; // flat index of the visible node these children belong to
const F_OWN = 5; // flat index this frame's node got (-1: a hidden node, flattened into its owner)
const F_FIELD = 6; // field a hidden node passes to its children
const F_BYTES = 7; // position of the next child's padding, in bytes
const F_PRODUCTION = 8; // the subtree's production id (its alias sequence and field map)
const F_VIA = 9; // inside a child whose fields its parent inherits: that parent (-1: none)
const F_VIA_KEY = 10; // and the key of those fields in LanguageLayout.inherited
let frames = new Int32Array(FRAME * 256);

/** Fills frame `depth` for the children of heap subtree `w`, which starts at byte `at`. */
function openFrame(st: Int32Array, depth: number, u16: Uint16Array, u32: Uint32Array, w: number, owner: number, own: number, field: number, at: number, via: number, viaKey: number): void {
  const f = depth * FRAME;
  st[f + F_PTR] = w;
  st[f + F_INDEX] = 0;
  st[f + F_COUNT] = u32[(w + 36) >> 2];
  st[f + F_STRUCT] = 0;
  st[f + F_OWNER] = owner;
  st[f + F_OWN] = own;
  st[f + F_FIELD] = field;
  st[f + F_BYTES] = at;
  st[f + F_PRODUCTION] = u16[(w + 66) >> 1];
  st[f + F_VIA] = via;
  st[f + F_VIA_KEY] = viaKey;
}

/**
 * Where the sizeable subtrees of a flat tree came from: tree-sitter's subtree address -> the
 * node's index. An incremental re-parse reuses the subtrees an edit did not touch (whole
 * statements, the other methods of a class), so the next flat tree copies those from this
 * one instead of walking them again: a keystroke in a 10,000-line file costs a copy, not a
 * walk. Valid only while the tree-sitter tree `previous` was read from is alive: its
 * subtrees cannot have been freed and their addresses reused.
 */
const subtrees = new WeakMap<Tree, Map<number, number>>();
/** Subtrees of at least this many nodes are recorded and copied; smaller ones are cheaper to walk again. */
const REUSED = 32;

/** For a tree that will be re-parsed after edits (an open document): what its reads may reuse. */
export interface Reuse {
  /** The flat tree of the tree `parsed` was re-parsed from, still alive (see `subtrees`). */
  previous?: Tree;
}

/**
 * The flat tree of `parsed`, whose text (as given to the parser) is `text`. Offsets are
 * UTF-16 code units, as web-tree-sitter reports them (it parses UTF-16, so tree-sitter's
 * bytes are twice the code units). `reuse`: given for a document's trees, which record their
 * sizeable subtrees for the next read to copy (a tree parsed once records nothing).
 */
export function flatten(parsed: ParsedTree, text: string, m: WasmMemory, reuse?: Reuse): Tree {
  const language = parsed.language;
  const L = layoutOf(language, m);
  const u8 = m.HEAPU8;
  const u16 = m.HEAPU16;
  const u32 = m.HEAPU32;
  // struct TSTree starts with its root Subtree, a pointer to SubtreeHeapData (wasm32):
  // ref_count, padding {bytes,row,col}, size {bytes,row,col}, lookahead_bytes, error_cost,
  // child_count, symbol u16, parse_state u16, flag bits at 44-45, visible_child_count,
  // named_child_count, visible_descendant_count (56)... production_id u16 at 66.
  const root = u32[(parsed as unknown as { 0: number })[0] >> 2];
  const rq = root >> 2;
  const rootKids = u32[rq + 9];
  // The root's visible descendants, and the root: the node count.
  let a = newArrays((rootKids > 0 ? u32[(root + 56) >> 2] : 0) + 1);
  if (tails.length < a.symbol.length) tails = new Int32Array(a.symbol.length);
  const rootStart = u32[rq + 1];
  a.symbol[0] = u16[(root + 40) >> 1];
  a.start[0] = rootStart >>> 1;
  a.end[0] = (rootStart + u32[rq + 4]) >>> 1;
  a.parent[0] = -1;
  a.next[0] = -1;
  a.after[0] = 1;
  a.childCount[0] = 0;
  a.field[0] = 0;
  a.flags[0] = ((u8[root + 44] >> 1) & 1 ? NAMED : 0) | (u32[rq + 8] > 0 ? HAS_ERROR : 0);
  tails[0] = -1;
  let n = 1;
  let st = frames;
  let depth = 0;
  if (rootKids > 0) openFrame(st, depth++, u16, u32, root, 0, 0, 0, rootStart, -1, 0);

  let symbols = a.symbol;
  let starts = a.start;
  let ends = a.end;
  let parents = a.parent;
  let nexts = a.next;
  let afters = a.after;
  let childCounts = a.childCount;
  let fields = a.field;
  let flags = a.flags;
  const { aliasSequences, maxAliasLength, symbolMetadata, fieldStart, fields: fieldTable, inherited, inherits } = L;
  const links: number[] = [];
  const previous = reuse?.previous;
  const reusable = previous && subtrees.get(previous);
  const tops = reuse ? new Map<number, number>() : undefined;

  while (depth > 0) {
    const f = (depth - 1) * FRAME;
    const i = st[f + F_INDEX];
    const count = st[f + F_COUNT];
    if (i === count) {
      const own = st[f + F_OWN];
      if (own >= 0) afters[own] = n;
      depth--;
      continue;
    }
    st[f + F_INDEX] = i + 1;
    const c = st[f + F_PTR] - (count - i) * 8; // children sit just before the parent's heap data
    const w = u32[c >> 2];
    let symbol: number;
    let visible: number;
    let named: number;
    let extra: number;
    let missing: number;
    let errorCost = 0;
    let padding: number;
    let size: number;
    let kids = 0;
    if (w & 1) {
      // SubtreeInlineData: flag bits, symbol u8, parse_state u16, padding columns u8,
      // padding rows and lookahead (4 bits each), padding bytes u8, size bytes u8.
      const b0 = u8[c];
      visible = (b0 >> 1) & 1;
      named = (b0 >> 2) & 1;
      extra = (b0 >> 3) & 1;
      missing = (b0 >> 5) & 1;
      symbol = u8[c + 1];
      padding = u8[c + 6];
      size = u8[c + 7];
    } else {
      const q = w >> 2;
      padding = u32[q + 1];
      size = u32[q + 4];
      errorCost = u32[q + 8];
      kids = u32[q + 9];
      symbol = u16[(w + 40) >> 1];
      const f0 = u8[w + 44];
      visible = f0 & 1;
      named = (f0 >> 1) & 1;
      extra = (f0 >> 2) & 1;
      missing = (u8[w + 45] >> 1) & 1;
    }
    let alias = 0;
    let field = 0;
    let k = -1;
    const production = st[f + F_PRODUCTION];
    if (!extra) {
      k = st[f + F_STRUCT];
      st[f + F_STRUCT] = k + 1;
      if (production) alias = u16[(aliasSequences + (production * maxAliasLength + k) * 2) >> 1];
      const at = fieldStart[production] + k;
      if (at < fieldStart[production + 1]) field = fieldTable[at];
      if (!field) field = st[f + F_FIELD];
    }
    // The first child's padding is its parent's (already counted in the parent's start).
    const start = i > 0 ? st[f + F_BYTES] + padding : st[f + F_BYTES];
    st[f + F_BYTES] = start + size;

    let owner = st[f + F_OWNER];
    let own = -1;
    if (visible || alias) {
      if (n === symbols.length) {
        a.count = n;
        a = grown(a, n * 2);
        ({ symbol: symbols, start: starts, end: ends, parent: parents, next: nexts, after: afters, childCount: childCounts, field: fields, flags } = a);
        const t = new Int32Array(n * 2);
        t.set(tails);
        tails = t;
      }
      const isNamed = alias ? u8[symbolMetadata + alias * 3 + 1] : named;
      symbols[n] = alias || symbol;
      starts[n] = start >>> 1;
      ends[n] = (start + size) >>> 1;
      parents[n] = owner;
      nexts[n] = -1;
      afters[n] = n + 1;
      childCounts[n] = 0;
      fields[n] = field;
      flags[n] = (isNamed ? NAMED : 0) | (missing ? MISSING : 0) | (extra ? EXTRA : 0) | (missing || errorCost > 0 ? HAS_ERROR : 0);
      tails[n] = -1;
      const prev = tails[owner];
      if (prev >= 0) nexts[prev] = n;
      tails[owner] = n;
      childCounts[owner]++;
      const via = st[f + F_VIA];
      if (via >= 0 && field && inherited.get(st[f + F_VIA_KEY])!.includes(field)) links.push(via, field, n);
      own = n;
      owner = n;
      n++;
    }
    // A parent may take fields from a visible child too (`match` takes `alternative` from its block).
    const key = production * 256 + k;
    const via = own < 0 ? st[f + F_VIA] : k >= 0 && inherits[production] && inherited.has(key) ? st[f + F_OWNER] : -1;
    if (tops && kids > 0 && own >= 0 && via < 0 && u32[(w + 56) >> 2] >= REUSED) {
      // A sizeable subtree: copied from the previous tree when the re-parse reused it.
      tops.set(w, own);
      const was = reusable?.get(w);
      const p = previous?.a;
      if (was !== undefined && p && p.symbol[was] === symbols[own] && p.end[was] - p.start[was] === ends[own] - starts[own]) {
        const from = was + 1;
        const to = p.after[was];
        if (n + (to - from) > symbols.length) {
          a.count = n;
          a = grown(a, Math.max(n * 2, n + (to - from)));
          ({ symbol: symbols, start: starts, end: ends, parent: parents, next: nexts, after: afters, childCount: childCounts, field: fields, flags } = a);
          const t = new Int32Array(symbols.length);
          t.set(tails);
          tails = t;
        }
        const shift = own - was;
        const moved = starts[own] - p.start[was];
        symbols.set(p.symbol.subarray(from, to), n);
        childCounts.set(p.childCount.subarray(from, to), n);
        fields.set(p.field.subarray(from, to), n);
        flags.set(p.flags.subarray(from, to), n);
        // Before the edit nothing moved, and after a typed character only the offsets did: copied whole.
        if (moved === 0) {
          starts.set(p.start.subarray(from, to), n);
          ends.set(p.end.subarray(from, to), n);
        } else {
          for (let i = from, j = n; i < to; i++, j++) {
            starts[j] = p.start[i] + moved;
            ends[j] = p.end[i] + moved;
          }
        }
        if (shift === 0) {
          parents.set(p.parent.subarray(from, to), n);
          nexts.set(p.next.subarray(from, to), n);
          afters.set(p.after.subarray(from, to), n);
        } else {
          for (let i = from, j = n; i < to; i++, j++) {
            parents[j] = p.parent[i] + shift;
            nexts[j] = p.next[i] < 0 ? -1 : p.next[i] + shift;
            afters[j] = p.after[i] + shift;
          }
        }
        const old = p.links;
        if (old) for (let i = 0; i < old.length; i += 3) if (old[i] >= was && old[i] < to) links.push(old[i] + shift, old[i + 1], old[i + 2] + shift);
        childCounts[own] = p.childCount[was];
        n += to - from;
        afters[own] = n;
        continue;
      }
    }
    if (kids > 0) {
      if ((depth + 1) * FRAME > st.length) {
        const bigger = new Int32Array(st.length * 2);
        bigger.set(st);
        st = frames = bigger;
      }
      // A hidden node's field goes to its children that have none of their own.
      openFrame(st, depth++, u16, u32, w, owner, own, own >= 0 || extra ? 0 : field, start, via, own < 0 ? st[f + F_VIA_KEY] : key);
    }
  }
  a.count = n;
  if (links.length) a.links = links;
  const tree = new Tree(text, language, trimmed(a));
  if (tops) subtrees.set(tree, tops);
  return tree;
}

/**
 * Throws unless the flat tree of `parsed` (the parse of `text`) gives web-tree-sitter's own
 * types, ranges, children and fields: run once at start-up, on a sample using every kind of
 * subtree (inline and heap, hidden, aliased, fields inherited through a visible child).
 */
export function checkFlatten(parsed: ParsedTree, text: string, m: WasmMemory): void {
  try {
    const flat = flatten(parsed, text, m);
    const fields = parsed.language.fields.filter((f): f is string => !!f);
    const describe = (n: { type: string; startIndex: number; endIndex: number } | null): string => (n ? `${n.type}@${n.startIndex}-${n.endIndex}` : '-');
    let i = 0;
    const visit = (real: ParsedNode): void => {
      const node = flat.node(i++);
      const want = [describe(real), real.childCount, ...fields.map((f) => describe(real.childForFieldName(f)))].join(' ');
      const got = [describe(node), node.childCount, ...fields.map((f) => describe(node.childForFieldName(f)))].join(' ');
      if (want !== got) throw new Error(`node ${i - 1}: ${got}, expected ${want}`);
      for (const c of real.children) if (c) visit(c);
    };
    visit(parsed.rootNode);
    if (i !== flat.a.count) throw new Error(`${flat.a.count} nodes, expected ${i}`);
  } catch (e) {
    throw new Error(`this web-tree-sitter build's trees cannot be read (engine/flatten.ts follows tree-sitter 0.25's layout): ${(e as Error).message}`);
  } finally {
    parsed.delete();
  }
}
