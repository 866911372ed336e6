// FPL105: starting, running and waiting for processes. Floor: Ruff ASYNC220/221/222
// and flake8-async ASYNC220/221/222.
import { all, members } from './names';

const EXEC = '`await asyncio.create_subprocess_exec(...)` (or `anyio.run_process`)';
const WAIT = '`await proc.wait()` on an `asyncio.subprocess.Process`, or `await asyncio.to_thread(...)`';

export const SUBPROCESS: Record<string, string> = {
  ...members('subprocess', ['run', 'call', 'check_call', 'check_output', 'getoutput', 'getstatusoutput', 'Popen'], EXEC),
  ...members('subprocess.Popen', ['wait', 'communicate'], WAIT),
  ...all(['os.system', 'os.popen', 'os.posix_spawn', 'os.posix_spawnp'], EXEC),
  ...members('os', ['spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe'], EXEC),
  ...members('os', ['wait', 'wait3', 'wait4', 'waitid', 'waitpid'], WAIT),
  // Waiting for worker processes.
  ...members('multiprocessing.Process', ['join'], WAIT),
  ...members('multiprocessing.pool.Pool', ['apply', 'map', 'starmap'], WAIT),
  ...members('multiprocessing.pool.AsyncResult', ['get', 'wait'], WAIT),
  // HTML to PDF through the wkhtmltopdf binary.
  ...members('pdfkit', ['from_string', 'from_url', 'from_file'], EXEC),
};
