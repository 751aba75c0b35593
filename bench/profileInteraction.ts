/**
 * Where the main thread's time goes in a linked-view interaction: a CPU profile (Chrome DevTools
 * protocol, 100 µs sampling) of the page while it takes `BENCH_PROFILE_CHANGES` selection changes
 * (or hovers, with `hover` as the first argument) at 4 × N points (second argument, default 50,000),
 * from an unminified build, so functions keep their names. Prints the functions with the most self
 * time and writes the profile (open it in Chrome DevTools' Performance panel) to BENCH_OUT_DIR.
 *
 *   BENCH_PORT=4194 BENCH_OUT_DIR=dist-bench npx tsx bench/profileInteraction.ts selection 50000
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withApp } from './app';
import { openSyntheticPanels } from './interaction';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const kind = process.argv[2] === 'hover' ? 'hover' : 'selection';
const count = Number(process.argv[3] ?? 50_000);
const changes = Number(process.env.BENCH_PROFILE_CHANGES ?? 8);

/** Self time per function (name, file, line), largest first, in ms. */
function selfTimes(profile: Profile): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

await withApp(
  async (browser, base) => {
    const page = await openSyntheticPanels(browser, base, count);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const ms = await page.evaluate(
      async ([kind, count, changes]) => {
        type Store = { setState: (patch: object) => void };
        const store = (window as unknown as { __latentSkyStore: Store }).__latentSkyStore;
        const ids = Array.from({ length: count }, (_, i) => `img-${i}`);
        let seed = 3;
        const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const times: number[] = [];
        for (let i = 0; i < changes; i++) {
          const patch = kind === 'hover' ? { hoveredId: ids[Math.floor(rand() * count)] } : { selection: new Set(ids.filter(() => rand() < 0.1)) };
          const t = performance.now();
          store.setState(patch);
          await new Promise((r) => setTimeout(r, 0));
          times.push(performance.now() - t);
          await frame();
        }
        return times;
      },
      [kind, count, changes] as const,
    );
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const file = join(process.env.BENCH_OUT_DIR ?? 'dist', `${kind}-${count}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`${changes} ${kind} changes at 4 × ${count.toLocaleString('en')} points; main thread per change: ${ms.map((t) => t.toFixed(0)).join(', ')} ms`);
    console.log(`self time over the whole profile (includes the frames drawn after each change), top 30; profile in ${file}:`);
    for (const [name, t] of selfTimes(profile).slice(0, 30)) console.log(`  ${t.toFixed(1).padStart(8)} ms  ${name}`);
  },
  { minify: false, sourcemap: true },
);
