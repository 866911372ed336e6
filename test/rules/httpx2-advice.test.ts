// FPL102's advice names the async client of the HTTP library the project uses (issue 18):
// httpx2's when the project depends on httpx2 or the module imports it, httpx's otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintWith, ready } from '../helpers';

const ROUTE = ['', 'async def fetch(url: str):', '    return requests.get(url).json()', ''];

function advice(lines: string[], versions?: Record<string, { version: string; source: string }>): string {
  const findings = lintWith(['import requests', ...lines, ...ROUTE].join('\n'), ['FPL102'], versions ? { versions } : {});
  assert.equal(findings.length, 1);
  return `${findings[0].message} ${findings[0].detail ?? ''}`;
}

test('a project without httpx2 is told to use httpx.AsyncClient', async () => {
  await ready;
  assert.match(advice([]), /`httpx\.AsyncClient`/);
});

test('a module importing httpx2 is told to use httpx2.AsyncClient', async () => {
  await ready;
  assert.match(advice(['import httpx2']), /`httpx2\.AsyncClient`/);
});

test('a project depending on httpx2 is told to use httpx2.AsyncClient', async () => {
  await ready;
  assert.match(advice([], { httpx2: { version: '*', source: 'pyproject.toml' } }), /`httpx2\.AsyncClient`/);
});

test('httpx2 sync calls are reported with httpx2 advice; its AsyncClient is not reported', async () => {
  await ready;
  const src = ['import httpx2', '', 'client = httpx2.AsyncClient()', '', 'async def f(url: str):', '    a = httpx2.get(url)', '    with httpx2.Client() as c:', '        b = c.post(url)', '    return a, b, await client.get(url)', ''].join('\n');
  const findings = lintWith(src, ['FPL102']);
  assert.equal(findings.length, 2);
  for (const f of findings) assert.match(`${f.message} ${f.detail ?? ''}`, /`httpx2\.AsyncClient`/);
});
