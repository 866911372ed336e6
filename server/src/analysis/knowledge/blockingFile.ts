// FPL104: file-system calls. Floor: Ruff ASYNC230/240/250 and flake8-async
// ASYNC230/231/232/240/250; the harmless `os.path` string helpers are never flagged.
import { all, members } from './names';

const OPEN = '`anyio.open_file(...)` or `aiofiles.open(...)`, or `await asyncio.to_thread(...)`';
const PATH = '`anyio.Path` (`await anyio.Path(p).read_text()`), or `await asyncio.to_thread(...)`';
const THREAD = '`await asyncio.to_thread(...)`';
const FILE_OBJECT = 'an async file (`anyio.open_file`, `anyio.wrap_file`, `aiofiles`), or `await asyncio.to_thread(...)`';

/** `pathlib.Path` methods that touch the file system (Ruff's ASYNC230/240 list, plus the 3.14 copy/move). */
const PATH_IO = [
  'open', 'read_text', 'read_bytes', 'write_text', 'write_bytes', 'touch', 'absolute', 'chmod', 'cwd', 'exists', 'expanduser',
  'glob', 'rglob', 'walk', 'iterdir', 'group', 'owner', 'hardlink_to', 'symlink_to', 'link_to', 'home', 'is_block_device',
  'is_char_device', 'is_dir', 'is_fifo', 'is_file', 'is_junction', 'is_mount', 'is_socket', 'is_symlink', 'lchmod', 'lstat',
  'stat', 'mkdir', 'readlink', 'rename', 'replace', 'resolve', 'rmdir', 'samefile', 'unlink', 'copy', 'copy_into', 'move', 'move_into',
];

/** `os.path` functions that stat, resolve or read the file system. */
export const OS_PATH_BLOCKING = [
  'exists', 'lexists', 'isfile', 'isdir', 'islink', 'ismount', 'isjunction', 'isdevdrive', 'getsize', 'getmtime', 'getatime',
  'getctime', 'samefile', 'sameopenfile', 'realpath', 'abspath', 'relpath', 'expanduser', '_joinrealpath',
];

/** `os.path` helpers that only manipulate strings: never flagged (checked by a test). */
export const OS_PATH_HARMLESS = [
  'join', 'dirname', 'basename', 'split', 'splitext', 'splitdrive', 'splitroot', 'normpath', 'normcase', 'commonpath',
  'commonprefix', 'isabs', 'expandvars', 'samestat', 'isreserved',
];

const OS_IO = [
  'listdir', 'scandir', 'walk', 'fwalk', 'stat', 'lstat', 'fstat', 'statvfs', 'access', 'remove', 'unlink', 'rename', 'renames',
  'replace', 'mkdir', 'makedirs', 'rmdir', 'removedirs', 'chmod', 'lchmod', 'fchmod', 'chown', 'lchown', 'fchown', 'link', 'symlink',
  'readlink', 'truncate', 'ftruncate', 'utime', 'open', 'read', 'write', 'pread', 'pwrite', 'readv', 'writev', 'fsync', 'fdatasync',
  'sendfile', 'fdopen', 'mkfifo', 'mknod', 'copy_file_range', 'startfile',
];

const SHUTIL_IO = ['copy', 'copy2', 'copyfile', 'copyfileobj', 'copymode', 'copystat', 'copytree', 'move', 'rmtree', 'make_archive', 'unpack_archive', 'disk_usage', 'chown', 'which'];

const FILE_METHODS = ['read', 'read1', 'readinto', 'readall', 'readline', 'readlines', 'write', 'writelines', 'flush', 'truncate'];

export const FILE: Record<string, string> = {
  ...all(['builtins.open', 'io.open', 'io.open_code'], OPEN),
  'builtins.input': '`await asyncio.to_thread(input, ...)`',
  ...members('pathlib.Path', PATH_IO, PATH),
  ...members('os.path', OS_PATH_BLOCKING, PATH),
  ...members('os', OS_IO, THREAD),
  ...members('shutil', SHUTIL_IO, THREAD),
  ...all(['glob.glob', 'glob.iglob'], PATH),
  ...members('tempfile', ['mkstemp', 'mkdtemp', 'NamedTemporaryFile', 'TemporaryFile', 'TemporaryDirectory'], THREAD),
  // File objects (flake8-async ASYNC232): `f = open(...)`, `f: io.TextIOWrapper`.
  ...members('io.IOBase', FILE_METHODS, FILE_OBJECT),
  ...members('io.TextIOWrapper', FILE_METHODS, FILE_OBJECT),
  ...members('io.BufferedReader', FILE_METHODS, FILE_OBJECT),
  ...members('io.BufferedWriter', FILE_METHODS, FILE_OBJECT),
  ...members('io.BufferedRandom', FILE_METHODS, FILE_OBJECT),
  ...members('io.FileIO', FILE_METHODS, FILE_OBJECT),
};
