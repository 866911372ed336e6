// FPL106: CPU-heavy library calls (password hashing and key derivation are slow on
// purpose; dataframe parsing and image processing scale with the input).
import { all, members } from './names';

const POOL = '`await run_in_threadpool(...)` (from `fastapi.concurrency`)';
/** `Image.open` is lazy: the pixels are decoded at the image's first use, so the open and the use move together. */
const DECODE = 'one function that opens and uses the image, run with `await run_in_threadpool(...)` (from `fastapi.concurrency`): `Image.open` is lazy and the decode happens at first use';
const HASHERS = ['bcrypt', 'bcrypt_sha256', 'argon2', 'scrypt', 'pbkdf2_sha256', 'pbkdf2_sha512', 'sha256_crypt', 'sha512_crypt'];
const PANDAS_READERS = [
  'read_csv', 'read_table', 'read_fwf', 'read_excel', 'read_json', 'read_html', 'read_xml', 'read_parquet', 'read_orc', 'read_feather',
  'read_pickle', 'read_hdf', 'read_sql', 'read_sql_query', 'read_sql_table', 'read_stata', 'read_sas', 'read_spss',
];

/** Writers that serialise a whole frame (to a file, or to a string when given no path). */
const PANDAS_WRITERS = ['to_csv', 'to_excel', 'to_parquet', 'to_feather', 'to_orc', 'to_hdf', 'to_stata', 'to_pickle', 'to_xml'];

export const CPU: Record<string, string> = {
  ...members('bcrypt', ['hashpw', 'checkpw', 'kdf'], POOL),
  ...members('passlib.context.CryptContext', ['hash', 'verify', 'verify_and_update', 'encrypt'], POOL),
  ...Object.assign({}, ...HASHERS.map((h) => members(`passlib.hash.${h}`, ['hash', 'verify', 'encrypt'], POOL))),
  ...members('argon2.PasswordHasher', ['hash', 'verify'], POOL),
  ...members('argon2.low_level', ['hash_secret', 'hash_secret_raw', 'verify_secret'], POOL),
  ...members('hashlib', ['pbkdf2_hmac', 'scrypt'], POOL),
  ...members('cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC', ['derive', 'verify'], POOL),
  ...members('cryptography.hazmat.primitives.kdf.scrypt.Scrypt', ['derive', 'verify'], POOL),
  ...members('pandas', PANDAS_READERS, POOL),
  ...members('PIL.Image', ['open'], DECODE),
  ...members('PIL.Image.Image', ['resize', 'save', 'thumbnail', 'rotate', 'transform', 'filter'], POOL),
  ...members('pandas.DataFrame', PANDAS_WRITERS, POOL),
  // Office documents: zip archives of XML, parsed and written whole.
  ...all(['docx.Document', 'openpyxl.load_workbook', 'openpyxl.reader.excel.load_workbook'], POOL),
  ...members('docx.document.Document', ['save'], POOL),
  ...members('openpyxl.Workbook', ['save'], POOL),
  // HTML/Markdown to PDF renderers (layout and font work in Python or C).
  ...members('weasyprint.HTML', ['write_pdf', 'render'], POOL),
  ...all(['xhtml2pdf.pisa.CreatePDF', 'xhtml2pdf.pisa.pisaDocument'], POOL),
  ...members('reportlab.platypus.SimpleDocTemplate', ['build', 'multiBuild'], POOL),
  ...members('reportlab.pdfgen.canvas.Canvas', ['save'], POOL),
  // googleapiclient's `build` parses the service's discovery document (a large JSON file) on every call.
  'googleapiclient.discovery.build': 'a service built once (at startup) and reused, or `await run_in_threadpool(...)` (from `fastapi.concurrency`)',
};

/**
 * Calls whose result is lazy: `PIL.Image.open` reads the header only, and the pixels are
 * decoded when the image is first used. Reading these attributes (or calling these
 * methods) of the result decodes nothing, so an open used only for them costs nothing.
 */
export const LAZY_RESULTS: Readonly<Record<string, ReadonlySet<string>>> = {
  'PIL.Image.open': new Set(['width', 'height', 'size', 'format', 'format_description', 'mode', 'info', 'n_frames', 'is_animated', 'getexif', 'close']),
};
