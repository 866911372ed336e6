// An open document: text, version and tree kept in step with LSP content changes.
// Edits are applied to the text and the old tree (`tree.edit`), then one incremental
// re-parse per batch; a change replacing most of the document falls back to a full parse.
import { lintTree, type LintOptions, type LintResult } from './linter';
import { makeEdit, parse, treeSitterLineStarts, type Tree } from './parser';
import { LineIndex, type Range } from './text';

export interface ContentChange {
  /** Absent for a full-document replacement. */
  range?: Range;
  text: string;
}

export class Document {
  private _text: string;
  private _tree: Tree;
  private _lines: LineIndex | undefined;
  private disposed = false;
  /** Last lint result for this exact version, with the options it used. */
  private cache: { version: number; key: unknown; result: LintResult } | undefined;

  constructor(
    text: string,
    public version: number,
  ) {
    this._text = text;
    this._tree = parse(text);
  }

  get text(): string {
    return this._text;
  }

  get tree(): Tree {
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
    let text = this._text;
    let incremental = true;
    let changed = 0;
    const old = this._tree;
    for (const ch of changes) {
      if (!ch.range) {
        text = ch.text;
        incremental = false;
        continue;
      }
      const lines = text === this._text && this._lines ? this._lines : new LineIndex(text);
      let start = lines.offset(ch.range.start);
      let end = lines.offset(ch.range.end);
      if (end < start) [start, end] = [end, start];
      if (incremental) old.edit(makeEdit(treeSitterLineStarts(text), start, end, ch.text));
      text = text.slice(0, start) + ch.text + text.slice(end);
      changed += Math.max(end - start, ch.text.length);
    }
    // A paste of most of the file gains nothing from reuse: parse from scratch.
    if (changed > text.length / 2) incremental = false;
    this._tree = parse(text, incremental ? old : null);
    old.delete();
    this._text = text;
    this._lines = undefined;
    this.version = version;
    this.cache = undefined;
  }

  /** Lints the current version; repeated calls with the same options reuse the result. */
  lint(opts: LintOptions, key: unknown = opts): LintResult {
    if (this.cache && this.cache.version === this.version && this.cache.key === key) return this.cache.result;
    const result = lintTree(this._text, this._tree, opts);
    this.cache = { version: this.version, key, result };
    return result;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cache = undefined;
    this._tree.delete();
  }
}
