// Notes are records; their text is rendered in one place and printed as it always was
// (the CLI's `note:` lines, the editor's log). Each kind's text is pinned here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noteText, skipReasonText, type Note } from '../../server/src/engine/notes';
import { lintSource } from '../../server/src/engine/linter';
import { ready, REGISTRY } from '../helpers';

const TEXTS: Array<[Note, string]> = [
  [{ kind: 'syntax-error', line: 4 }, 'syntax error at line 4: Python cannot run this file; findings that would rest on the broken code are not reported'],
  [{ kind: 'too-deep', limit: 200 }, 'not linted: brackets nest more than 200 deep, which Python rejects (too many nested parentheses)'],
  [{ kind: 'rule-failed', code: 'FPL991', path: '/w/app.py', message: 'boom' }, 'FPL991 failed on /w/app.py: boom'],
  [{ kind: 'rule-failed', code: 'FPL991', message: 'boom' }, 'FPL991 failed on this file: boom'],
  [{ kind: 'finding-limit', limit: 50 }, 'not reported: the rules reported more than 50 findings in this file, the limit (max-findings)'],
  [{ kind: 'lossy', reason: 'file is not valid UTF-8 and declares no encoding' }, 'file is not valid UTF-8 and declares no encoding: linted with replacement characters, never fixed'],
  [{ kind: 'skipped', reason: { why: 'too-large', bytes: 30, limit: 20 } }, 'skipped: 30 bytes is over the 20-byte limit (max-file-size)'],
  [{ kind: 'skipped', reason: { why: 'long-line', length: 300, limit: 200 } }, 'skipped: a line of 300 characters is over the 200-character limit (max-line-length)'],
  [{ kind: 'skipped', reason: { why: 'binary' } }, 'skipped: binary file'],
  [{ kind: 'skipped', reason: { why: 'not-regular', what: 'a named pipe' } }, 'skipped: not a regular file (a named pipe)'],
  [{ kind: 'skipped', reason: { why: 'unreadable', error: 'EACCES' } }, 'skipped: cannot read (EACCES)'],
  [{ kind: 'fix-rejected', count: 1, codes: ['FPL101'], reason: 'the fixed code would not compile' }, '1 fix not applied (FPL101): the fixed code would not compile'],
  [{ kind: 'fix-rejected', count: 3, codes: ['FPL101', 'FPL102'], reason: 'r' }, '3 fixes not applied (FPL101, FPL102): r'],
  [{ kind: 'not-fixed', reason: 'the file changed on disk while it was being checked' }, 'not fixed: the file changed on disk while it was being checked'],
];

test('each kind of note renders the text every output prints', () => {
  for (const [note, text] of TEXTS) assert.equal(noteText(note), text);
  // The editor's log says why a file is skipped without the `skipped: ` lead.
  assert.equal(skipReasonText({ why: 'binary' }), 'binary file');
});

test('a file that does not parse: a syntax-error record with its first broken line', async () => {
  await ready;
  assert.deepEqual(lintSource('a = 1\nb = 2\ndef f(:\n    pass\n', { rules: REGISTRY }).notes, [{ kind: 'syntax-error', line: 3 }]);
  assert.deepEqual(lintSource('x = 1\n', { rules: REGISTRY }).notes, []);
});
