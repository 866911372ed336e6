// Table-driven tests of name resolution: imports, aliases, shadowing, scopes, types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileModel } from '../../server/src/analysis/model';
import { parse } from '../../server/src/engine/parser';
import { ready } from '../helpers';

/** Resolves the callee of the call on the line marked `# <-` (first call on that line). */
function calleeAt(src: string, module = 'app.routes', isPackage = false): string {
  const tree = parse(src);
  const model = new FileModel({ text: src, tree, context: { module, isPackage } });
  const line = src.split('\n').findIndex((l) => l.includes('# <-'));
  const lineStart = src.split('\n').slice(0, line).join('\n').length + (line > 0 ? 1 : 0);
  const call = model.calls.filter((c) => c.start >= lineStart && src.lastIndexOf('\n', c.start - 1) + 1 === lineStart).sort((a, b) => a.start - b.start)[0];
  assert.ok(call, 'a call on the marked line');
  const v = model.callee(call);
  return v.k === 'ref' ? v.q : v.k === 'inst' ? `inst:${v.t}` : 'unknown';
}

const cases: Array<[string, string, string]> = [
  ['import', 'import time\ndef f():\n    time.sleep(1)  # <-\n', 'time.sleep'],
  ['import as', 'import time as t\ndef f():\n    t.sleep(1)  # <-\n', 'time.sleep'],
  ['from import', 'from time import sleep\ndef f():\n    sleep(1)  # <-\n', 'time.sleep'],
  ['from import as', 'from time import sleep as nap\ndef f():\n    nap(1)  # <-\n', 'time.sleep'],
  ['dotted import', 'import urllib.request\ndef f():\n    urllib.request.urlopen("x")  # <-\n', 'urllib.request.urlopen'],
  ['function-local import', 'def f():\n    import requests as r\n    r.get("x")  # <-\n', 'requests.get'],
  ['relative import', 'from .db import get_session\ndef f():\n    get_session()  # <-\n', 'app.db.get_session'],
  ['relative import two levels', 'from ..core.db import get_session\ndef f():\n    get_session()  # <-\n', 'core.db.get_session'],
  ['relative import from package __init__', 'from .db import get_session\ndef f():\n    get_session()  # <-\n', 'app.routes.db.get_session'],
  ['parenthesised import with comments and trailing comma', 'from time import (  # clock\n    monotonic,\n    sleep as nap,  # alias\n)\ndef f():\n    nap(1)  # <-\n', 'time.sleep'],
  ['line continuation in an import', 'import os, \\\n    time as t\ndef f():\n    t.sleep(1)  # <-\n', 'time.sleep'],
  ['star import is unknown', 'from requests import *\ndef f():\n    get("x")  # <-\n', 'unknown'],
  ['parameter shadows module', 'import requests\ndef f(requests):\n    requests.get("x")  # <-\n', 'unknown'],
  ['local assignment shadows module', 'import requests\ndef f():\n    requests = make()\n    requests.get("x")  # <-\n', 'unknown'],
  ['use before local rebinding still sees the import', 'import requests\ndef f():\n    requests.get("x")  # <-\n    requests = 1\n', 'unknown'],
  ['global declaration reaches the module', 'import requests\ndef f():\n    global requests\n    requests.get("x")  # <-\n', 'requests.get'],
  ['nonlocal resolves in the enclosing function', 'def outer():\n    import requests as r\n    def inner():\n        nonlocal r\n        r.get("x")  # <-\n    return inner\n', 'requests.get'],
  ['closure sees enclosing import', 'def outer():\n    import requests as r\n    def inner():\n        r.get("x")  # <-\n    return inner\n', 'requests.get'],
  ['comprehension variable shadows', 'import requests\ndef f(xs):\n    return [requests.get("x") for requests in xs]  # <-\n', 'unknown'],
  ['class body names are not visible in methods', 'import requests\nclass C:\n    requests = None\n    def m(self):\n        requests.get("x")  # <-\n', 'requests.get'],
  ['module-level instance', 'import requests\ns = requests.Session()\nasync def f():\n    s.get("x")  # <-\n', 'requests.Session.get'],
  ['annotated parameter', 'import httpx\nasync def f(client: httpx.Client):\n    client.get("x")  # <-\n', 'httpx.Client.get'],
  ['Optional annotation', 'from typing import Optional\nimport httpx\nasync def f(client: Optional[httpx.Client] = None):\n    client.get("x")  # <-\n', 'httpx.Client.get'],
  ['X | None annotation', 'import httpx\nasync def f(client: httpx.Client | None = None):\n    client.get("x")  # <-\n', 'httpx.Client.get'],
  ['Annotated with Depends', 'from typing import Annotated\nfrom fastapi import Depends\nfrom sqlalchemy.orm import Session\nasync def f(db: Annotated[Session, Depends(get_db)]):\n    db.query(1)  # <-\n', 'sqlalchemy.orm.Session.query'],
  ['Depends without annotation uses the yield type', 'from fastapi import Depends\nfrom sqlalchemy.orm import sessionmaker\nSessionLocal = sessionmaker()\ndef get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    finally:\n        db.close()\nasync def f(db=Depends(get_db)):\n    db.query(1)  # <-\n', 'sqlalchemy.orm.Session.query'],
  ['canonical private path', 'from sqlalchemy.orm.session import Session\nasync def f(db: Session):\n    db.execute(1)  # <-\n', 'sqlalchemy.orm.Session.execute'],
  ['call result type through RETURNS', 'import sqlite3\nasync def f():\n    conn = sqlite3.connect("x")\n    cur = conn.cursor()\n    cur.execute("q")  # <-\n', 'sqlite3.Cursor.execute'],
  ['with-as binding', 'import requests\nasync def f():\n    with requests.Session() as s:\n        s.get("x")  # <-\n', 'requests.Session.get'],
  ['self attribute', 'import httpx\nclass Svc:\n    def __init__(self):\n        self.client = httpx.Client()\n    async def go(self):\n        self.client.get("x")  # <-\n', 'httpx.Client.get'],
  ['method of workspace class', 'class Svc:\n    def build(self):\n        return 1\nasync def f():\n    svc = Svc()\n    svc.build()  # <-\n', 'app.routes.Svc.build'],
  ['subclass of library class inherits methods', 'import httpx\nclass MyClient(httpx.Client):\n    pass\nasync def f():\n    c = MyClient()\n    c.get("x")  # <-\n', 'httpx.Client.get'],
  ['conditional imports that disagree are unknown', 'try:\n    from redis.asyncio import Redis\nexcept ImportError:\n    from redis import Redis\nasync def f(r: Redis):\n    r.get("k")  # <-\n', 'unknown'],
  ['builtin', 'async def f():\n    open("x")  # <-\n', 'builtins.open'],
  ['class body rebinding a global name reads the global', 'import email.policy as policy\nclass T:\n    policy = policy.default\n    x = policy.clone()  # <-\n', 'email.policy.default.clone'],
  ['self attribute defined from itself is unknown, not a loop', 'class Buf:\n    def __init__(self):\n        self.q = b""\n    def eat(self, n):\n        self.q = self.q[n:]\n        self.q.find(b"x")  # <-\n', 'unknown'],
  ['chained call resolves the outer method', 'import requests\ndef f():\n    requests.Session().get("x")  # <-\n', 'requests.Session.get'],
  ['three-link chain', 'import sqlite3\ndef f():\n    sqlite3.connect("x").cursor().execute("q")  # <-\n', 'sqlite3.Cursor.execute'],
  ['chained call through a name', 'import sqlite3\ndef f():\n    conn = sqlite3.connect("x")\n    conn.cursor().execute("q")  # <-\n', 'sqlite3.Cursor.execute'],
  ['chain on an unknown result stays unknown', 'import requests\ndef f():\n    requests.get("x").json()  # <-\n', 'unknown'],
  ['path built with /', 'from pathlib import Path\ndef f(name):\n    (Path("/srv") / name / "x").read_bytes()  # <-\n', 'pathlib.Path.read_bytes'],
  ['path built with / through a name', 'from pathlib import Path\nBASE = Path(__file__).parent\ndef f(name):\n    p = BASE / name\n    p.read_text()  # <-\n', 'pathlib.Path.read_text'],
  ['division of numbers stays unknown', 'def f(a):\n    (a / 2).real()  # <-\n', 'unknown'],
  ['file object from open', 'def f():\n    with open("x", "rb") as fh:\n        fh.read()  # <-\n', 'io.IOBase.read'],
  ['walrus binds in the function', 'import requests\ndef f(xs):\n    if (requests := xs):\n        requests.get("x")  # <-\n', 'unknown'],
  ['tuple assignment binds element-wise', 'import httpx\nasync def f():\n    a, b = httpx.Client(), 1\n    a.get("x")  # <-\n', 'httpx.Client.get'],
  ['parenthesized tuple assignment', 'from pathlib import Path\nasync def f():\n    (p1, p2) = (Path("a"), Path("b"))\n    p2.open()  # <-\n', 'pathlib.Path.open'],
  ['starred tuple assignment stays unknown', 'import httpx\nasync def f():\n    a, *b = httpx.Client(), 1, 2\n    a.get("x")  # <-\n', 'unknown'],
  ['tuple from a call stays unknown', 'import httpx\nasync def f():\n    a, b = make()\n    a.get("x")  # <-\n', 'unknown'],
  ['redefined function resolves its own locals', 'import httpx\nasync def f():\n    c = httpx.Client()\n    c.get("x")  # <-\nasync def f():\n    async with httpx.AsyncClient() as c:\n        await c.get("x")\n', 'httpx.Client.get'],
  ['property getter and setter keep their own locals', 'import requests\nclass A:\n    @property\n    def v(self):\n        s = requests.Session()\n        return s.get("x")  # <-\n    @v.setter\n    def v(self, value):\n        s = value\n', 'requests.Session.get'],
  ['nested function in a redefined function', 'from pathlib import Path\nasync def f():\n    p = Path("a")\n    async def g():\n        p.open()  # <-\nasync def f():\n    pass\n', 'pathlib.Path.open'],
  ['Annotated type alias', 'from typing import Annotated\nfrom fastapi import Depends\nfrom sqlalchemy.orm import Session\nSessionDep = Annotated[Session, Depends(get_db)]\nasync def f(db: SessionDep):\n    db.execute(1)  # <-\n', 'sqlalchemy.orm.Session.execute'],
  ['subscript of data is not an alias', 'import httpx\nclients = [httpx.Client()]\nasync def f():\n    c = clients[0]\n    c.get("x")  # <-\n', 'unknown'],
  ['method call on a call result is not the inner callee', 'import time\ndef f():\n    time.sleep(1).hex()  # <-\n', 'unknown'],
  ['method call on a constructed instance', 'class M:\n    def d(self):\n        return 1\ndef f():\n    M().d()  # <-\n', 'app.routes.M.d'],
  ['call of a call result', 'import requests\ndef f():\n    requests.session()()  # <-\n', 'inst:requests.Session'],
  ['local bound to a method result of a constructed instance', 'import requests\ndef f():\n    s = requests.Session().close()\n    s.get("x")  # <-\n', 'unknown'],
  ['annotated local wins over its value', 'import httpx\ndef f():\n    c: httpx.Client = make()\n    c.get("x")  # <-\n', 'httpx.Client.get'],
  ['Optional annotated local', 'from typing import Optional\nimport httpx\ndef f():\n    c: Optional[httpx.Client] = None\n    c.get("x")  # <-\n', 'httpx.Client.get'],
  ['self attribute defined from itself does not recurse forever', 'class Formatter:\n    def __init__(self):\n        self.section = self.Section(self, None)\n    def end(self):\n        self.section = self.section.parent\n    def go(self):\n        self.section.items.append(1)  # <-\n    class Section:\n        def __init__(self, formatter, parent):\n            self.parent = parent\n            self.items = []\n', 'unknown'],
  ['lambda parameter shadows', 'import requests\nf = lambda requests: requests.get("x")  # <-\n', 'unknown'],
];

for (const [name, src, want] of cases) {
  test(`resolve: ${name}`, async () => {
    await ready;
    const pkg = name.includes('package __init__');
    assert.equal(calleeAt(src, pkg ? 'app.routes' : 'app.routes', pkg), want);
  });
}
