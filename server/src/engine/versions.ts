// Versions of the libraries a project uses, as far as they are known, and where each
// was read. Unknown means "assume the latest behaviour".

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
