// Preloaded into benchmarked node processes: reports the process's peak RSS and CPU time
// (worker threads included) on stderr when it exits. The peak is this process's own
// high-water mark (VmHWM): Linux folds the forking parent's into getrusage's maxRSS at
// exec, so a bench process holding 400 MB would show in every child.
const fs = require('fs');
process.on('exit', () => {
  const u = process.resourceUsage();
  let kb = u.maxRSS;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) kb = Number(m[1]);
  } catch {
    // not Linux: getrusage's figure
  }
  process.stderr.write(`\nBENCH_MAXRSS_KB=${kb}\nBENCH_CPU_US=${u.userCPUTime + u.systemCPUTime}\n`);
});
