/**
 * A real one-node SLURM for the integration test, from Debian's packages (scripts/ensure-slurm.sh):
 * as root it writes /etc/munge/munge.key if absent, starts munged (as user munge, on a socket of
 * its own) and slurmctld + slurmd in the foreground with a slurm.conf in a temp folder (SLURM_CONF,
 * so /etc/slurm is never touched; state, spool and logs there too; ports picked free), waits for
 * the node to be idle, and stops exactly the processes it started, by their ids: first cancelling
 * the cluster's jobs, then SIGTERM, then SIGKILL if a daemon lingers.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopProcess } from '../../support/processes';

export interface SlurmCluster {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs a SLURM client command against this cluster; returns stdout (throws with stderr on failure). */
  run(command: string, args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): string;
  stop(): Promise<void>;
}

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Why this machine cannot run the test, or undefined when it can. */
export function slurmUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'SLURM runs on Linux only';
  if (process.getuid?.() !== 0) return 'starting slurmctld, slurmd and munged needs root';
  const missing = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'sinfo', 'scancel'].filter((c) => !has(c));
  if (missing.length) return `not installed: ${missing.join(', ')} (run scripts/ensure-slurm.sh)`;
  return undefined;
}

const idOf = (name: string, flag: '-u' | '-g') => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, timeoutMs: number, logs: string[]): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) {
      const tails = logs.filter(existsSync).map((l) => `--- ${l}\n${readFileSync(l, 'utf8').split('\n').slice(-15).join('\n')}`);
      throw new Error(`timed out waiting for ${what}\n${tails.join('\n')}`);
    }
    await sleep(250);
  }
}

export async function startSlurm(): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'latent-sky-slurm-'));
  chmodSync(dir, 0o755);
  const started: ChildProcess[] = [];
  const logs = ['munged.log', 'slurmctld.log', 'slurmd.log'].map((f) => join(dir, f));
  const stopAll = async () => {
    for (const child of [...started].reverse()) await stopProcess(child);
  };
  try {
    const munge = { uid: idOf('munge', '-u'), gid: idOf('munge', '-g') };
    if (!existsSync('/etc/munge/munge.key')) {
      mkdirSync('/etc/munge', { recursive: true });
      writeFileSync('/etc/munge/munge.key', randomBytes(1024), { mode: 0o400 });
      chownSync('/etc/munge/munge.key', munge.uid, munge.gid);
    }
    const mungeDir = join(dir, 'munge');
    mkdirSync(mungeDir, { mode: 0o755 });
    chownSync(mungeDir, munge.uid, munge.gid);
    const socket = join(mungeDir, 'munge.socket');
    started.push(
      spawn(
        'munged',
        ['--foreground', `--socket=${socket}`, `--pid-file=${join(mungeDir, 'munged.pid')}`, `--log-file=${logs[0]}`, `--seed-file=${join(mungeDir, 'seed')}`],
        { ...munge, stdio: 'ignore' },
      ),
    );
    await until('munged', () => existsSync(socket), 15_000, logs);

    const host = hostname().split('.')[0];
    const [ctldPort, dPort] = [await freePort(), await freePort()];
    const conf = join(dir, 'slurm.conf');
    for (const d of ['state', 'spool']) mkdirSync(join(dir, d));
    writeFileSync(
      conf,
      [
        'ClusterName=latentskytest',
        `SlurmctldHost=${host}(127.0.0.1)`,
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${dPort}`,
        'SlurmUser=root',
        'SlurmdUser=root',
        'AuthType=auth/munge',
        'CredType=cred/munge',
        `AuthInfo=socket=${socket}`,
        `StateSaveLocation=${join(dir, 'state')}`,
        `SlurmdSpoolDir=${join(dir, 'spool')}`,
        `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
        `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
        `SlurmctldLogFile=${logs[1]}`,
        `SlurmdLogFile=${logs[2]}`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_CPU',
        'SchedulerType=sched/backfill',
        'ReturnToService=2',
        'MpiDefault=none',
        'JobCompType=jobcomp/none',
        'AccountingStorageType=accounting_storage/none',
        'JobAcctGatherType=jobacct_gather/none',
        'MinJobAge=600',
        `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus().length} State=UNKNOWN`,
        `PartitionName=latentsky Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
        '',
      ].join('\n'),
    );
    const env = { ...process.env, SLURM_CONF: conf };
    started.push(spawn('slurmctld', ['-D', '-i', '-f', conf], { env, stdio: 'ignore' }));
    started.push(spawn('slurmd', ['-D', '-f', conf], { env, stdio: 'ignore' }));

    const run: SlurmCluster['run'] = (command, args, options = {}) => {
      const r = spawnSync(command, args, { encoding: 'utf8', cwd: options.cwd ?? dir, env: options.env ?? env });
      if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.error?.message}`);
      return r.stdout;
    };
    await until(
      'the SLURM node to be idle',
      () => {
        const r = spawnSync('sinfo', ['-h', '-N', '-o', '%T'], { encoding: 'utf8', env });
        return r.status === 0 && r.stdout.trim() === 'idle';
      },
      60_000,
      logs,
    );

    return {
      dir,
      env,
      run,
      async stop() {
        // Jobs first, so no slurmstepd or job process outlives the daemons, then the daemons.
        spawnSync('scancel', ['--full', '--partition=latentsky'], { env });
        const end = Date.now() + 20_000;
        while (Date.now() < end && spawnSync('squeue', ['-h'], { encoding: 'utf8', env }).stdout.trim() !== '') await sleep(250);
        await stopAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
