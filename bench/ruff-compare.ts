// `npm run compare:ruff [-- --corpus fixtures|stdlib|all] [--list]`: which lines our direct
// blocking-call rules (FPL101-FPL106) flag and which Ruff's blocking-call rules (ASYNC2xx,
// through its WebAssembly build) flag, file by file on the same texts. Prints the counts,
// and with --list every line only one side flags, so the difference can be read, not
// trusted. FPL108 (blocking behind a helper) has no Ruff counterpart and is counted apart.
import { parseArgs } from 'node:util';
import { mergeConfig } from '../server/src/engine/config';
import { lintSource } from '../server/src/engine/linter';
import { initParser } from '../server/src/engine/parser';
import { LineIndex } from '../server/src/engine/text';
import { corpus, optionsFor, readText } from '../test/robustness/corpus';

const OURS = ['FPL101', 'FPL102', 'FPL103', 'FPL104', 'FPL105', 'FPL106'];
// Ruff's rules for blocking calls in async functions (the ASYNC1xx rules are about
// timeouts, cancel scopes and checkpoints, which FPL does not cover).
const RUFF = /^ASYNC2\d\d$/;

interface RuffDiagnostic {
  code: string | null;
  start_location: { row: number };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { corpus: { type: 'string', default: 'fixtures' }, list: { type: 'boolean', default: false } } });
  await initParser();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Workspace, PositionEncoding } = require('@astral-sh/ruff-wasm-nodejs');
  const ruff = new Workspace({ lint: { select: ['ASYNC'] } }, PositionEncoding.Utf16);
  const config = mergeConfig({ select: [...OURS, 'FPL108'] });
  let shared = 0;
  let oursOnly = 0;
  let ruffOnly = 0;
  let transitive = 0;
  const listing: string[] = [];
  const files = corpus(values.corpus as 'all' | 'stdlib' | 'fixtures');
  for (const file of files) {
    const text = readText(file);
    if (file.name.endsWith('.fixed.py') || !/\basync\b/.test(text)) continue;
    let ruffLines: Map<number, string>;
    try {
      ruffLines = new Map((ruff.check(text) as RuffDiagnostic[]).filter((d) => d.code && RUFF.test(d.code)).map((d) => [d.start_location.row, d.code!]));
    } catch {
      continue; // Ruff rejects a few files (syntax it does not accept)
    }
    const lines = new LineIndex(text);
    const ourLines = new Map<number, string>();
    for (const f of lintSource(text, { ...optionsFor(file, text), config }).findings) {
      const row = lines.position(f.start).line + 1;
      if (f.code === 'FPL108') transitive++;
      else ourLines.set(row, f.code);
    }
    const source = text.split(/\r\n|\r|\n/);
    for (const [row, code] of ourLines) {
      if (ruffLines.has(row)) shared++;
      else {
        oursOnly++;
        listing.push(`ours only  ${code}  ${file.name}:${row}: ${source[row - 1].trim()}`);
      }
    }
    for (const [row, code] of ruffLines) {
      if (ourLines.has(row)) continue;
      ruffOnly++;
      listing.push(`Ruff only  ${code}  ${file.name}:${row}: ${source[row - 1].trim()}`);
    }
  }
  if (values.list) process.stdout.write(listing.sort().join('\n') + '\n\n');
  process.stdout.write(
    `${files.length} files (${values.corpus}); lines flagged by FPL101-FPL106 and by Ruff ASYNC2xx:\n` +
      `  both:      ${shared}\n  ours only: ${oursOnly}\n  Ruff only: ${ruffOnly}\n` +
      `FPL108 findings (blocking behind a helper; Ruff has no such rule): ${transitive}\n`,
  );
}

void main();
