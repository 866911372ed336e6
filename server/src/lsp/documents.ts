// Open documents: the engine's Document (text + tree kept in step with incremental
// changes) plus what the server tracks about each: its path, the last lint outcome and
// the pending debounce.
import type { Diagnostic } from 'vscode-languageserver/node';
import { Document, type ContentChange } from '../engine/document';
import type { LintOptions, LintResult } from '../engine/linter';
import type { Effective } from './configuration';
import { uriToPath } from './uri';

export interface LintOutcome {
  version: number;
  token: object;
  /** Null when the document is not linted (disabled, excluded, over the size limits). */
  result: LintResult | null;
  /** The options the result was computed with (fix-all re-lints with them). */
  options: LintOptions | null;
  effective: Effective;
  diagnostics: Diagnostic[];
  /** Changes whenever the diagnostics do (pull diagnostics' resultId). */
  resultId: string;
}

export class OpenDocument {
  readonly path: string | undefined;
  /** Replaced to make the next lint of the same version recompute (settings or workspace changed). */
  token: object = {};
  last: LintOutcome | undefined;
  timer: NodeJS.Timeout | undefined;
  closed = false;
  /** resultId of the last publishDiagnostics for this document. */
  publishedId: string | undefined;
  publishedVersion: number | undefined;
  /** The version last opened or saved (`run: onSave` lints only that one). */
  savedVersion: number;

  constructor(
    readonly uri: string,
    readonly doc: Document,
  ) {
    this.path = uriToPath(uri);
    this.savedVersion = doc.version;
  }

  get version(): number {
    return this.doc.version;
  }

  invalidate(): void {
    this.token = {};
  }

  /** Runs `fn` after `delay` ms unless rescheduled first (push clients). */
  debounce(delay: number, fn: () => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      fn();
    }, delay);
  }

  /** Drops a pending debounced run (its version is superseded, and the next one is asked for). */
  cancelPending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.last = undefined;
    this.doc.dispose();
  }
}

export class OpenDocuments {
  private byUri = new Map<string, OpenDocument>();
  private byPath = new Map<string, OpenDocument>();

  open(uri: string, text: string, version: number): OpenDocument {
    this.close(uri);
    const d = new OpenDocument(uri, new Document(text, version));
    this.byUri.set(uri, d);
    if (d.path) this.byPath.set(d.path, d);
    return d;
  }

  change(uri: string, changes: readonly ContentChange[], version: number): OpenDocument | undefined {
    const d = this.byUri.get(uri);
    if (!d) return undefined;
    d.doc.update(changes, version);
    return d;
  }

  close(uri: string): OpenDocument | undefined {
    const d = this.byUri.get(uri);
    if (!d) return undefined;
    this.byUri.delete(uri);
    if (d.path && this.byPath.get(d.path) === d) this.byPath.delete(d.path);
    d.dispose();
    return d;
  }

  get(uri: string): OpenDocument | undefined {
    return this.byUri.get(uri);
  }

  atPath(file: string): OpenDocument | undefined {
    return this.byPath.get(file);
  }

  all(): IterableIterator<OpenDocument> {
    return this.byUri.values();
  }
}
