// The rule API: one way to write a rule. A rule is its metadata (code, id, severity,
// fix kind, docs) and a `check` that asks the semantic model questions and reports.
// A leaf of the layering: it imports the analysis layer's types and nothing of the engine,
// so rules depend on this module and on analysis only (test/architecture.test.ts).
import type { CallGraph } from '../analysis/callGraph';
import type { BlockingEntry } from '../analysis/knowledge/blocking';
import type { FileModel } from '../analysis/model';
import type { Node } from '../analysis/tree';
import type { ProjectVersions } from './versions';

/** A position as LSP counts it: zero-based line, UTF-16 column. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** The options rules read: the part of the configuration that is about rules, not files. */
interface RuleOptions {
  /** User-declared blocking calls (`extend-blocking-calls`), by qualified name. */
  readonly extendBlockingCalls: ReadonlyMap<string, BlockingEntry>;
  /** Count calls that read or write one file's content (`report-file-io`). */
  readonly reportFileIo: boolean;
  /** Count stat-like file-system calls too (`report-light-io`). */
  readonly reportLightIo: boolean;
  /** Highest page size a `limit` parameter may allow (`pagination-max-limit`). */
  readonly paginationMaxLimit: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
type FixKind = 'safe' | 'unsafe' | 'none';
type Applicability = 'safe' | 'unsafe';

interface RuleDocs {
  /** One sentence: what the rule flags. */
  summary: string;
  /** Why it is slow. */
  why: string;
  /** Python code that triggers the rule (checked by a test). */
  example: string;
  /** Python code that does not (checked by a test). */
  useInstead: string;
  /** When the fix is safe, and when it is offered only as a suggestion. */
  fixSafety?: string;
  /** Which FastAPI/Pydantic/Starlette versions the rule applies to, when it matters. */
  versions?: string;
  /** The file name the example lives in, for rules that look at it (`gunicorn.conf.py`); the docs test lints the examples under it. */
  file?: string;
  references?: string[];
}

interface RuleMeta {
  code: string;
  id: string;
  family: 'event-loop' | 'responses' | 'data-access' | 'pydantic' | 'app-setup';
  severity: Severity;
  fix: FixKind;
  /** Rules that are off unless selected (FPL112). */
  defaultEnabled?: boolean;
  /**
   * Codes this rule's findings speak for inside the span they cover (`ReportInput.covers`):
   * one problem, one finding. FPL107 (a route that never awaits) covers the blocking calls
   * of its body; they are reported on their own only when FPL107 is not.
   */
  supersedes?: readonly string[];
  docs: RuleDocs;
}

/** An edit in UTF-16 offsets of the document text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** An import a fix needs: `import module`, or `from module import name`. */
export interface ImportNeed {
  module: string;
  name?: string;
}

/**
 * What a fix changes about the function it edits, so that fix-all never applies together
 * fixes that cannot stand together (a function made sync, and an `await` written into it).
 */
export interface FixEffect {
  /** Start of the function: its `async` or `def` keyword. */
  fn: number;
  /** The fix makes the function sync or async. */
  makes?: 'sync' | 'async';
  /** The fix writes code that needs the function to stay so (`await` needs it async). */
  needs?: 'async' | 'sync';
}

export interface Fix {
  title: string;
  applicability: Applicability;
  edits: TextEdit[];
  imports?: ImportNeed[];
  /** The import edits (imports it needs, imports it leaves unused removed) against the document the finding came from (set by the linter). */
  importEdits?: TextEdit[];
  /** The fix is safe when this holds for the workspace, unsafe otherwise (decided with the `when` conditions). */
  safeWhen?: Condition;
  effect?: FixEffect;
}

export interface RelatedInfo {
  message: string;
  /** Absolute path of another file; absent for the same file. */
  file?: string;
  /** Same-file offsets. */
  start?: number;
  end?: number;
  /** Position in another file. */
  range?: Range;
}

/**
 * A fact about the whole workspace a finding depends on, decided once every module is summarised.
 * `unreferenced`: no function of the workspace calls the function or stores it in a name (CallGraph.referenced).
 * `serving`: the function may serve requests: code other than tests, scripts and CLIs reaches it (CallGraph.isOffline).
 */
export type Condition =
  | { kind: 'perRequest'; fn: string }
  | { kind: 'serving'; fn: string }
  | { kind: 'dependency'; fn: string }
  | { kind: 'unreferenced'; fn: string }
  | { kind: 'all'; of: Condition[] }
  | { kind: 'any'; of: Condition[] }
  | { kind: 'not'; of: Condition };

/**
 * Written in a message whose finding holds when a function runs on every request (a
 * `perRequest` condition): once the workspace is known, the engine puts how it runs so in
 * its place: "as a dependency", "through route `list_items` (app.api.items)".
 */
export const PER_REQUEST_ENTRY = '{per-request entry}';

export interface ReportInput {
  node?: Node;
  start?: number;
  end?: number;
  message: string;
  /** What the message leaves out (versions, resolved names, longer advice), Markdown, shown in the hover (ruleApi/message.ts). */
  detail?: string;
  fix?: Omit<Fix, 'applicability'> & { applicability?: Applicability };
  related?: RelatedInfo[];
  /** Report only if this holds for the workspace. */
  when?: Condition;
  /** This finding's default severity when it differs from the rule's (version-dependent rules); a configured severity still wins. */
  severity?: Severity;
  /** The span this finding speaks for: findings of the codes the rule supersedes inside it are dropped. */
  covers?: { start: number; end: number };
}

export interface Finding {
  code: string;
  id: string;
  message: string;
  detail?: string;
  severity: Severity;
  start: number;
  end: number;
  fix?: Fix;
  related?: RelatedInfo[];
  when?: Condition;
  /** Findings of these codes inside this span are dropped: this one speaks for them. */
  covers?: { start: number; end: number; codes: readonly string[] };
  /** Set by the engine: the Ruff rule (`ASYNC251`) that flags the same call. */
  ruff?: string;
}

export interface RuleContext {
  readonly model: FileModel;
  readonly graph: CallGraph;
  readonly config: RuleOptions;
  readonly versions: ProjectVersions;
  /** Absolute path of the file, when it has one. */
  readonly path?: string;
  report(input: ReportInput): void;
  /**
   * How to write the library name `qname` at `offset` in this file: reuses an existing
   * import (`aio.sleep` after `import asyncio as aio`) or asks for one. Null when the
   * name it would need is shadowed there.
   */
  reference(qname: string, offset: number): { text: string; imports: ImportNeed[] } | null;
  /**
   * Where a range of a workspace module is, for `related`: offsets when it is this file,
   * file and range when it is another indexed file; undefined when it cannot be placed.
   */
  locate(module: string, start: number, end: number): Pick<RelatedInfo, 'file' | 'start' | 'end' | 'range'> | undefined;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
