// Project library versions as rules see them, and the questions rules ask about them.
// Part of the rule API: rules import this, never the engine's version resolver.
import { compare, valid } from '@renovatebot/pep440';

export interface PackageVersion {
  /** PEP 440 version string, e.g. "0.115.12". */
  version: string;
  /** Where it was read, for messages: "uv.lock", "requirements.txt", "fastapiVersion setting". */
  source: string;
}

export interface ProjectVersions {
  fastapi?: PackageVersion;
  starlette?: PackageVersion;
  pydantic?: PackageVersion;
  sqlalchemy?: PackageVersion;
  /** Present when orjson is a dependency of the project (needed by ORJSONResponse). */
  orjson?: PackageVersion;
  /** Present when the project uses Ruff (a dependency, or a pre-commit hook): the engine leaves it the findings it makes too. */
  ruff?: PackageVersion;
  /** Present when the project depends on httpx2 (httpx's successor): HTTP advice names its async client. */
  httpx2?: PackageVersion;
}

export const UNKNOWN_VERSIONS: ProjectVersions = Object.freeze({});

export type TrackedPackage = keyof ProjectVersions;
export const TRACKED: readonly TrackedPackage[] = ['fastapi', 'starlette', 'pydantic', 'sqlalchemy', 'orjson', 'ruff', 'httpx2'];

const DISPLAY: Record<TrackedPackage, string> = { fastapi: 'FastAPI', starlette: 'Starlette', pydantic: 'Pydantic', sqlalchemy: 'SQLAlchemy', orjson: 'orjson', ruff: 'Ruff', httpx2: 'httpx2' };

/** Packages whose presence matters, whatever the version: recorded with ANY_VERSION when none is given. */
export const PRESENCE: ReadonlySet<TrackedPackage> = new Set(['orjson', 'ruff', 'httpx2']);

/** `orjson` is present without a version of its own when it came in through `fastapi[all]`. */
export const ANY_VERSION = '*';

// ---- questions rules ask ------------------------------------------------------------------

const compared = new Map<string, number | null>();

/** Compares two PEP 440 versions; null when either is not one. Memoised: rules ask the same few pairs for every file. */
function compareVersions(a: string, b: string): number | null {
  const key = `${a} ${b}`;
  let c = compared.get(key);
  if (c === undefined) {
    c = valid(a) && valid(b) ? compare(a, b) : null;
    compared.set(key, c);
  }
  return c;
}

/** True when the known version is at least `min`; an unknown version means the latest, so true. */
export function atLeast(v: PackageVersion | undefined, min: string): boolean {
  if (!v || v.version === ANY_VERSION) return true;
  const c = compareVersions(v.version, min);
  return c === null ? true : c >= 0;
}

/** For messages: "FastAPI 0.115.12 from uv.lock", or "no FastAPI version found, assuming the latest". */
export function describeVersion(pkg: TrackedPackage, v: PackageVersion | undefined): string {
  if (!v) return `no ${DISPLAY[pkg]} version found, assuming the latest`;
  if (v.version === ANY_VERSION) return `${DISPLAY[pkg]} from ${v.source}`;
  return `${DISPLAY[pkg]} ${v.version} from ${v.source}`;
}
