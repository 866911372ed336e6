// An open document: text, version and tree kept in step with LSP content changes.
// Edits are applied to the text and the old tree (`tree.edit`), then one incremental
// re-parse per batch; a change replacing most of the document falls back to a full parse.
// The first parse waits for the first use of the tree: a document the server does not lint
// (over the size limits) is never parsed.
import { IncrementalLinter } from './incremental';
import type { LintOptions, LintResult } from './linter';
import type { Tree as ParsedTree } from 'web-tree-sitter';
import { flatTree, parseIncremental } from './parser';
import { type Point, type Tree } from '../analysis/tree';
import { LineIndex } from './text';
import { type Range } from '../ruleApi/rule';

export interface ContentChange {
  /** Absent for a full-document replacement. */
  range?: Range;
  text: string;
}

function point(lines: LineIndex, offset: number): Point {
  const p = lines.position(offset);
  return { row: p.line, column: p.character };
}

function validPosition(p: unknown): boolean {
  const q = p as { line?: unknown; character?: unknown } | undefined;
  return !!q && Number.isFinite(q.line) && Number.isFinite(q.character);
}

export class Document {
  private _text: string;
  /** tree-sitter's tree, kept for incremental re-parses; the analysis reads `_tree`, made from it. */
  private _parsed: ParsedTree | undefined;
  private _tree: Tree | undefined;
  private _lines: LineIndex | undefined;
  private disposed = false;
  /** Last lint result for this exact version, with the options it used. */
  private cache: { version: number; key: unknown; result: LintResult } | undefined;
  /** Re-analyses only what edits touched. */
  readonly linter = new IncrementalLinter();
  /** The tree is what a fresh parse of the text gives (see `settledTree`). */
  private fresh = false;

  constructor(
    text: string,
    public version: number,
  ) {
    this._text = text;
  }

  get text(): string {
    return this._text;
  }

  get tree(): Tree {
    if (!this._parsed) {
      if (this.disposed) throw new Error('document is closed');
      this._parsed = parseIncremental(this._text);
      this._tree = undefined;
      this.fresh = true;
      this.linter.reset();
    }
    return (this._tree ??= flatTree(this._parsed, this._text, {}));
  }

  /**
   * The tree a fresh parse gives. tree-sitter's error recovery depends on the subtrees an
   * incremental parse reuses, so on broken code the two can differ; a tree with errors is
   * parsed again before linting (once per version), and where the trees differ is analysed again.
   */
  private settledTree(): Tree {
    const tree = this.tree;
    if (this.fresh || !tree.rootNode.hasError) return tree;
    const fresh = parseIncremental(this._text);
    this.linter.noteChangedRanges(this._parsed!.getChangedRanges(fresh));
    this._parsed!.delete();
    this._parsed = fresh;
    this._tree = flatTree(fresh, this._text, {});
    this.fresh = true;
    return this._tree;
  }

  get lines(): LineIndex {
    return (this._lines ??= new LineIndex(this._text));
  }

  /**
   * Applies LSP content changes in order (each relative to the text the previous one left).
   * Ranges outside the document are clamped, as the LSP spec asks of servers.
   */
  update(changes: readonly ContentChange[], version: number): void {
    if (this.disposed) throw new Error('document is closed');
    // Checked before anything changes: a refused batch leaves text and tree as they were.
    for (const ch of changes) {
      if (typeof ch?.text !== 'string' || (ch.range !== undefined && !(validPosition(ch.range?.start) && validPosition(ch.range?.end)))) {
        throw new Error(`malformed content change: ${JSON.stringify(ch)?.slice(0, 200)}`);
      }
    }
    let text = this._text;
    let lines = this._lines ?? new LineIndex(text);
    const old = this._parsed;
    let incremental = !!old;
    let changed = 0;
    for (const ch of changes) {
      if (!ch.range) {
        text = ch.text;
        lines = new LineIndex(text);
        incremental = false;
        continue;
      }
      let start = lines.offset(ch.range.start);
      let end = lines.offset(ch.range.end);
      if (end < start) [start, end] = [end, start];
      const newEnd = start + ch.text.length;
      const before = lines;
      text = text.slice(0, start) + ch.text + text.slice(end);
      lines = lines.edited(text, start, end, ch.text.length);
      if (incremental && old) {
        // The parser's rows are the LSP lines (it reads a lone CR as a LF): points from the line indexes.
        old.edit({ startIndex: start, oldEndIndex: end, newEndIndex: newEnd, startPosition: point(before, start), oldEndPosition: point(before, end), newEndPosition: point(lines, newEnd) });
        this.linter.noteChange({ start, oldEnd: end, newEnd });
      }
      changed += Math.max(end - start, ch.text.length);
    }
    // A paste of most of the file gains nothing from reuse: parse from scratch.
    if (changed > text.length / 2) incremental = false;
    this.fresh = false;
    const previous = this._tree;
    this._tree = undefined;
    if (old && incremental) {
      this._parsed = parseIncremental(text, old);
      this.linter.noteChangedRanges(old.getChangedRanges(this._parsed));
      // Now, while the old tree is alive: the subtrees the re-parse reused are copied from its flat tree.
      if (previous) this._tree = flatTree(this._parsed, text, { previous });
    } else {
      // Parsed again on first use.
      this._parsed = undefined;
      this.linter.reset();
    }
    old?.delete();
    this._text = text;
    this._lines = lines;
    this.version = version;
    this.cache = undefined;
  }

  /** Lints the current version; repeated calls with the same options reuse the result. */
  lint(opts: LintOptions, key: unknown = opts): LintResult {
    if (this.cache && this.cache.version === this.version && this.cache.key === key) return this.cache.result;
    const result = this.linter.lint(this._text, this.settledTree(), opts);
    this.cache = { version: this.version, key, result };
    return result;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cache = undefined;
    this._parsed?.delete();
    this._parsed = undefined;
    this._tree = undefined;
  }
}
