// Versions of the libraries a project uses, as far as they are known, and where each
// was read. Unknown means "assume the latest behaviour".
import { gte, valid } from '@renovatebot/pep440';

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
}

export const UNKNOWN_VERSIONS: ProjectVersions = Object.freeze({});

/**
 * True when the package is at `min` or later. An unknown or unparsable version counts as the
 * latest release, so it is always "at least" anything.
 */
export function atLeast(pkg: PackageVersion | undefined, min: string): boolean {
  if (!pkg || !valid(pkg.version)) return true;
  return gte(pkg.version, min);
}

/** How messages name the version a rule assumed: "Pydantic 2.11.0 from uv.lock", "the latest Pydantic, as no version was found". */
export function describeVersion(name: string, pkg: PackageVersion | undefined): string {
  return pkg && valid(pkg.version) ? `${name} ${pkg.version} from ${pkg.source}` : `the latest ${name}, as no version was found`;
}
