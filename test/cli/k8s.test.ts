/**
 * The Kubernetes recipes, as far as this machine allows (no cluster, no container runtime): the
 * manifests parse as Kubernetes objects (kubectl kustomize, where kubectl is installed), the
 * Indexed Job's completions match the CLI's --shards, and the Job's own arguments, run once per
 * completion index with JOB_COMPLETION_INDEX set as Kubernetes sets it, give parts that merge.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { mergeParts } from '../../src/cli/merge';
import { sharedPath } from '../support/shared';
import { MODEL } from './support/survey';

const K8S = resolve(import.meta.dirname, '../../deploy/k8s');
const embedJob = readFileSync(join(K8S, 'embed-indexed-job.yaml'), 'utf8');
const mergeJob = readFileSync(join(K8S, 'merge-job.yaml'), 'utf8');
const field = (text: string, name: string) => /^\s*(\S+)/.exec(text.split(new RegExp(`^\\s*${name}:`, 'm'))[1] ?? '')?.[1];
/** The container args of a Job (a YAML flow list), as strings. */
const argsOf = (text: string) =>
  /args: \[([^\]]*)\]/
    .exec(text)![1]
    .split(',')
    .map((a) => a.trim().replace(/^["']|["']$/g, ''));
const tmp = mkdtempSync(join(tmpdir(), 'latent-sky-k8s-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('deploy/k8s', () => {
  it("is an Indexed Job whose completions are the CLI's --shards, and a merge of the same results", () => {
    expect(field(embedJob, 'completionMode')).toBe('Indexed');
    const args = argsOf(embedJob);
    const completions = Number(field(embedJob, 'completions'));
    expect(Number(args[args.indexOf('--shards') + 1])).toBe(completions);
    expect(Number(field(embedJob, 'parallelism'))).toBeLessThanOrEqual(completions);
    expect(field(embedJob, 'image')).toBe(field(mergeJob, 'image'));
    expect(argsOf(mergeJob)).toEqual(['merge', args[args.indexOf('--out') + 1]]);
    for (const job of [embedJob, mergeJob]) expect(field(job, 'restartPolicy')).toBe('Never');
  });

  it.skipIf(spawnSync('sh', ['-c', 'command -v kubectl']).status !== 0)('parses as Kubernetes objects (kubectl kustomize, offline)', () => {
    const dir = mkdtempSync(join(tmp, 'kustomize-'));
    for (const f of ['embed-indexed-job.yaml', 'merge-job.yaml']) copyFileSync(join(K8S, f), join(dir, f));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- embed-indexed-job.yaml\n- merge-job.yaml\n');
    const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/kind: Job[\s\S]*completionMode: Indexed[\s\S]*name: latent-sky-merge/);
  });

  it("run once per completion index with JOB_COMPLETION_INDEX, the Job's arguments make parts that merge", async () => {
    const args = argsOf(embedJob);
    const shards = Number(args[args.indexOf('--shards') + 1]);
    const local = args.map(
      (a) =>
        (({ '/data/cutouts': sharedPath('mirabest/fits_sample'), '/models/model.onnx': MODEL, '/results/run1': join(tmp, 'run1') }) as Record<string, string>)[
          a
        ] ?? a,
    );
    local.splice(local.indexOf('--labels'), 2); // no labels file here
    const saved = process.env.JOB_COMPLETION_INDEX;
    const stderr = process.stderr.write;
    try {
      process.stderr.write = (() => true) as typeof process.stderr.write;
      for (let i = 0; i < shards; i++) {
        process.env.JOB_COMPLETION_INDEX = String(i);
        expect(await main(local)).toBe(0);
      }
    } finally {
      process.stderr.write = stderr;
      if (saved === undefined) delete process.env.JOB_COMPLETION_INDEX;
      else process.env.JOB_COMPLETION_INDEX = saved;
    }
    expect(await mergeParts(join(tmp, 'run1'))).toMatchObject({ ok: true, rows: 12, skipped: 0 });
  }, 120_000);
});
