// web-tree-sitter set-up: one parser per thread, initialised once.
// Strings are handed to tree-sitter as UTF-16, so every index and column it
// reports is in UTF-16 code units: the same unit as JavaScript strings and LSP.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, Tree, Node, Edit, Point } from 'web-tree-sitter';

export type { Edit };

export type { Tree, Node, Point, Language };

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

export function initParser(): Promise<void> {
  if (!initPromise) {
    initPromise = (async () => {
      const runtime = locate('tree-sitter.wasm', 'web-tree-sitter');
      await Parser.init({ locateFile: () => runtime });
      language = await Language.load(locate('tree-sitter-python.wasm', 'tree-sitter-python'));
      parser = new Parser();
      parser.setLanguage(language);
    })();
  }
  return initPromise;
}

export function getLanguage(): Language {
  if (!language) throw new Error('parser not initialised: await initParser() first');
  return language;
}

/** Full parse, or incremental when `oldTree` was already edited to match `text`. */
export function parse(text: string, oldTree?: Tree | null): Tree {
  if (!parser) throw new Error('parser not initialised: await initParser() first');
  const tree = parser.parse(text, oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Point (row, UTF-16 column) of an offset, given the line starts of the text. */
export function pointAt(lineStarts: readonly number[], offset: number): Point {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { row: lo, column: offset - lineStarts[lo] };
}

/** Line starts as tree-sitter counts rows: only '\n' ends a line. */
export function treeSitterLineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** The tree-sitter edit for replacing [start, oldEnd) of `oldText` by `newText`. */
export function makeEdit(oldLineStarts: readonly number[], start: number, oldEnd: number, newText: string): Edit {
  const startPosition = pointAt(oldLineStarts, start);
  const oldEndPosition = pointAt(oldLineStarts, oldEnd);
  let row = startPosition.row;
  let column = startPosition.column;
  for (let i = 0; i < newText.length; i++) {
    if (newText.charCodeAt(i) === 10) {
      row++;
      column = 0;
    } else column++;
  }
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: start + newText.length,
    startPosition,
    oldEndPosition,
    newEndPosition: { row, column },
  };
}
