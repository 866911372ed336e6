// Preloaded into benchmarked node processes: reports the process's peak RSS and CPU time
// (worker threads included) on stderr when it exits.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nBENCH_MAXRSS_KB=${u.maxRSS}\nBENCH_CPU_US=${u.userCPUTime + u.systemCPUTime}\n`);
});
