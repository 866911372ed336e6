// fastapi-perf-lint command line: `check [PATH...]`, `rules`, `explain CODE`.
// Exit codes: 0 no findings (or --exit-zero), 1 findings, 2 usage, configuration or internal error.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import pkg from '../../../package.json';
import { RULES } from '../../../rules/index';
import { distance, RUFF_OVERLAP_MODES, type ConfigInput, type RuffOverlapMode } from '../engine/config';
import { codesLeftToRuff, RuffConfigs } from '../engine/ruffConfig';
import type { Rule } from '../ruleApi/rule';
import { docsUrl } from '../engine/docs';
import { ruleReadme } from '../engine/ruleDocs';
import { displayName } from '../engine/fileNames';
import { initParser } from '../engine/parser';
import { noteText, type Note } from '../engine/notes';
import { lintProject, type FileResult, type ProjectResult } from '../engine/project';
import { CACHE_FOLDER, LintCache, toolFingerprint } from '../engine/cache';
import { ruleRegistry, type RuleRegistry } from '../engine/registry';
import { ModuleNamer } from '../engine/modules';
import { ConfigError, ConfigResolver, type FileConfig } from './configs';
import { applicable, fixFile, writeFixed } from './fix';
import { formatGithub } from './github';
import { fileVersions, VersionResolver } from '../engine/versions';
import type { ProjectVersions } from '../ruleApi/versions';
import { formatJson } from './json';
import { Progress } from './progress';
import { locate, type Located } from './report';
import { formatSarif } from './sarif';
import { formatStatistics, formatStatisticsJson } from './statistics';
import { formatText } from './text';

class UsageError extends Error {}

const FORMATS = ['text', 'concise', 'json', 'sarif', 'github'];

const COMMANDS = ['check', 'rules', 'explain', 'help'];

const HELP = `fastapi-perf-lint ${pkg.version}: a performance linter for FastAPI code

Usage:
  fastapi-perf-lint check [PATH...] [options]
  fastapi-perf-lint rules
  fastapi-perf-lint explain CODE

The command comes first, as with Ruff: \`fastapi-perf-lint app/\` is an error (use \`check app/\`).

Options for check:
  --format FORMAT        text (default), concise, json, sarif or github
  --fix                  apply the safe fixes, then report what remains
  --unsafe-fixes         with --fix or --diff, apply the unsafe fixes too
  --diff                 print the fixes as a unified diff instead of writing them
  --select CODES         rules or prefixes to run, comma-separated (replaces the configured selection)
  --ignore CODES         rules or prefixes to skip (on top of the configuration)
  --extend-select CODES  rules or prefixes to add (off-by-default rules such as FPL112)
  --statistics           one line per rule with its number of findings
  --config PATH          use this configuration file (pyproject.toml or fastapi-perf-lint.toml)
                         instead of the nearest one for each file
  --ruff-overlap MODE    findings Ruff makes too (the same blocking call): report (default),
                         defer (leave them to Ruff where its configuration enables the rule),
                         or auto (defer when the project uses Ruff: its configuration, a
                         dependency, a pre-commit hook)
  --exit-zero            exit 0 even when there are findings
  --workers N            worker threads (default: one per core but one, up to 8; none on 2 cores)
  --no-progress          no progress bar (it is only shown on a terminal anyway)
  --no-cache             lint every file: neither read nor write the cache
  --cache-dir DIR        the cache's folder (default: .fastapi-perf-lint-cache at the project root;
                         also the \`cache-dir\` setting)
  -q, --quiet            print findings only: no summary, notes or warnings
  -h, --help             show this help
  --version              show the version

Exit codes: 0 no findings, 1 findings, 2 usage, configuration or internal error.
`;

function selectors(list: string[] | undefined, flag: string, registry: RuleRegistry): string[] | undefined {
  if (!list) return undefined;
  const out = list.flatMap((v) => v.split(',')).map((s) => s.trim().toUpperCase()).filter(Boolean);
  for (const c of out) {
    if (!/^(ALL|[A-Z]+[0-9]*)$/.test(c)) throw new UsageError(`invalid rule selector for ${flag}: ${c}`);
    if (c !== 'ALL' && !registry.rules.some((r) => r.meta.code.startsWith(c))) throw new UsageError(`${flag} ${c}: no rule has this code or prefix (see \`fastapi-perf-lint rules\`)`);
  }
  return out;
}

/** The folder the given paths share (the configuration for the run as a whole is read from there). */
function commonFolder(paths: readonly string[]): string {
  const dirs = paths.map((p) => {
    const abs = path.resolve(p);
    try {
      return fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    } catch {
      return path.dirname(abs);
    }
  });
  let common = dirs[0].split(path.sep);
  for (const d of dirs.slice(1)) {
    const parts = d.split(path.sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(path.sep) || path.sep;
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

/**
 * Worker threads by default: one per core but one (the main thread reads files and joins
 * results), at most 8. On 2 cores threads cost more than they win: each worker compiles the
 * engine and the parser afresh, and the stdlib and the FastAPI corpus lint slower with 2
 * workers than in one thread (bench/README).
 */
export function defaultWorkers(cores: number): number {
  return cores <= 2 ? 1 : Math.min(cores - 1, 8);
}

/** What `check` was asked to do. */
interface CheckArgs {
  paths: string[];
  format: string;
  flags: ConfigInput;
  configFile?: string;
  fix: boolean;
  unsafe: boolean;
  diff: boolean;
  statistics: boolean;
  exitZero: boolean;
  quiet: boolean;
  workers: number;
  noProgress: boolean;
  prefilter: boolean;
  cache: boolean;
  cacheDir?: string;
}

/** Parses and checks the arguments of `check` (undefined: `--help` was printed). */
function parseCheckArgs(argv: string[], registry: RuleRegistry, cwd: string): CheckArgs | undefined {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      select: { type: 'string', multiple: true },
      ignore: { type: 'string', multiple: true },
      'extend-select': { type: 'string', multiple: true },
      fix: { type: 'boolean', default: false },
      'unsafe-fixes': { type: 'boolean', default: false },
      diff: { type: 'boolean', default: false },
      statistics: { type: 'boolean', default: false },
      config: { type: 'string' },
      'ruff-overlap': { type: 'string' },
      'exit-zero': { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
      workers: { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      'no-prefilter': { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      'cache-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return undefined;
  }
  const workers = values.workers === undefined ? defaultWorkers(os.availableParallelism()) : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers needs a positive integer, got ${values.workers}`);
  const format = values.format!;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format: ${format} (${FORMATS.join(', ')})`);
  const overlap = values['ruff-overlap'];
  if (overlap !== undefined && !RUFF_OVERLAP_MODES.includes(overlap as RuffOverlapMode)) throw new UsageError(`--ruff-overlap needs one of ${RUFF_OVERLAP_MODES.join(', ')}, got ${overlap}`);
  const flags: ConfigInput = {
    select: selectors(values.select, '--select', registry),
    ignore: selectors(values.ignore, '--ignore', registry),
    extendSelect: selectors(values['extend-select'], '--extend-select', registry),
    ruffOverlap: overlap as RuffOverlapMode | undefined,
  };
  const paths = positionals.length ? positionals : ['.'];
  if (values.config && !fs.existsSync(path.resolve(cwd, values.config))) throw new UsageError(`--config ${values.config}: no such file`);
  for (const p of paths) if (!fs.existsSync(path.resolve(cwd, p))) throw new UsageError(`${p}: no such file or directory`);
  return {
    paths,
    format,
    flags,
    configFile: values.config,
    fix: values.fix!,
    unsafe: values['unsafe-fixes']!,
    diff: values.diff!,
    statistics: values.statistics!,
    exitZero: values['exit-zero']!,
    quiet: values.quiet!,
    workers,
    noProgress: values['no-progress']!,
    prefilter: !values['no-prefilter'],
    cache: !values['no-cache'],
    cacheDir: values['cache-dir'] && path.resolve(cwd, values['cache-dir']),
  };
}

/** Each file's configuration (the nearest project file, or `--config`, under the flags), and the one for the run as a whole. */
function resolveConfigs(args: CheckArgs, cwd: string, registry: RuleRegistry): { configs: ConfigResolver; project: FileConfig } {
  const configs = new ConfigResolver(args.flags, cwd, registry.codes, args.configFile);
  return { configs, project: configs.forFolder(commonFolder(args.paths)) };
}

/**
 * The Ruff codes whose findings each file leaves to Ruff (`--ruff-overlap`, `ruff-overlap`;
 * `report` by default): Ruff's configuration for the file, and with `auto` whether the
 * project uses Ruff (a configuration applies, or Ruff is a dependency or a pre-commit hook).
 */
function ruffOverlap(configs: ConfigResolver, versionsFor: (file: string) => ProjectVersions, warnings: string[]): (file: string) => ReadonlySet<string> | undefined {
  const ruff = new RuffConfigs();
  const told = new Set<string>();
  return (file) => {
    const mode = configs.forPath(file).config.ruffOverlap ?? 'report';
    if (mode === 'report') return undefined;
    const settings = ruff.forFile(file, versionsFor(file).ruff);
    if (settings.error && !told.has(settings.error)) {
      told.add(settings.error);
      warnings.push(`Ruff's configuration cannot be read (${settings.error}): the findings Ruff makes too are reported`);
    }
    return codesLeftToRuff(mode, () => settings.file !== undefined || !!versionsFor(file).ruff, settings, file);
  };
}

/** What each file is linted with beyond its configuration: library versions, and what it leaves to Ruff. */
interface PerFile {
  versionsFor: (file: string) => ProjectVersions;
  ruffFor: (file: string) => ReadonlySet<string> | undefined;
}

function perFile(cwd: string, configs: ConfigResolver, warnings: string[]): PerFile {
  const versionResolver = new VersionResolver({ displayRoot: cwd });
  // The project's lock and requirements files, with a file's `fastapi-version` setting over them.
  const versionsFor = (f: string): ProjectVersions => fileVersions(versionResolver, f, configs.forPath(f).versions?.fastapi);
  return { versionsFor, ruffFor: ruffOverlap(configs, versionsFor, warnings) };
}

/** The persistent cache for this build of the tool (none when it runs from sources). */
function openCache(dir: string, registry: RuleRegistry): LintCache | undefined {
  const tool = toolFingerprint(pkg.version, registry.codes);
  return tool ? LintCache.open(dir, tool) : undefined;
}

/** Lints the project through the engine's pipeline, with a progress bar; discovery warnings go to `warnings`. */
async function runCheck(args: CheckArgs, cwd: string, configs: ConfigResolver, project: FileConfig, registry: RuleRegistry, each: PerFile, warnings: string[]): Promise<ProjectResult> {
  const progress = Progress.forStderr(args.noProgress || args.quiet);
  const projectRoot = new ModuleNamer(cwd).projectRoot(commonFolder(args.paths)) ?? undefined;
  try {
    return await lintProject({
      paths: args.paths,
      root: cwd,
      config: project.config,
      rules: registry,
      configFor: configs.configFor,
      versionsFor: each.versionsFor,
      ruffFor: each.ruffFor,
      workers: args.workers,
      prefilter: args.prefilter,
      onWarning: (w) => warnings.push(w),
      onProgress: (done, total) => progress.update(done, total),
      // The project around the given files is indexed too: a helper in another module still counts.
      contextRoot: projectRoot,
      cache: args.cache ? openCache(args.cacheDir ?? project.config.cacheDir ?? path.join(projectRoot ?? cwd, CACHE_FOLDER), registry) : undefined,
    });
  } finally {
    progress.done();
  }
}

/** What fixing did: the files as they now are, fixes applied (or that `--diff` would apply), the patches for `--diff`. */
interface FixOutcome {
  files: FileResult[];
  fixed: number;
  patches: string[];
  notes: FileNote[];
}

/** A note and the file it is about. */
interface FileNote {
  path: string;
  note: Note;
}

/** Applies the fixes (`--fix`) or renders them as patches (`--diff`). */
function fixFiles(files: FileResult[], args: CheckArgs, result: ProjectResult, configs: ConfigResolver, registry: RuleRegistry, each: PerFile, rel: (p: string) => string): FixOutcome {
  const out: FixOutcome = { files, fixed: 0, patches: [], notes: [] };
  if (!args.fix && !args.diff) return out;
  const ctx = { index: result.index, rules: registry, configFor: (f: string) => configs.forPath(f), leaveToRuff: each.ruffFor, unsafe: args.unsafe };
  out.files = files.map((f) => {
    const outcome = fixFile(f, ctx);
    if (!outcome) return f;
    for (const note of outcome.notes) out.notes.push({ path: f.path, note });
    if (args.diff) {
      if (outcome.bytes) {
        out.patches.push(createTwoFilesPatch(rel(f.path), rel(f.path), outcome.original, outcome.fixedText, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY }));
        out.fixed += outcome.fixed;
      } else if (outcome.refused) out.notes.push({ path: f.path, note: outcome.refused });
      return f;
    }
    const refused = writeFixed(outcome);
    if (refused) {
      if (outcome.fixed > 0 || outcome.refused) out.notes.push({ path: f.path, note: refused });
      return f;
    }
    out.fixed += outcome.fixed;
    return outcome.file;
  });
  return out;
}

/** Prints the findings in the chosen format (or the statistics). */
function printFindings(items: readonly Located[], args: CheckArgs, cwd: string, registry: RuleRegistry, rel: (p: string) => string): void {
  const isApplicable = (it: Located): boolean => applicable(it.finding, args.unsafe);
  const format = args.format;
  if (args.statistics) {
    if (format === 'json') process.stdout.write(formatStatisticsJson(items, args.unsafe) + '\n');
    else {
      const text = formatStatistics(items, args.unsafe);
      if (text) process.stdout.write(text + '\n');
    }
  } else if (format === 'json') process.stdout.write(formatJson(items) + '\n');
  else if (format === 'sarif') process.stdout.write(formatSarif(items, { cwd, version: pkg.version, rules: registry }) + '\n');
  else if (format === 'github') {
    // Annotation paths are relative to the repository (the workspace), wherever the command runs.
    const workspace = process.env.GITHUB_WORKSPACE ? path.resolve(process.env.GITHUB_WORKSPACE) : cwd;
    const text = formatGithub(items, (p) => displayName(path.relative(workspace, p) || p));
    if (text) process.stdout.write(text + '\n');
  } else {
    const text = formatText(items, { color: !!process.stdout.isTTY && !process.env.NO_COLOR, concise: format === 'concise', cwdRel: rel, applicable: isApplicable });
    if (text) process.stdout.write(text + '\n');
  }
}

/** The closing lines: how many findings, how many fixed, how many fixable. */
function printSummary(items: readonly Located[], fixed: number, args: CheckArgs): void {
  const textual = args.format === 'text' || args.format === 'concise' || (args.statistics && args.format !== 'json');
  const lines: string[] = [];
  const remaining = items.length;
  if (remaining + fixed === 0) lines.push('All checks passed!');
  else if (fixed > 0) lines.push(`Found ${plural(remaining + fixed, 'error')} (${fixed} fixed, ${remaining} remaining).`);
  else lines.push(`Found ${plural(remaining, 'error')}.`);
  const fixable = items.filter((it) => applicable(it.finding, args.unsafe)).length;
  const hidden = args.unsafe ? 0 : items.filter((i) => i.finding.fix?.applicability === 'unsafe').length;
  const hiddenNote = hidden ? `${plural(hidden, 'hidden fix', 'hidden fixes')} can be enabled with the \`--unsafe-fixes\` option` : '';
  if (fixable) lines.push(`[*] ${fixable} fixable with the \`--fix\` option${hiddenNote ? ` (${hiddenNote})` : ''}.`);
  else if (hidden) lines.push(`No fixes available (${hiddenNote}).`);
  if (textual) process.stdout.write(lines.join('\n') + '\n');
  else if (fixed) process.stderr.write(`Fixed ${plural(fixed, 'error')}.\n`);
}

async function check(argv: string[], registry: RuleRegistry): Promise<number> {
  const cwd = process.cwd();
  const args = parseCheckArgs(argv, registry, cwd);
  if (!args) return 0;
  const { configs, project } = resolveConfigs(args, cwd, registry);
  const warnings: string[] = [];
  const each = perFile(cwd, configs, warnings);
  const result = await runCheck(args, cwd, configs, project, registry, each, warnings);

  // File names that are not UTF-8 are shown with U+FFFD (fileNames.ts); SARIF keeps their bytes.
  const rel = (p: string): string => displayName(path.relative(cwd, p) || p);
  const say = (line: string): void => {
    if (!args.quiet) process.stderr.write(displayName(line) + '\n');
  };
  for (const w of configs.warnings) say(`warning: ${configs.formatWarning(w)}`);
  for (const w of warnings) say(`warning: ${w}`);
  if (result.files.length === 0 && result.prefiltered === 0) say('warning: no Python files found under the given paths');

  const sorted = [...result.files].sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  // Fixing lints the fixed texts again; the lint itself started the parser only if it parsed.
  if (args.fix || args.diff) await initParser();
  const { files, fixed, patches, notes } = fixFiles(sorted, args, result, configs, registry, each, rel);
  for (const f of files) for (const w of f.warnings ?? []) say(`warning: ${rel(f.path)}:${w}`);
  for (const f of files) for (const note of [...f.notes, ...(f.skipped ? [f.skipped] : [])]) notes.push({ path: f.path, note });
  for (const n of notes) say(`note: ${rel(n.path)}: ${noteText(n.note)}`);
  const leftToRuff = files.reduce((n, f) => n + (f.leftToRuff ?? 0), 0);
  if (leftToRuff) say(`note: ${plural(leftToRuff, 'finding')} left to Ruff, which reports the same calls (ruff-overlap)`);

  if (args.diff) {
    if (patches.length) process.stdout.write(patches.join('\n'));
    say(fixed ? `Would fix ${plural(fixed, 'error')}.` : 'No errors would be fixed.');
    return patches.length > 0 && !args.exitZero ? 1 : 0;
  }

  const items = locate(files);
  printFindings(items, args, cwd, registry, rel);
  if (!args.quiet) printSummary(items, fixed, args);
  return items.length > 0 && !args.exitZero ? 1 : 0;
}

function severityLabel(r: Rule): string {
  return r.meta.severity + (r.meta.defaultEnabled === false ? ', off by default' : '');
}

function rulesCommand(registry: RuleRegistry): number {
  const rows = [['Code', 'Id', 'Severity', 'Fix'], ...registry.rules.map((r) => [r.meta.code, r.meta.id, severityLabel(r), r.meta.fix])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) process.stdout.write(`${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}\n`);
  return 0;
}

function explain(code: string | undefined, registry: RuleRegistry): number {
  if (!code) throw new UsageError('explain needs a rule code, e.g. `fastapi-perf-lint explain FPL101`');
  const rule = registry.find(code);
  if (!rule) throw new UsageError(`unknown rule: ${code} (see \`fastapi-perf-lint rules\`)`);
  // The rule's README.md as shipped (the editor's hover opens the same text), without its generated-file comment.
  const readme = ruleReadme(rule).replace(/^<!--.*-->\n/, '');
  const out = [readme.trimEnd(), '', `Documentation: ${docsUrl(rule.meta.id)}`];
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

/**
 * The command is required, as in Ruff 0.5+: a path in its place (`fastapi-perf-lint app/`) would
 * make a misspelt command (`chek`) lint the current folder, or fail as a missing path.
 */
function unknownCommand(command: string): string {
  if (command.startsWith('-')) return `unknown option '${command}' before a command (options follow it: fastapi-perf-lint check ${command} ...)`;
  const near = COMMANDS.find((c) => distance(c, command) <= 2);
  if (near) return `unknown command '${command}' (did you mean '${near}'?)`;
  if (fs.existsSync(command)) return `unknown command '${command}' (to lint it: fastapi-perf-lint check ${command})`;
  return `unknown command '${command}' (commands: ${COMMANDS.join(', ')})`;
}

/** One line for stderr: the first line of a message, without a stack. */
function oneLine(message: string): string {
  return message.split('\n')[0];
}

/** The CLI. `registry`: the rules it runs (the rule folders; tests may pass others). */
export async function main(argv: string[], registry: RuleRegistry = ruleRegistry(RULES)): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest, registry);
      case 'rules':
        return rulesCommand(registry);
      case 'explain':
        return explain(rest[0], registry);
      case '--version':
      case '-V':
        process.stdout.write(`fastapi-perf-lint ${pkg.version}\n`);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(unknownCommand(command));
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError || (e as NodeJS.ErrnoException)?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      process.stderr.write(`error: ${oneLine((e as Error).message)}\n`);
      return 2;
    }
    process.stderr.write(`error: internal error: ${oneLine(String((e as Error)?.message ?? e))}\n`);
    if (process.env.FPL_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
    return 2;
  }
}

if (require.main === module) {
  // A reader that stops reading (`| head`) ends the output, not the run: no stack trace, the usual exit code.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`error: ${oneLine(String(e))}\n`);
      process.exitCode = 2;
    },
  );
}
