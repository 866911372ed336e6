// web-tree-sitter set-up: one parser per thread, initialised once.
// Strings are handed to tree-sitter as UTF-16, so every index and column it
// reports is in UTF-16 code units: the same unit as JavaScript strings and LSP.
// Never call Node.toString on a tree of unknown depth: it recurses inside WebAssembly and,
// a thousand levels down, overflows its stack into the heap (a crash later, elsewhere).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree as ParsedTree } from 'web-tree-sitter';
import type { Tree } from '../analysis/tree';
import { checkFlatten, flatten, type Reuse, type WasmMemory } from './flatten';


let language: Language | undefined;
let parser: Parser | undefined;
let initPromise: Promise<void> | undefined;

/** Where the .wasm files live: next to the bundle in dist/, or in node_modules when run from source. */
function locate(file: string, pkg: string): string {
  const candidates = [
    path.join(__dirname, file),
    path.join(__dirname, '..', file),
    path.join(__dirname, '..', 'grammars', file),
  ];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  return require.resolve(`${pkg}/${file}`);
}

// Emscripten fills this object in as the runtime's Module: its HEAPU8 is the WebAssembly memory.
const moduleOptions: { locateFile?: () => string } & Partial<WasmMemory> = {};

/** Bytes of WebAssembly memory the parser runtime holds (it grows, never shrinks); 0 before init. */
export function wasmMemoryBytes(): number {
  return moduleOptions.HEAPU8?.length ?? 0;
}

export function initParser(): Promise<void> {
  if (!initPromise) {
    initPromise = (async () => {
      const runtime = locate('tree-sitter.wasm', 'web-tree-sitter');
      moduleOptions.locateFile = () => runtime;
      await Parser.init(moduleOptions as never);
      language = await Language.load(locate('tree-sitter-python.wasm', 'tree-sitter-python'));
      parser = new Parser();
      parser.setLanguage(language);
      checkFlatten(parser.parse(SAMPLE)!, SAMPLE, moduleOptions as WasmMemory);
    })();
  }
  return initPromise;
}

// Read both ways at start-up: a web-tree-sitter whose memory layout moved fails here, clearly.
const SAMPLE = '@app.get("/")\nasync def f(a: int = 1, *b, **c) -> None:\n    x = [await g(i)[0] for i in b if i]\n    match x:\n        case [1, *_]:\n            return {"é😀": a.b}\n';

/** Python reads a lone CR as a line break and tree-sitter-python does not: the parser is given each lone CR as a LF (same length, so every offset holds, and its rows are then the LSP lines). */
function parserInput(text: string): string {
  if (!text.includes('\r')) return text;
  // The parse and the read of its tree both ask: the same text is rewritten once.
  if (lastInput.text !== text) lastInput = { text, input: text.replace(/\r(?!\n)/g, '\n') };
  return lastInput.input;
}
let lastInput = { text: '', input: '' };

/**
 * web-tree-sitter's own tree, for a document that is edited and re-parsed incrementally
 * (`oldTree` already edited to match `text`); the caller deletes it. The analysis reads the
 * flat tree `flatTree` makes of it.
 */
export function parseIncremental(text: string, oldTree?: ParsedTree | null): ParsedTree {
  if (!parser) throw new Error('parser not initialised: await initParser() first');
  const tree = parser.parse(parserInput(text), oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/**
 * The flat tree of a parsed text (`text`: what was parsed). `reuse`: given for a document's
 * trees, re-parsed after edits; its `previous` is the flat tree of the tree `parsed` was
 * re-parsed from, while that one is still alive (the subtrees the re-parse reused are copied).
 */
export function flatTree(parsed: ParsedTree, text: string, reuse?: Reuse): Tree {
  return flatten(parsed, parserInput(text), moduleOptions as WasmMemory, reuse);
}

/** Parses `text` into the flat tree the analysis reads (tree-sitter's own is freed at once). */
export function parse(text: string): Tree {
  const parsed = parseIncremental(text);
  try {
    return flatTree(parsed, text);
  } finally {
    parsed.delete();
  }
}

/** Parses `text` and hands the tree to `use`. */
export function withTree<T>(text: string, use: (tree: Tree) => T): T {
  return use(parse(text));
}
