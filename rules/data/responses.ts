// Response classes and serialisation helpers the FPL2xx rules recognise, by canonical name
// (`starlette.responses.X` is canonicalised to `fastapi.responses.X`).

export const RESPONSE = 'fastapi.responses.Response';
export const JSON_RESPONSE = 'fastapi.responses.JSONResponse';
const ORJSON_RESPONSE = 'fastapi.responses.ORJSONResponse';
const UJSON_RESPONSE = 'fastapi.responses.UJSONResponse';

/** Deprecated from FastAPI 0.131: Pydantic serialises declared return types faster. */
export const CUSTOM_JSON_RESPONSES: ReadonlySet<string> = new Set([ORJSON_RESPONSE, UJSON_RESPONSE]);

/** Response classes whose body is the bytes or text handed to them (FPL205). */
export const RAW_BODY_RESPONSES: ReadonlySet<string> = new Set([RESPONSE, 'fastapi.responses.PlainTextResponse', 'fastapi.responses.HTMLResponse']);

export const JSONABLE_ENCODER = 'fastapi.encoders.jsonable_encoder';
export const JSON_DUMPS = 'json.dumps';
export const PYDANTIC_MODEL: ReadonlySet<string> = new Set(['pydantic.BaseModel']);

/** Reads that load a whole file (FPL205): called with no size argument. */
export const WHOLE_FILE_READS: ReadonlySet<string> = new Set([
  'pathlib.Path.read_bytes',
  'pathlib.Path.read_text',
  'io.IOBase.read',
  'io.IOBase.readlines',
  'aiofiles.AsyncFile.read',
  'aiofiles.AsyncFile.readlines',
  'anyio.AsyncFile.read',
  'anyio.Path.read_bytes',
  'anyio.Path.read_text',
]);

/** Library app and router constructors that take `default_response_class`. */
export const APP_CONSTRUCTORS: ReadonlySet<string> = new Set(['fastapi.FastAPI', 'fastapi.APIRouter']);
