import { execFileSync } from 'node:child_process';

/** Whether a command-line tool runs here (the FITS reference tools: fpack, funpack, bzip2). */
export function hasCommand(command: string, probeArg: string): boolean {
  try {
    execFileSync(command, [probeArg], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
