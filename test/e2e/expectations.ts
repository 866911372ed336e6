// What the editors must show, taken from the CLI (the same engine, a different front end)
// on scratch copies of examples/: each file's findings, the text after the FPL101 quick fix
// and after "fix all safe problems". The editors' workspace is examples/ while the CLI runs
// in each project folder, so messages name version sources the way the server does
// (relative to the project root).
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { runOk } from './proc';
import { plainText } from '../../server/src/ruleApi/message';

export const EXAMPLES_FILE = 'shop-api/app/routers/items.py';
/** A file the UI never opens: its findings reach the Problems panel through the scan. */
export const UNOPENED_FILE = 'shop-api/app/routers/reports.py';
/** A file whose safe fixes the fix-all check applies. */
const FIX_ALL_FILE = 'shop-api/app/routers/reports.py';

export interface ExpectedFinding {
  code: string;
  /** 1-based, as the CLI reports and editors show. */
  line: number;
  column: number;
  message: string;
  fixTitle?: string;
  fixApplicability?: string;
}

export interface Expectations {
  /** Findings per file, by path relative to examples/ (POSIX separators). */
  files: Record<string, ExpectedFinding[]>;
  pythonFiles: number;
  /** items.py after the FPL101 quick fix. */
  fpl101: { file: string; finding: ExpectedFinding; fixedText: string };
  /** reports.py after every safe fix. */
  fixAll: { file: string; fixedText: string };
}

interface CliFinding {
  code: string;
  filename: string;
  message: string;
  location: { row: number; column: number };
  fix: { applicability: string; message: string } | null;
}

function countPython(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) n += countPython(p);
    else if (e.endsWith('.py')) n++;
  }
  return n;
}

async function cli(cwd: string, args: string[], cliJs: string, logFile: string): Promise<string> {
  return (await runOk(process.execPath, [cliJs, 'check', ...args, '--exit-zero', '--no-progress'], { cwd, timeoutMs: 120000, logFile })).stdout;
}

/** Runs the CLI on copies of `examples` under `scratch`. */
export async function computeExpectations(examples: string, scratch: string, cliJs: string, logFile: string): Promise<Expectations> {
  const base = path.join(scratch, 'lint');
  cpSync(examples, base, { recursive: true });
  const files: Record<string, ExpectedFinding[]> = {};
  for (const project of readdirSync(base).filter((e) => statSync(path.join(base, e)).isDirectory())) {
    const cwd = path.join(base, project);
    const found = JSON.parse(await cli(cwd, ['.', '--format', 'json'], cliJs, logFile)) as CliFinding[];
    for (const f of found) {
      const rel = path.relative(base, path.resolve(cwd, f.filename)).split(path.sep).join('/');
      (files[rel] ??= []).push({
        code: f.code,
        line: f.location.row,
        column: f.location.column,
        // As the editors show them: plain text, without the CLI's Markdown code marks.
        message: plainText(f.message),
        ...(f.fix ? { fixTitle: plainText(f.fix.message), fixApplicability: f.fix.applicability } : {}),
      });
    }
  }
  const finding = files[EXAMPLES_FILE]?.find((f) => f.code === 'FPL101');
  if (!finding?.fixTitle) throw new Error(`the CLI reports no fixable FPL101 in examples/${EXAMPLES_FILE}: the suites need one`);
  if (!files[UNOPENED_FILE]?.length) throw new Error(`the CLI reports nothing in examples/${UNOPENED_FILE}: the suites need findings there`);

  const fixed = async (name: string, file: string, extra: string[]): Promise<string> => {
    const dir = path.join(scratch, name);
    cpSync(examples, dir, { recursive: true });
    // The whole project, as the server sees it: `check FILE` alone would not index the
    // modules FILE's findings depend on.
    await cli(path.join(dir, file.split('/')[0]), ['.', '--fix', ...extra], cliJs, logFile);
    const text = readFileSync(path.join(dir, file), 'utf8');
    if (text === readFileSync(path.join(examples, file), 'utf8')) throw new Error(`the CLI's --fix ${extra.join(' ')} changed nothing in ${file}`);
    return text;
  };
  return {
    files,
    pythonFiles: countPython(examples),
    fpl101: { file: EXAMPLES_FILE, finding, fixedText: await fixed('fix-fpl101', EXAMPLES_FILE, ['--select', 'FPL101']) },
    fixAll: { file: FIX_ALL_FILE, fixedText: await fixed('fix-all', FIX_ALL_FILE, []) },
  };
}
