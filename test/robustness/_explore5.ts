import { initParser, parse } from '../../server/src/engine/parser';
import { lintSource } from '../../server/src/engine/linter';
import { brokenRanges } from '../../server/src/engine/syntaxErrors';
const cases: Record<string,string> = {
  unclosed: 'import time\n\nasync def f():\n    x = [1, 2\n    time.sleep(1)\n\nasync def g():\n    time.sleep(2)\n',
  halfdef: 'import time\n\nasync def f(:\n    time.sleep(1)\n\nasync def g():\n    time.sleep(2)\n',
  halfcall: 'import time\n\nasync def f():\n    time.sleep(1\n\nasync def g():\n    time.sleep(2)\n',
  py2: 'import time\nprint "hello"\n\nasync def g():\n    time.sleep(2)\n\ntry:\n    pass\nexcept Exception, e:\n    print e\n',
  tabs: 'import time\n\nasync def f():\n\ttime.sleep(1)\n        time.sleep(3)\n\nasync def g():\n    time.sleep(2)\n',
  nul: 'import time\n\nasync def f():\n    time.sleep(1)\x00\n\nasync def g():\n    time.sleep(2)\n',
  route: 'from fastapi import FastAPI\nimport requests\napp = FastAPI()\n\n@app.get("/")\nasync def r():\n    x = requests.get("u")\n    y = (\n',
};
(async () => {
  await initParser();
  for (const [k, t] of Object.entries(cases)) {
    const tree = parse(t);
    console.log(k, JSON.stringify(brokenRanges(tree)), lintSource(t, { path: 'x.py' }).findings.map(f => `${f.code}@${f.start}:${JSON.stringify(t.slice(f.start, f.end))}`).join(' '));
    if (process.env.SHOW) console.log(tree.rootNode.toString());
  }
})();
