// Notes for the user about one file: it was not read, linted only in part, or not fixed.
// Producers build these records; front ends decide by `kind` (the editor logs a rule's
// failure through its own channel) and print the text `noteText` renders, the same in the
// CLI and the editor's log. Plain data: worker threads send them as they are.

/** Why a file was not read for linting. */
export type SkipReason =
  | { why: 'too-large'; bytes: number; limit: number }
  | { why: 'long-line'; length: number; limit: number }
  | { why: 'binary' }
  /** A named pipe, a socket, a device, a folder: `what` says which. */
  | { why: 'not-regular'; what: string }
  /** `error`: the system's error code (ENOENT, EACCES), else its message. */
  | { why: 'unreadable'; error: string };

export type SkippedNote = { kind: 'skipped'; reason: SkipReason };

export type Note =
  | SkippedNote
  /** The file does not parse; `line` (1-based) holds the first broken node. */
  | { kind: 'syntax-error'; line: number }
  /** Brackets nest deeper than `limit`, which Python rejects: no rule ran. */
  | { kind: 'too-deep'; limit: number }
  /** A rule threw; `path` is the file's, when known. */
  | { kind: 'rule-failed'; code: string; path?: string; message: string }
  /** The rules reported more than `limit` findings (max-findings): none is reported. */
  | { kind: 'finding-limit'; limit: number }
  /** The file was decoded with replacement characters (`reason`: why). */
  | { kind: 'lossy'; reason: string }
  /** `count` fixes of rules `codes` were dropped by fix-all for one `reason`. */
  | { kind: 'fix-rejected'; count: number; codes: string[]; reason: string }
  /** The file's fixes were not written. */
  | { kind: 'not-fixed'; reason: string };

/** Why a file was skipped, as a phrase: `binary file`. */
export function skipReasonText(r: SkipReason): string {
  switch (r.why) {
    case 'too-large':
      return `${r.bytes} bytes is over the ${r.limit}-byte limit (max-file-size)`;
    case 'long-line':
      return `a line of ${r.length} characters is over the ${r.limit}-character limit (max-line-length)`;
    case 'binary':
      return 'binary file';
    case 'not-regular':
      return `not a regular file (${r.what})`;
    case 'unreadable':
      return `cannot read (${r.error})`;
  }
}

/** The note's text, as every output prints it. */
export function noteText(n: Note): string {
  switch (n.kind) {
    case 'skipped':
      return `skipped: ${skipReasonText(n.reason)}`;
    case 'syntax-error':
      return `syntax error at line ${n.line}: Python cannot run this file; findings that would rest on the broken code are not reported`;
    case 'too-deep':
      return `not linted: brackets nest more than ${n.limit} deep, which Python rejects (too many nested parentheses)`;
    case 'rule-failed':
      return `${n.code} failed on ${n.path ?? 'this file'}: ${n.message}`;
    case 'finding-limit':
      return `not reported: the rules reported more than ${n.limit} findings in this file, the limit (max-findings)`;
    case 'lossy':
      return `${n.reason}: linted with replacement characters, never fixed`;
    case 'fix-rejected':
      return `${n.count} fix${n.count === 1 ? '' : 'es'} not applied (${n.codes.join(', ')}): ${n.reason}`;
    case 'not-fixed':
      return `not fixed: ${n.reason}`;
  }
}
