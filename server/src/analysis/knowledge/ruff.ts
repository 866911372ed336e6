// Ruff's blocking-call rules (flake8-async ASYNC2xx) that flag the same direct calls as
// ours, as data: which Ruff code flags which call, and how Ruff recognises it. Read by
// analysis/ruffOverlap.ts (is this finding's call one Ruff flags too?), the engine (one
// suppression, leaving the finding to Ruff) and the rule docs. Checked against Ruff's
// WebAssembly build (0.17.4) by test/analysis/ruffOverlap.test.ts.

/** How Ruff recognises a method call: by the receiver's type, from what it can see in the file. */
export interface RuffReceiver {
  /** Qualified names of the classes (constructor calls, annotations) Ruff accepts. */
  types: readonly string[];
  methods: readonly string[];
  /** `Type(...).method()` counts. */
  direct: boolean;
  /** A parameter or an assignment annotated with the type counts (not only a constructor call). */
  annotated: boolean;
  /** The name must have a single binding in its scope (Ruff's `only_binding`). */
  onlyBinding: boolean;
}

export interface RuffOverlap {
  /** Ruff's rule code. */
  ruff: string;
  /** Ruff's rule name. */
  name: string;
  /** Our rule that reports the same calls. */
  fpl: string;
  /** Functions Ruff matches by the qualified name of the callee (through imports, or a builtin). */
  functions?: readonly string[];
  /** Methods Ruff matches by the type of the receiver. */
  receiver?: RuffReceiver;
  /** `os.spawn*`: Ruff tells ASYNC221 (mode `os.P_WAIT`, or none given) from ASYNC220 (any other mode). */
  spawnMode?: 'wait' | 'other';
  /** In Ruff's default rule set: always (0.16 and later), or only with `preview`. */
  default?: 'stable' | 'preview';
}

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'connect', 'trace'];
const SPAWN = ['spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe'].map((n) => `os.${n}`);
const PATH_TYPES = ['pathlib.Path', 'pathlib.PosixPath', 'pathlib.WindowsPath', 'pathlib.PurePath', 'pathlib.PurePosixPath', 'pathlib.PureWindowsPath'];
/** `pathlib.Path` methods ASYNC240 flags (every one our tables have but `open`, which is ASYNC230's). */
const PATH_METHODS = [
  'read_text', 'read_bytes', 'write_text', 'write_bytes', 'glob', 'rglob', 'walk', 'iterdir', 'copy', 'copy_into', 'move', 'move_into',
  'touch', 'chmod', 'lchmod', 'exists', 'group', 'owner', 'hardlink_to', 'symlink_to', 'link_to', 'is_block_device', 'is_char_device',
  'is_dir', 'is_fifo', 'is_file', 'is_junction', 'is_mount', 'is_socket', 'is_symlink', 'lstat', 'stat', 'mkdir', 'readlink', 'rename',
  'replace', 'resolve', 'rmdir', 'samefile', 'unlink',
];
/** `os.path` functions ASYNC240 flags, among those our tables have. */
const OS_PATH = [
  'exists', 'lexists', 'isfile', 'isdir', 'islink', 'ismount', 'isjunction', 'isdevdrive', 'getsize', 'getmtime', 'getatime', 'getctime',
  'samefile', 'sameopenfile', 'realpath', '_joinrealpath',
].map((n) => `os.path.${n}`);

export const RUFF_OVERLAP: readonly RuffOverlap[] = [
  { ruff: 'ASYNC251', name: 'blocking-sleep-in-async-function', fpl: 'FPL101', functions: ['time.sleep'], default: 'stable' },
  {
    ruff: 'ASYNC210',
    name: 'blocking-http-call-in-async-function',
    fpl: 'FPL102',
    functions: [...VERBS.map((v) => `requests.${v}`), ...VERBS.map((v) => `httpx.${v}`), 'urllib.request.urlopen', 'urllib3.request'],
    default: 'stable',
  },
  {
    ruff: 'ASYNC212',
    name: 'blocking-http-call-httpx-in-async-function',
    fpl: 'FPL102',
    receiver: { types: ['httpx.Client'], methods: ['close', 'delete', 'get', 'head', 'options', 'patch', 'post', 'put', 'request', 'send', 'stream'], direct: false, annotated: true, onlyBinding: true },
    default: 'preview',
  },
  { ruff: 'ASYNC220', name: 'create-subprocess-in-async-function', fpl: 'FPL105', functions: ['subprocess.Popen', 'os.popen'], default: 'stable' },
  { ruff: 'ASYNC220', name: 'create-subprocess-in-async-function', fpl: 'FPL105', functions: SPAWN, spawnMode: 'other', default: 'stable' },
  {
    ruff: 'ASYNC221',
    name: 'run-process-in-async-function',
    fpl: 'FPL105',
    functions: ['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'os.system', 'os.posix_spawn', 'os.posix_spawnp'],
    default: 'stable',
  },
  { ruff: 'ASYNC221', name: 'run-process-in-async-function', fpl: 'FPL105', functions: SPAWN, spawnMode: 'wait', default: 'stable' },
  { ruff: 'ASYNC222', name: 'wait-for-process-in-async-function', fpl: 'FPL105', functions: ['os.wait', 'os.wait3', 'os.wait4', 'os.waitid', 'os.waitpid'], default: 'stable' },
  { ruff: 'ASYNC230', name: 'blocking-open-call-in-async-function', fpl: 'FPL104', functions: ['builtins.open', 'io.open', 'io.open_code'], default: 'stable' },
  {
    ruff: 'ASYNC230',
    name: 'blocking-open-call-in-async-function',
    fpl: 'FPL104',
    receiver: { types: ['pathlib.Path'], methods: ['open'], direct: true, annotated: false, onlyBinding: false },
    default: 'stable',
  },
  { ruff: 'ASYNC240', name: 'blocking-path-method-in-async-function', fpl: 'FPL104', functions: OS_PATH, default: 'preview' },
  {
    ruff: 'ASYNC240',
    name: 'blocking-path-method-in-async-function',
    fpl: 'FPL104',
    receiver: { types: PATH_TYPES, methods: PATH_METHODS, direct: true, annotated: true, onlyBinding: true },
    default: 'preview',
  },
  { ruff: 'ASYNC250', name: 'blocking-input-in-async-function', fpl: 'FPL104', functions: ['builtins.input'], default: 'preview' },
];

/** Every Ruff code of the table. */
export const RUFF_CODES: readonly string[] = [...new Set(RUFF_OVERLAP.map((o) => o.ruff))];

/** Our codes that have a Ruff counterpart. */
export const OVERLAPPING_CODES: ReadonlySet<string> = new Set(RUFF_OVERLAP.map((o) => o.fpl));

/**
 * Ruff's default rule set, as far as the table goes: the codes Ruff runs with no `select`
 * (stable ones since Ruff 0.16; the preview ones too with `preview = true`).
 */
export function ruffDefaultCodes(preview: boolean): string[] {
  return [...new Set(RUFF_OVERLAP.filter((o) => o.default === 'stable' || (preview && o.default === 'preview')).map((o) => o.ruff))];
}
