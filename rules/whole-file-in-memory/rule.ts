import type { Scope } from '../../server/src/analysis/facts';
import { literalNumber, unwrap } from '../../server/src/analysis/expressions';
import { positionalArgs, routeOf } from '../../server/src/analysis/fastapi';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { RAW_BODY_RESPONSES, WHOLE_FILE_READS } from '../data/responses';
import { argument, throughLocal } from '../shared/routes';
import { shortCode } from '../../server/src/ruleApi/message';

/** The whole-file read an expression is (directly or through one local name), as `Path.read_bytes`. */
function wholeFileRead(model: FileModel, fn: Scope, node: Node | null): string | null {
  const n = unwrap(throughLocal(model, fn, node));
  if (n?.type !== 'call') return null;
  const callee = n.childForFieldName('function');
  const v = callee ? model.valueOf(callee, fn) : null;
  if (v?.k !== 'ref' || !WHOLE_FILE_READS.has(v.q)) return null;
  // f.read(4096) reads a chunk; read(-1) and read(None) read everything.
  const size = positionalArgs(n)[0];
  if (size && !(literalNumber(size) === -1 || unwrap(size)?.type === 'none')) return null;
  const parts = v.q.split('.');
  const owner = parts[parts.length - 2];
  return `${owner === 'IOBase' || owner === 'AsyncFile' ? 'file' : owner}.${parts[parts.length - 1]}`;
}

export const rule: Rule = {
  meta: {
    code: 'FPL205',
    id: 'whole-file-in-memory',
    family: 'responses',
    severity: 'warning',
    fix: 'none',
    docs: {
      summary: 'A route that reads a whole file into memory to send it: `Response(path.read_bytes())`, `Response(open(p).read())` and the like.',
      why: 'The whole file sits in the worker\'s memory for the duration of the request, once per concurrent download: a few large files at once can exhaust it. The read is also a blocking call (in an `async def` it stalls the event loop), and the client receives nothing until the last byte is read. `FileResponse` streams the file from disk in chunks, off the event loop, and sets `Content-Length`, `Last-Modified` and `ETag`; `StreamingResponse` streams data you produce.',
      example: [
        'from pathlib import Path',
        'from fastapi import FastAPI, Response',
        '',
        'app = FastAPI()',
        'REPORTS = Path("/srv/reports")',
        '',
        '@app.get("/reports/{name}")',
        'def report(name: str):',
        '    data = (REPORTS / name).read_bytes()',
        '    return Response(data, media_type="application/pdf")',
      ].join('\n'),
      useInstead: [
        'from pathlib import Path',
        'from fastapi import FastAPI',
        'from fastapi.responses import FileResponse',
        '',
        'app = FastAPI()',
        'REPORTS = Path("/srv/reports")',
        '',
        '@app.get("/reports/{name}")',
        'def report(name: str):',
        '    return FileResponse(REPORTS / name, media_type="application/pdf")',
      ].join('\n'),
      fixSafety: 'No automatic fix: `FileResponse` needs the path rather than the bytes, and the file name, media type and headers are yours to choose.',
      references: ['https://fastapi.tiangolo.com/advanced/custom-response/#fileresponse', 'https://fastapi.tiangolo.com/advanced/custom-response/#streamingresponse'],
    },
  },
  check(ctx) {
    const { model } = ctx;
    for (const q of RAW_BODY_RESPONSES) {
      for (const call of model.callsTo(q)) {
        const fn = model.executingFunction(call.scope);
        if (!fn || !routeOf(model, fn)) continue;
        const read = wholeFileRead(model, fn, argument(call.node, 0, 'content'));
        if (!read) continue;
        const cls = q.slice(q.lastIndexOf('.') + 1);
        ctx.report({
          node: call.node,
          message: `The whole file is read into memory (\`${shortCode(read)}()\`) to send it; use \`FileResponse(path)\` or \`StreamingResponse\``,
          detail: `\`${fn.name}\` reads the whole file into memory (\`${read}()\`) to send it with \`${cls}\`: \`FileResponse(path)\` streams it from disk in chunks.`,
        });
      }
    }
  },
};
