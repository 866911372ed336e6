// Shared by the Pydantic rules: which classes are Pydantic models, and the version gate.
import type { FileModel } from '../../server/src/analysis/model';
import type { RuleContext } from '../../server/src/ruleApi/rule';
import { atLeast, describeVersion } from '../../server/src/ruleApi/versions';

/** Pydantic 2 models (workspace classes deriving from these, directly or through sqlmodel.SQLModel, BaseSettings ...). */
const PYDANTIC_MODEL: ReadonlySet<string> = new Set(['pydantic.BaseModel']);
export const SQLMODEL: ReadonlySet<string> = new Set(['sqlmodel.SQLModel']);
/** Settings classes: pydantic-settings (Pydantic 2) and Pydantic 1's own BaseSettings. */
export const SETTINGS: ReadonlySet<string> = new Set(['pydantic_settings.BaseSettings', 'pydantic.BaseSettings']);

/** True when the project is on Pydantic 2 or later (unknown counts as the latest). */
export function onPydantic2(ctx: RuleContext): boolean {
  return atLeast(ctx.versions.pydantic, '2.0.0');
}

/** "Pydantic 2.11.0 (uv.lock)", for messages. */
export function pydanticVersion(ctx: RuleContext): string {
  return describeVersion('pydantic', ctx.versions.pydantic);
}

/** True when `q` (a class's qualified name) is a Pydantic 2 model class. */
export function isModelClass(model: FileModel, q: string): boolean {
  return model.resolver.isSubclass(q, PYDANTIC_MODEL);
}

/** Source text of a node for a message, shortened when long. */
export function snippet(text: string, max = 40): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** True when a workspace class, or a workspace class it derives from, binds `name` itself (a field or method shadowing the base's). */
export function declaresName(model: FileModel, q: string, name: string, seen = new Set<string>()): boolean {
  if (seen.has(q)) return false;
  seen.add(q);
  const c = model.resolver.cls(q);
  if (!c) return false;
  if (c.cls.methods[name] || c.cls.attrs.some((a) => a.name === name)) return true;
  return model.resolver.bases(c.module, c.cls).some((b) => b.k === 'ref' && declaresName(model, b.q, name, seen));
}
