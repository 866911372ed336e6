// fastapi-perf-lint command line: `check [PATH...]`, `rules`, `explain CODE`.
// Exit codes: 0 no findings (or --exit-zero), 1 findings, 2 usage, configuration or internal error.
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { RULES, RULES_BY_CODE } from '../../../rules/index';
import { mergeConfig, type ConfigInput } from '../engine/config';
import { initParser } from '../engine/parser';
import { lintProject } from '../engine/project';
import { formatJson } from './json';
import { locate } from './report';
import { formatText } from './text';

class UsageError extends Error {}

const HELP = `fastapi-perf-lint: a performance linter for FastAPI code

Usage:
  fastapi-perf-lint check [PATH...] [options]
  fastapi-perf-lint rules
  fastapi-perf-lint explain CODE

Options for check:
  --format text|concise|json   output format (default: text)
  --select CODES               rules or prefixes to run, comma-separated (default: FPL)
  --ignore CODES               rules or prefixes to skip
  --extend-select CODES        add to the selection (off-by-default rules such as FPL112)
  --exit-zero                  exit 0 even when there are findings
  --quiet                      print findings only, no summary
  --workers N                  worker threads (default: the number of cores)
  -h, --help                   show this help
`;

function codes(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const c of list) if (!/^(ALL|[A-Z]+[0-9]*)$/.test(c)) throw new UsageError(`invalid rule selector: ${c}`);
  return list;
}

async function check(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      select: { type: 'string' },
      ignore: { type: 'string' },
      'extend-select': { type: 'string' },
      'exit-zero': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      workers: { type: 'string' },
      'no-prefilter': { type: 'boolean', default: false },
    },
  });
  const workers = values.workers === undefined ? os.availableParallelism() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers needs a positive integer, got ${values.workers}`);
  const format = values.format!;
  if (!['text', 'concise', 'json'].includes(format)) throw new UsageError(`unknown format: ${format} (text, concise, json)`);
  const cli: ConfigInput = { select: codes(values.select), ignore: codes(values.ignore), extendSelect: codes(values['extend-select']) };
  const config = mergeConfig(cli);
  await initParser();
  const cwd = process.cwd();
  const warnings: string[] = [];
  const result = await lintProject({ paths: positionals.length ? positionals : ['.'], root: cwd, config, workers, prefilter: !values['no-prefilter'], onWarning: (w) => warnings.push(w) });
  const checked = result.files.length + result.prefiltered;
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  const items = locate(result.files);
  const rel = (p: string) => path.relative(cwd, p) || p;
  if (format === 'json') process.stdout.write(formatJson(items) + '\n');
  else {
    const text = formatText(items, { color: !!process.stdout.isTTY && !process.env.NO_COLOR, concise: format === 'concise', cwdRel: rel });
    if (text) process.stdout.write(text + (text.endsWith('\n') ? '' : '\n'));
    if (!values.quiet) {
      for (const f of result.files) for (const n of [...f.notes, ...(f.skipped ? [f.skipped] : [])]) process.stderr.write(`note: ${rel(f.path)}: ${n}\n`);
      const fixable = items.filter((i) => i.finding.fix?.applicability === 'safe').length;
      if (items.length === 0) process.stdout.write(`All checks passed! (${checked} files)\n`);
      else process.stdout.write(`Found ${items.length} error${items.length === 1 ? '' : 's'} in ${checked} files.${fixable ? `\n[*] ${fixable} fixable with the \`--fix\` option.` : ''}\n`);
    }
  }
  return items.length > 0 && !values['exit-zero'] ? 1 : 0;
}

function rulesCommand(): number {
  const rows = RULES.map((r) => [r.meta.code, r.meta.id, r.meta.severity + (r.meta.defaultEnabled === false ? ' (off)' : ''), r.meta.fix]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), 4));
  for (const r of rows) process.stdout.write(`${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}\n`);
  return 0;
}

function explain(code: string | undefined): number {
  if (!code) throw new UsageError('explain needs a rule code, e.g. `fastapi-perf-lint explain FPL101`');
  const rule = RULES_BY_CODE.get(code.toUpperCase()) ?? RULES.find((r) => r.meta.id === code);
  if (!rule) throw new UsageError(`unknown rule: ${code}`);
  const d = rule.meta.docs;
  const out = [
    `# ${rule.meta.code} ${rule.meta.id}`,
    '',
    d.summary,
    '',
    `Severity: ${rule.meta.severity}. Fix: ${rule.meta.fix}.${d.versions ? ` Versions: ${d.versions}` : ''}`,
    '',
    '## Why is this slow?',
    d.why,
    '',
    '## Example',
    '```python',
    d.example,
    '```',
    '',
    '## Use instead',
    '```python',
    d.useInstead,
    '```',
  ];
  if (d.fixSafety) out.push('', '## Fix safety', d.fixSafety);
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest);
      case 'rules':
        return rulesCommand();
      case 'explain':
        return explain(rest[0]);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      default:
        // `fastapi-perf-lint path/` is `check path/`, as with Ruff's old default.
        return await check(argv);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException)?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`error: internal error: ${(e as Error)?.stack ?? e}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`error: ${e}\n`);
      process.exitCode = 2;
    },
  );
}
