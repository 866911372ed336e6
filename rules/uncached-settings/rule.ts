import type { Scope } from '../../server/src/analysis/facts';
import type { FileModel } from '../../server/src/analysis/model';
import { parameters } from '../../server/src/analysis/scopes';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { lineEnding } from '../../server/src/analysis/lines';
import { libraryName } from '../shared/imports';
import { SETTINGS } from '../shared/pydantic';
import { indentBefore } from '../../server/src/analysis/lines';
import { shortCode } from '../../server/src/ruleApi/message';

/** The settings class a returned expression constructs (`Settings()`, or a local assigned from it), else null. */
function constructed(model: FileModel, expr: Node | null, fn: Scope, depth = 0): string | null {
  if (!expr) return null;
  if (expr.type === 'call') {
    const callee = expr.childForFieldName('function');
    const v = callee ? model.valueOf(callee, fn) : null;
    return v?.k === 'ref' && !model.resolver.fn(v.q) && model.resolver.isSubclass(v.q, SETTINGS) ? v.q : null;
  }
  if (expr.type === 'identifier' && depth === 0) {
    const list = model.bindings(fn).names.get(expr.text);
    const b = list?.length === 1 ? list[0] : null;
    return b?.k === 'value' && b.node ? constructed(model, b.node, fn, 1) : null;
  }
  return null;
}

/** The settings class every `return` of a function builds afresh, or null. */
function freshSettings(model: FileModel, fn: Scope): string | null {
  if (fn.returns.length === 0 || fn.yields.length > 0) return null;
  let cls: string | null = null;
  for (const r of fn.returns) {
    const q = constructed(model, r.firstNamedChild, fn);
    if (!q) return null;
    cls ??= q;
  }
  // `global _settings` (or nonlocal): a hand-written cache.
  for (const list of model.bindings(fn).names.values()) if (list.some((b) => b.k === 'global' || b.k === 'nonlocal')) return null;
  return cls;
}

export const rule: Rule = {
  meta: {
    code: 'FPL501',
    id: 'uncached-settings',
    family: 'app-setup',
    severity: 'warning',
    fix: 'safe',
    docs: {
      summary: 'A function that builds a new `BaseSettings` instance on each call is used as a dependency or called from routes, without `@lru_cache`.',
      why: 'Instantiating a `BaseSettings` class reads every environment variable it declares, opens and parses the `.env` file and secrets directory when configured, and validates the result. As a dependency (`Depends(get_settings)`) or a helper called from routes, that happens on every request. Cached with `@lru_cache`, the settings are read once per process, and tests can still swap them with `app.dependency_overrides` or `get_settings.cache_clear()`.',
      example: [
        'from fastapi import Depends, FastAPI',
        'from pydantic_settings import BaseSettings',
        '',
        'class Settings(BaseSettings):',
        '    database_url: str = "sqlite://"',
        '',
        'def get_settings() -> Settings:',
        '    return Settings()',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/info")',
        'def info(settings: Settings = Depends(get_settings)):',
        '    return {"db": settings.database_url}',
      ].join('\n'),
      useInstead: [
        'from functools import lru_cache',
        '',
        'from fastapi import Depends, FastAPI',
        'from pydantic_settings import BaseSettings',
        '',
        'class Settings(BaseSettings):',
        '    database_url: str = "sqlite://"',
        '',
        '@lru_cache',
        'def get_settings() -> Settings:',
        '    return Settings()',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/info")',
        'def info(settings: Settings = Depends(get_settings)):',
        '    return {"db": settings.database_url}',
      ].join('\n'),
      fixSafety: 'Safe for a plain `def` without parameters: `@lru_cache` (and `from functools import lru_cache`, unless the module already imports it) is added above it, the pattern FastAPI\'s settings guide recommends. Settings then stop following later changes of the environment within the process. An `async def` (whose cached coroutine could be awaited only once) or a function with parameters is reported without a fix. Functions already decorated, rebound at module level, returning an instance created once, or keeping their own global cache are not reported; nor are functions that no route or dependency calls.',
      references: ['https://fastapi.tiangolo.com/advanced/settings/#creating-the-settings-only-once-with-lru_cache', 'https://docs.pydantic.dev/latest/concepts/pydantic_settings/'],
    },
  },
  check(ctx) {
    const { model } = ctx;
    const eol = lineEnding(model.text);
    for (const fn of model.functions) {
      // Module-level functions without decorators (any decorator may already cache, or wrap, it).
      if (fn.parent !== model.moduleScope || fn.decorators.length > 0 || !fn.node) continue;
      // `get_settings = lru_cache(get_settings)`: rebound at module level.
      if (model.moduleBinding(fn.name).length !== 1) continue;
      const cls = freshSettings(model, fn);
      if (!cls) continue;
      const summary = model.fnSummary(fn);
      const clsName = cls.slice(cls.lastIndexOf('.') + 1);
      let fix;
      const fixable = !fn.isAsync && parameters(fn.node, model.text).length === 0;
      if (fixable) {
        const indent = indentBefore(model.text, fn.node.startIndex);
        const ref = libraryName(ctx, 'functools.lru_cache', fn.node.startIndex);
        if (indent !== null && ref) fix = { title: 'Cache with `@lru_cache`', edits: [{ start: fn.node.startIndex, end: fn.node.startIndex, text: `@${ref.text}${eol}${indent}` }], imports: ref.imports };
      }
      const advice = fn.isAsync
        ? 'create the settings once, at module level or in `lifespan` (`@lru_cache` on an `async def` would cache a coroutine that can be awaited only once)'
        : fixable
          ? 'cache it with `@lru_cache`'
          : 'cache it with `@lru_cache` (which keys on the arguments) or build the settings once';
      ctx.report({
        start: summary?.nameStart ?? fn.start,
        end: summary?.nameEnd ?? fn.start,
        message: `\`${shortCode(fn.name)}()\` re-reads and re-validates the settings on every request; ${fn.isAsync ? 'create them once' : 'cache it with `@lru_cache`'}`,
        detail: `\`${fn.name}()\` builds a new \`${clsName}\` on every call, re-reading the environment (and any .env file) and re-validating, and it runs on every request; ${advice}.`,
        fix,
        when: { kind: 'perRequest', fn: model.qualifiedName(fn) },
      });
    }
  },
};
