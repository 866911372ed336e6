import { LAZY_RESULTS } from '../../server/src/analysis/knowledge/blockingCpu';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule, RuleContext } from '../../server/src/ruleApi/rule';
import type { BlockingCall } from '../shared/asyncCalls';
import { checkBlockingFamily } from '../shared/blockingFamily';
import { readsOf } from '../../server/src/analysis/reads';

/** `x.attr` (or `x.attr()`) reading only what a lazy result already holds. */
function headerOnly(use: Node, header: ReadonlySet<string>): boolean {
  const parent = use.parent;
  return parent?.type === 'attribute' && parent.childForFieldName('object')?.id === use.id && header.has(parent.childForFieldName('attribute')?.text ?? '');
}

/** The name the call's result is bound to (`img = Image.open(...)`, `with Image.open(...) as img:`) and where, or null. */
function boundTo(node: Node): { name: string; at: number } | null {
  const parent = node.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === node.id) {
    const left = parent.childForFieldName('left');
    return left?.type === 'identifier' ? { name: left.text, at: parent.startIndex } : null;
  }
  if (parent?.type === 'as_pattern' && parent.parent?.type === 'with_item') {
    const alias = parent.childForFieldName('alias')?.firstNamedChild;
    return alias?.type === 'identifier' ? { name: alias.text, at: parent.startIndex } : null;
  }
  return null;
}

/**
 * Whether a lazy call's result is decoded in the function (`Image.open` then `.load()`,
 * `.convert()`, a draw, an argument to anything): an image opened only for its size costs
 * nothing. A result returned, or bound and never used past its header, is not reported.
 */
function decoded(ctx: RuleContext, b: BlockingCall): boolean {
  const header = LAZY_RESULTS[b.q]!;
  let node: Node = b.call.node;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  if (headerOnly(node, header) || node.parent?.type === 'return_statement' || node.parent?.type === 'with_item') return false;
  if (node.parent?.type === 'attribute') return true;
  const bound = boundTo(node);
  if (!bound) return node.parent?.type !== 'expression_statement';
  const uses = readsOf(ctx.model, b.owner, bound.name, (x) => x.at === bound.at);
  return uses.some((u) => !headerOnly(u, header));
}

export const rule: Rule = {
  meta: {
    code: 'FPL106',
    id: 'cpu-bound-in-async',
    family: 'event-loop',
    severity: 'warning',
    fix: 'unsafe',
    docs: {
      summary: 'A known CPU-heavy call (bcrypt/passlib/argon2 password hashing, PBKDF2 and scrypt key derivation, `pandas.read_*` and `DataFrame.to_csv`/`to_excel`/`to_parquet`, Pillow image processing, python-docx and openpyxl documents, HTML-to-PDF renderers (weasyprint, xhtml2pdf, reportlab), googleapiclient `build`) inside an `async def`.',
      why: 'Password hashes are slow on purpose: a bcrypt hash at cost 12 takes around 250 ms of pure CPU. In an `async def` the event loop cannot switch away from CPU work, so every request of the worker waits for each login. Running the call in the threadpool lets the loop keep serving (bcrypt and hashlib release the GIL while hashing). Pillow\'s `Image.open` is lazy (it reads the header; the pixels are decoded at first use): it is reported only when the function decodes the image, not when it reads only its size, format or mode. Office documents are zip archives of XML parsed and written whole (`Document(path)`, `load_workbook`, `.save`), PDF renderers lay out every page in Python, and googleapiclient\'s `build` parses the service\'s discovery document on each call (build the service once and reuse it).',
      example: [
        'from fastapi import FastAPI',
        'from passlib.context import CryptContext',
        '',
        'app = FastAPI()',
        'pwd = CryptContext(schemes=["bcrypt"])',
        '',
        '@app.post("/login")',
        'async def login(password: str, stored: str):',
        '    return {"ok": pwd.verify(password, stored)}',
      ].join('\n'),
      useInstead: [
        'from fastapi import FastAPI',
        'from fastapi.concurrency import run_in_threadpool',
        'from passlib.context import CryptContext',
        '',
        'app = FastAPI()',
        'pwd = CryptContext(schemes=["bcrypt"])',
        '',
        '@app.post("/login")',
        'async def login(password: str, stored: str):',
        '    return {"ok": await run_in_threadpool(pwd.verify, password, stored)}',
      ].join('\n'),
      fixSafety: 'Unsafe: the call is wrapped in `await run_in_threadpool(...)` (imported from `fastapi.concurrency`), which moves the work to FastAPI\'s threadpool (40 threads by default, shared with sync routes). No fix inside a generator expression, or when a keyword argument is named `func`, nor for `Image.open`, whose decode happens at the image\'s first use: the open and the use must move together.',
      references: ['https://fastapi.tiangolo.com/async/#very-technical-details', 'https://www.starlette.io/threadpool/'],
    },
  },
  check(ctx) {
    // A lazy call costs when its result is decoded, after it: offloading the call alone would not help.
    const costs = (c: RuleContext, b: BlockingCall) => (!LAZY_RESULTS[b.q] ? 'now' : decoded(c, b) ? 'later' : 'no');
    checkBlockingFamily(ctx, { family: 'cpu', waits: 'with CPU-bound work', fix: 'run_in_threadpool', costs });
  },
};
