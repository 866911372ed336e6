// `--statistics`: one line per rule, most frequent first, as Ruff prints them:
// count, code, a fix marker ([*] every finding fixable, [~] some, [ ] none; shown when any
// rule has fixes), and the rule's id. With `--format json`, the same as a list of objects.
import type { Located } from './report';
import { applicable } from './fix';

interface Row {
  code: string;
  name: string;
  count: number;
  fixable: number;
}

function rows(items: readonly Located[], unsafe: boolean): Row[] {
  const by = new Map<string, Row>();
  for (const it of items) {
    const r = by.get(it.finding.code) ?? { code: it.finding.code, name: it.finding.id, count: 0, fixable: 0 };
    r.count++;
    if (applicable(it.finding, unsafe)) r.fixable++;
    by.set(r.code, r);
  }
  return [...by.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

export function formatStatistics(items: readonly Located[], unsafe: boolean): string {
  const list = rows(items, unsafe);
  if (list.length === 0) return '';
  const countWidth = Math.max(...list.map((r) => String(r.count).length));
  const codeWidth = Math.max(...list.map((r) => r.code.length));
  const anyFixable = list.some((r) => r.fixable > 0);
  return list
    .map((r) => {
      const mark = !anyFixable ? '' : r.fixable === r.count ? '[*] ' : r.fixable > 0 ? '[~] ' : '[ ] ';
      return `${String(r.count).padStart(countWidth)}\t${r.code.padEnd(codeWidth)}\t${mark}${r.name}`;
    })
    .join('\n');
}

export function formatStatisticsJson(items: readonly Located[], unsafe: boolean): string {
  return JSON.stringify(
    rows(items, unsafe).map((r) => ({ code: r.code, name: r.name, count: r.count, fixable_count: r.fixable })),
    null,
    2,
  );
}
