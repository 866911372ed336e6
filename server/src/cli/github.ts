// `--format github`: GitHub Actions workflow commands, one per finding, which the runner
// turns into annotations on the pull request's diff.
// ::warning file=app/main.py,line=3,col=5,endLine=3,endColumn=18,title=FPL101::message
import * as path from 'node:path';
import type { Severity } from '../ruleApi/rule';
import type { Located } from './report';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** Escaping of a command's message, as the runner's toolkit does it. */
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** Escaping of a property value (also `:` and `,`, which delimit properties). */
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(items: readonly Located[], cwdRel: (absPath: string) => string): string {
  return items
    .map((it) => {
      const props = [
        // Only Windows' separator becomes `/`: on Linux `back\slash.py` is one file name.
        `file=${escapeProperty(cwdRel(it.file.path).split(path.sep).join('/'))}`,
        `line=${it.row}`,
        `col=${it.column}`,
        `endLine=${it.endRow}`,
        `endColumn=${it.endColumn}`,
        `title=${escapeProperty(it.finding.code)}`,
      ];
      return `::${COMMAND[it.finding.severity]} ${props.join(',')}::${escapeData(it.finding.message)}`;
    })
    .join('\n');
}
