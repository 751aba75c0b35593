import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds per thread of the Chromium that Playwright launched (the process tree under the one
 * started with --remote-debugging-pipe), from /proc: Linux only; elsewhere it reports nothing. It
 * tells where a 2-core machine's time goes while the app embeds: the inference worker's threads,
 * the page's main thread, the decode worker, the rest of Chromium.
 */
const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux build this runs on

interface ThreadTime {
  process: string; // Chromium's --type (renderer, gpu-process, …) or "browser"
  thread: string; // the kernel's thread name (DedicatedWorker thread, chromium, Compositor, …)
  main: boolean; // the process's own main thread
  seconds: number;
}

/** The fields of a /proc stat line after "pid (comm)": [state, ppid, …]; comm may hold spaces. */
const statFields = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/**
 * The Chromium processes this Node process's Playwright started: the browser, and every process
 * under it (other Playwright runs sharing the machine, e.g. e2e tests, have browsers of their own,
 * which are left out).
 */
export function playwrightChromium(): Map<string, string> {
  const cmdlines = new Map<string, string>();
  const parents = new Map<string, string>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      cmdlines.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      parents.set(pid, statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'))[1]);
    } catch {
      // The process ended while being read.
    }
  }
  const isPlaywrights = (pid: string | undefined, depth = 0): boolean =>
    !!pid && depth < 8 && (cmdlines.get(pid)?.includes('--remote-debugging-pipe') || isPlaywrights(parents.get(pid), depth + 1));
  const me = String(process.pid);
  const underMe = (pid: string | undefined, depth = 0): boolean => !!pid && depth < 10 && (parents.get(pid) === me || underMe(parents.get(pid), depth + 1));
  return new Map([...cmdlines].filter(([pid]) => isPlaywrights(pid) && underMe(pid)));
}

function readThreads(): Map<string, ThreadTime> {
  const threads = new Map<string, ThreadTime>();
  let processes: Map<string, string>;
  try {
    processes = playwrightChromium();
  } catch {
    return threads; // no /proc
  }
  for (const [pid, cmdline] of processes) {
    try {
      const type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const fields = statFields(stat);
        const thread = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        threads.set(`${pid}/${tid}`, { process: type, thread, main: pid === tid, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND });
      }
    } catch {
      // The process or thread ended while being read.
    }
  }
  return threads;
}

/**
 * Starts sampling (threads that end are kept at their last reading); `stop()` returns each
 * thread's CPU seconds since the start, largest first.
 */
export function watchChromiumThreads(intervalMs = 1000): { stop: () => ThreadTime[] } {
  const start = readThreads();
  const last = new Map(start);
  const sample = () => readThreads().forEach((t, key) => last.set(key, t));
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return [...last]
        .map(([key, t]) => ({ ...t, seconds: t.seconds - (start.get(key)?.seconds ?? 0) }))
        .filter((t) => t.seconds > 0)
        .sort((a, b) => b.seconds - a.seconds);
    },
  };
}

/** One line: the busiest worker threads one by one, then the page's main thread, then the rest. */
export function describeThreadTimes(threads: ThreadTime[]): string {
  if (threads.length === 0) return 'no per-thread CPU figures (needs Linux /proc)';
  const workers = threads.filter((t) => t.process === 'renderer' && t.thread.startsWith('DedicatedWorker'));
  const pageMain = threads.filter((t) => t.process === 'renderer' && t.main).reduce((s, t) => s + t.seconds, 0);
  const rest = threads.filter((t) => !workers.includes(t) && !(t.process === 'renderer' && t.main)).reduce((s, t) => s + t.seconds, 0);
  const top = workers
    .slice(0, 3)
    .map((t) => t.seconds.toFixed(1))
    .join(' + ');
  const otherWorkers = workers.slice(3).reduce((s, t) => s + t.seconds, 0);
  return `worker threads ${top}${otherWorkers > 0.05 ? ` (+ ${otherWorkers.toFixed(1)} in others)` : ''} s · page main threads ${pageMain.toFixed(1)} s · rest of Chromium ${rest.toFixed(1)} s`;
}
