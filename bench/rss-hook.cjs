// Preloaded into benchmarked node processes: reports the process's peak RSS (worker threads
// included) on stderr when it exits.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
