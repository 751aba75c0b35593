/**
 * Progress on stderr: a redrawn bar with images/s and time left on a terminal, plain lines at most
 * every `everySeconds` (and at the end) in a batch log, where carriage returns would be noise.
 */
import { timeLeft } from '../shared/ui/formatDuration';

export interface Progress {
  advance(images: number): void;
  done(): void;
}

export function progress(
  total: number,
  label: string,
  out: NodeJS.WriteStream = process.stderr,
  everySeconds = Number(process.env.LATENT_SKY_PROGRESS_SECONDS ?? 30),
): Progress {
  const start = Date.now();
  let count = 0;
  let lastLine = 0;
  let printed = -1;
  const tty = out.isTTY === true;
  const line = () => {
    const seconds = (Date.now() - start) / 1000;
    const rate = seconds > 0 ? count / seconds : 0;
    const stats = `${count}/${total} images · ${rate.toFixed(1)} images/s${count < total ? timeLeft(count, total, rate) : ''}`;
    if (!tty) return `${label}: ${stats}\n`;
    const width = 30;
    const filled = total ? Math.round((width * count) / total) : width;
    return `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stats}\x1b[K`;
  };
  return {
    advance(images) {
      count += images;
      const now = Date.now();
      if (tty || now - lastLine >= everySeconds * 1000) {
        lastLine = now;
        printed = count;
        out.write(line());
      }
    },
    done() {
      if (tty) out.write(`${line()}\n`);
      else if (printed !== count) out.write(line());
    },
  };
}
