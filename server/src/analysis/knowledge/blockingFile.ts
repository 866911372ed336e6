// FPL104: file-system calls. Floor: Ruff ASYNC230/240/250 and flake8-async
// ASYNC230/231/232/240/250, split by cost: whole folder trees and archives are heavy, one
// file's content is `file` (off by default: its size decides, and the code does not show
// it), stat-like calls light (off by default); path helpers that touch no disk never count.
import { all, members } from './names';

const OPEN = '`anyio.open_file(...)` or `aiofiles.open(...)`, or `await asyncio.to_thread(...)`';
const PATH = '`anyio.Path` (`await anyio.Path(p).read_text()`), or `await asyncio.to_thread(...)`';
const THREAD = '`await asyncio.to_thread(...)`';
const FILE_OBJECT = 'an async file (`anyio.open_file`, `anyio.wrap_file`, `aiofiles`), or `await asyncio.to_thread(...)`';

/**
 * `pathlib.Path` methods that read or write one file's content, or list one folder
 * (Ruff's ASYNC230/240 list, plus the 3.14 copy/move).
 */
const PATH_CONTENT = ['open', 'read_text', 'read_bytes', 'write_text', 'write_bytes', 'glob', 'copy', 'copy_into', 'move', 'move_into'];

/** `pathlib.Path` methods that walk a whole folder tree: heavy. */
const PATH_TREE = ['rglob', 'walk'];

/** `pathlib.Path` methods that are one stat-like system call (or a few): light. */
const PATH_METADATA = [
  'touch', 'chmod', 'exists', 'group', 'owner', 'hardlink_to', 'symlink_to', 'link_to', 'is_block_device', 'is_char_device', 'is_dir',
  'is_fifo', 'is_file', 'is_junction', 'is_mount', 'is_socket', 'is_symlink', 'lchmod', 'lstat', 'stat', 'mkdir', 'readlink', 'rename',
  'replace', 'resolve', 'rmdir', 'samefile', 'unlink', 'iterdir',
];

/** `os.path` functions that stat or resolve the file system: light. */
export const OS_PATH_BLOCKING = [
  'exists', 'lexists', 'isfile', 'isdir', 'islink', 'ismount', 'isjunction', 'isdevdrive', 'getsize', 'getmtime', 'getatime',
  'getctime', 'samefile', 'sameopenfile', 'realpath', '_joinrealpath',
];

/**
 * Path helpers that touch no disk: string work, or the process's own current folder and
 * environment (`abspath(__file__)`, `expanduser("~")`, `Path.cwd()`). Never flagged (checked by a test).
 */
export const OS_PATH_HARMLESS = [
  'join', 'dirname', 'basename', 'split', 'splitext', 'splitdrive', 'splitroot', 'normpath', 'normcase', 'commonpath',
  'commonprefix', 'isabs', 'expandvars', 'samestat', 'isreserved', 'abspath', 'relpath', 'expanduser',
];

/** `os` functions that move file content. */
const OS_CONTENT = ['open', 'read', 'write', 'pread', 'pwrite', 'readv', 'writev', 'fsync', 'fdatasync', 'sendfile', 'fdopen', 'copy_file_range', 'startfile'];

/** `os` functions that are one metadata system call: light. */
const OS_METADATA = [
  'listdir', 'scandir', 'stat', 'lstat', 'fstat', 'statvfs', 'access', 'remove', 'unlink', 'rename', 'renames', 'replace', 'mkdir',
  'makedirs', 'rmdir', 'removedirs', 'chmod', 'lchmod', 'fchmod', 'chown', 'lchown', 'fchown', 'link', 'symlink', 'readlink',
  'truncate', 'ftruncate', 'utime', 'mkfifo', 'mknod',
];

/**
 * Calls that return a lazy iterator: the disk work happens while the caller iterates, so
 * running the call itself in a thread moves nothing off the loop.
 */
export const LAZY_ITERATORS: ReadonlySet<string> = new Set([
  'os.walk', 'os.fwalk', 'os.scandir', 'glob.iglob', 'pathlib.Path.glob', 'pathlib.Path.rglob', 'pathlib.Path.walk', 'pathlib.Path.iterdir',
]);

const SHUTIL_CONTENT = ['copy', 'copy2', 'copyfile', 'copyfileobj', 'move', 'rmtree'];
const SHUTIL_METADATA = ['copymode', 'copystat', 'disk_usage', 'chown', 'which'];

const FILE_METHODS = ['read', 'read1', 'readinto', 'readall', 'readline', 'readlines', 'write', 'writelines', 'flush', 'truncate'];

/**
 * Calls that walk or pack a whole folder tree, or wait for a human at the terminal: heavy
 * whatever the files hold.
 */
export const FILE_TREE: Record<string, string> = {
  'builtins.input': '`await asyncio.to_thread(input, ...)`',
  ...members('pathlib.Path', PATH_TREE, PATH),
  ...members('os', ['walk', 'fwalk'], THREAD),
  ...members('shutil', ['copytree', 'make_archive', 'unpack_archive'], THREAD),
};

/**
 * Calls that read or write one file's content, or list one folder: microseconds for a
 * small file in the page cache, seconds for a large one on a slow disk. The code rarely
 * says which, so these count only with `report-file-io`.
 */
export const FILE: Record<string, string> = {
  ...all(['builtins.open', 'io.open', 'io.open_code'], OPEN),
  ...members('pathlib.Path', PATH_CONTENT, PATH),
  ...members('os', OS_CONTENT, THREAD),
  ...members('shutil', SHUTIL_CONTENT, THREAD),
  ...all(['glob.glob', 'glob.iglob'], PATH),
  // File objects (flake8-async ASYNC232): `f = open(...)`, `f: io.TextIOWrapper`.
  ...members('io.IOBase', FILE_METHODS, FILE_OBJECT),
  ...members('io.TextIOWrapper', FILE_METHODS, FILE_OBJECT),
  ...members('io.BufferedReader', FILE_METHODS, FILE_OBJECT),
  ...members('io.BufferedWriter', FILE_METHODS, FILE_OBJECT),
  ...members('io.BufferedRandom', FILE_METHODS, FILE_OBJECT),
  ...members('io.FileIO', FILE_METHODS, FILE_OBJECT),
};

/**
 * Stat-like system calls (microseconds on a local disk): light, reported only with
 * `report-light-io` (a network file system can make them slow).
 */
export const FILE_METADATA: Record<string, string> = {
  ...members('pathlib.Path', PATH_METADATA, PATH),
  ...members('os.path', OS_PATH_BLOCKING, PATH),
  ...members('os', OS_METADATA, THREAD),
  ...members('shutil', SHUTIL_METADATA, THREAD),
  ...members('tempfile', ['mkstemp', 'mkdtemp', 'NamedTemporaryFile', 'TemporaryFile', 'TemporaryDirectory'], THREAD),
};
