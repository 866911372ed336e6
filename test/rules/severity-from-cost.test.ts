// Severity from cost (CONTRIBUTING, severity policy): a finding that rests on a wait outside
// the process (sleep, network, subprocess, database) is an error; CPU work and the file
// system are warnings. A configured severity still wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintSource } from '../../server/src/engine/linter';
import { mergeConfig } from '../../server/src/engine/config';
import { ready, REGISTRY } from '../helpers';

const SRC = [
  'import bcrypt',
  'import requests',
  'import shutil',
  'from fastapi import FastAPI',
  '',
  'app = FastAPI()',
  '',
  'def fetch():',
  '    return requests.get("http://rates")',
  '',
  'def digest(p):',
  '    return bcrypt.hashpw(p, bcrypt.gensalt())',
  '',
  'def pack():',
  '    return shutil.make_archive("x", "zip", "data")',
  '',
  'async def via_network(x):',
  '    await x()',
  '    return fetch()',
  '',
  'async def via_cpu(x):',
  '    await x()',
  '    return digest(b"p")',
  '',
  '@app.get("/a")',
  'async def route_network():',
  '    return fetch(), pack()',
  '',
  '@app.get("/b")',
  'async def route_tree():',
  '    return pack()',
  '',
].join('\n');

test('FPL107 and FPL108: error when the chain waits outside the process, warning for CPU and files', async () => {
  await ready;
  const run = (config = mergeConfig({ select: ['FPL107', 'FPL108'] })) =>
    lintSource(SRC, { rules: REGISTRY, path: 'app.py', config }).findings.map((f) => `${f.code}:${SRC.slice(0, f.start).split('\n').length}:${f.severity}`);
  // A route that never awaits: FPL107 speaks for its calls, an error if one of them waits outside.
  assert.deepEqual(run(), ['FPL108:19:error', 'FPL108:23:warning', 'FPL107:26:error', 'FPL107:30:warning']);
  assert.deepEqual(run(mergeConfig({ select: ['FPL107', 'FPL108'], severity: { FPL107: 'info', FPL108: 'info' } })), ['FPL108:19:info', 'FPL108:23:info', 'FPL107:26:info', 'FPL107:30:info']);
});
