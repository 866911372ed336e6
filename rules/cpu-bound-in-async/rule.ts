import type { Rule } from '../../server/src/ruleApi/rule';
import { checkBlockingFamily } from '../shared/blockingFamily';

export const rule: Rule = {
  meta: {
    code: 'FPL106',
    id: 'cpu-bound-in-async',
    family: 'event-loop',
    severity: 'warning',
    fix: 'unsafe',
    docs: {
      summary: 'A known CPU-heavy call (bcrypt/passlib/argon2 password hashing, PBKDF2 and scrypt key derivation, `pandas.read_*`, Pillow image processing) inside an `async def`.',
      why: 'Password hashes are slow on purpose: a bcrypt hash at cost 12 takes around 250 ms of pure CPU. In an `async def` the event loop cannot switch away from CPU work, so every request of the worker waits for each login. Running the call in the threadpool lets the loop keep serving (bcrypt and hashlib release the GIL while hashing).',
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
      fixSafety: 'Unsafe: the call is wrapped in `await run_in_threadpool(...)` (imported from `fastapi.concurrency`), which moves the work to FastAPI\'s threadpool (40 threads by default, shared with sync routes). No fix inside a generator expression, or when a keyword argument is named `func`.',
      references: ['https://fastapi.tiangolo.com/async/#very-technical-details', 'https://www.starlette.io/threadpool/'],
    },
  },
  check(ctx) {
    checkBlockingFamily(ctx, { family: 'cpu', waits: 'with CPU-bound work', fix: 'run_in_threadpool' });
  },
};
