// Renders the documentation from the rules' metadata: each rule's README.md (from
// meta.docs, and for the rules Ruff overlaps, its section from the overlap table in
// analysis/knowledge/ruff.ts), the rules table in the root README.md, between the
// rules-table markers, and package.json's `fastapiPerf.severity` setting (one entry per rule).
// Usage: npm run docs (writes the files), npm run docs -- --check (exit 1 when they drift).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../rules/index';
import type { Rule } from '../server/src/ruleApi/rule';
import { ruleReadme, severityLabel } from '../server/src/engine/ruleDocs';

export { ruffSection } from '../server/src/engine/ruleDocs';

export const ROOT = join(__dirname, '..');
export const TABLE_START = '<!-- rules-table:start -->';
export const TABLE_END = '<!-- rules-table:end -->';

/** The rules table of the root README (without the markers). */
export function rulesTable(rules: readonly Rule[]): string {
  const rows = rules.map((r) => `| ${r.meta.code} | [${r.meta.id}](rules/${r.meta.id}/README.md) | ${severityLabel(r)} | ${r.meta.fix} |`);
  return ['| Code | Name | Severity | Fix |', '|---|---|---|---|', ...rows].join('\n');
}

/** `readme` with the text between the rules-table markers replaced by `table`. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${TABLE_START} ... ${TABLE_END} section`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}

const SEVERITY_VALUES = ['error', 'warning', 'info', 'hint', 'off'];
const SEVERITY_DESCRIPTIONS = ['Shown as an error.', 'Shown as a warning.', 'Shown as information.', 'Shown as a hint (faded, no squiggle).', 'The rule does not run.'];

/** The `fastapiPerf.severity` setting: one property per rule, so the Settings editor offers each rule with a dropdown. */
export function severitySetting(rules: readonly Rule[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const r of rules) {
    properties[r.meta.code] = {
      type: 'string',
      enum: SEVERITY_VALUES,
      enumDescriptions: SEVERITY_DESCRIPTIONS,
      markdownDescription: `\`${r.meta.id}\` (default: ${severityLabel(r)}): ${r.meta.docs.summary}`,
    };
  }
  return {
    type: 'object',
    default: {},
    scope: 'resource',
    markdownDescription: 'Severity per rule code, e.g. `{"FPL109": "hint", "FPL303": "off"}`. Generated from the rules by `npm run docs`.',
    properties,
    additionalProperties: false,
  };
}

/** package.json with the severity setting generated from the rules (its key order and formatting otherwise kept). */
export function withSeveritySetting(pkgText: string, rules: readonly Rule[]): string {
  const pkg = JSON.parse(pkgText);
  pkg.contributes.configuration.properties['fastapiPerf.severity'] = severitySetting(rules);
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** Every generated file: absolute path -> expected content. */
export function renderDocs(rules: readonly Rule[] = RULES, root = ROOT): Map<string, string> {
  const out = new Map<string, string>();
  for (const rule of rules) out.set(join(root, 'rules', rule.meta.id, 'README.md'), ruleReadme(rule));
  const readmePath = join(root, 'README.md');
  out.set(readmePath, withTable(readFileSync(readmePath, 'utf8'), rulesTable(rules)));
  const pkgPath = join(root, 'package.json');
  out.set(pkgPath, withSeveritySetting(readFileSync(pkgPath, 'utf8'), rules));
  return out;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const stale: string[] = [];
  for (const [path, content] of renderDocs()) {
    if (readOrEmpty(path) === content) continue;
    stale.push(path.slice(ROOT.length + 1));
    if (!check) writeFileSync(path, content);
  }
  if (check && stale.length > 0) {
    process.stderr.write(`out of date (run \`npm run docs\`):\n${stale.map((p) => `  ${p}\n`).join('')}`);
    return 1;
  }
  process.stdout.write(stale.length ? `${check ? 'stale' : 'wrote'}: ${stale.join(', ')}\n` : 'docs up to date\n');
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
