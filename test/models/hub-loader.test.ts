import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as ortNode from 'onnxruntime-node';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download } from '../../src/shared/lib/download';
import { onnxProblem } from '../../src/models/lib/onnxCheck';
import { hubFileUrl, MODEL_REGISTRY } from '../../models/registry';
import { sharedPath } from '../support/shared';

const MODEL = new Uint8Array(readFileSync(sharedPath('models/mobilenetv2-int8-imagenet/mobilenet_v2_quant_feat1280.onnx')));
const FILE = 'onnx/model.onnx';

/** A local stand-in for the Hugging Face hub: `/<org>/<repo>/resolve/<revision>/<path>`, with misbehaving repos. */
function startHub(): Promise<{ server: Server; endpoint: string; ranges: string[] }> {
  const ranges: string[] = [];
  const flakyServed = new Set<string>();
  const send = (req: IncomingMessage, res: ServerResponse, body: Uint8Array) => {
    const m = /bytes=(\d+)-/.exec(req.headers.range ?? '');
    if (m) ranges.push(req.headers.range!);
    const start = m ? Number(m[1]) : 0;
    res.writeHead(m ? 206 : 200, {
      'content-length': body.byteLength - start,
      ...(m ? { 'content-range': `bytes ${start}-${body.byteLength - 1}/${body.byteLength}` } : {}),
      'access-control-allow-origin': '*',
    });
    return body.subarray(start);
  };
  const server = createServer((req, res) => {
    const m = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(req.url ?? '');
    const repo = m ? `${m[1]}/${m[2]}` : '';
    if (!m || m[4] !== FILE) return void res.writeHead(404).end('Entry not found');
    switch (repo) {
      case 'local/mobilenet':
        return void res.end(send(req, res, MODEL));
      case 'local/truncated': {
        // Promises the whole file, sends half, then drops the connection — every time.
        const rest = send(req, res, MODEL);
        res.write(rest.subarray(0, rest.length >> 1));
        return void setTimeout(() => res.destroy(), 20);
      }
      case 'local/flaky': {
        // Drops the first connection half-way; serves the rest on a Range request.
        const key = req.headers.range ?? 'first';
        const rest = send(req, res, MODEL);
        if (!flakyServed.has(key) && !req.headers.range) {
          flakyServed.add(key);
          res.write(rest.subarray(0, 1_000_000));
          return void setTimeout(() => res.destroy(), 20);
        }
        return void res.end(rest);
      }
      case 'local/stalling': {
        // Sends a little, then goes silent on the first attempt; resumes properly afterwards.
        const rest = send(req, res, MODEL);
        if (!req.headers.range) return void res.write(rest.subarray(0, 500_000)); // never ends
        return void res.end(rest);
      }
      case 'local/slow': {
        // Drips the file in 64 chunks, 10 ms apart.
        const rest = send(req, res, MODEL);
        const step = Math.ceil(rest.length / 64);
        let at = 0;
        const drip = () => {
          if (at >= rest.length) return void res.end();
          res.write(rest.subarray(at, at + step));
          at += step;
          setTimeout(drip, 10);
        };
        return void drip();
      }
      case 'local/html':
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<!DOCTYPE html><html><body>Sign in to continue</body></html>');
      case 'local/lfs':
        return void res.end('version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n');
      case 'local/broken':
        res.writeHead(503, 'Service Unavailable');
        return void res.end();
      default:
        return void res.writeHead(404, 'Not Found').end('Repository not found');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ranges })),
  );
}

let hub: Awaited<ReturnType<typeof startHub>>;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub.server.close());

/** Byte equality (vitest's deep equality takes seconds on megabytes). */
const expectModel = (bytes: Uint8Array) => expect(Buffer.from(bytes).equals(MODEL)).toBe(true);
const url = (repo: string, path = FILE) => hubFileUrl(hub.endpoint, repo, 'main', path);
const quick = { retries: 2, retryDelayMs: 10, stallMs: 300 };

describe('the hub loader against a local hub', () => {
  it('downloads the real MobileNetV2 with byte-level progress, and it runs', async () => {
    const seen: number[] = [];
    const bytes = await download(url('local/mobilenet'), { onProgress: (r, t) => seen.push(r / t) });
    expectModel(bytes);
    expect(seen.at(-1)).toBe(1);
    expect(onnxProblem(bytes)).toBeNull();
    const session = await ortNode.InferenceSession.create(bytes);
    expect(session.outputNames.length).toBeGreaterThan(0);
  });

  it('reports progress from a slow server', async () => {
    const seen: number[] = [];
    const bytes = await download(url('local/slow'), { onProgress: (r) => seen.push(r) });
    expectModel(bytes);
    expect(seen.length).toBeGreaterThanOrEqual(32);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('resumes a dropped download with a Range request', async () => {
    hub.ranges.length = 0;
    const bytes = await download(url('local/flaky'), quick);
    expectModel(bytes);
    expect(hub.ranges).toEqual(['bytes=1000000-']);
  });

  it('abandons a stalled connection and resumes', async () => {
    hub.ranges.length = 0;
    const bytes = await download(url('local/stalling'), quick);
    expectModel(bytes);
    expect(hub.ranges).toEqual(['bytes=500000-']);
  });

  it('gives a clear error for a 404, a private file, a server error and a file that is always cut short', async () => {
    await expect(download(url('local/mobilenet', 'onnx/nope.onnx'), quick)).rejects.toThrow(/HTTP 404.*not there/);
    await expect(download(url('nobody/nothing'), quick)).rejects.toThrow(/HTTP 404/);
    await expect(download(url('local/broken'), quick)).rejects.toThrow(/after 3 attempts: .*HTTP 503/);
    await expect(download(url('local/truncated'), quick)).rejects.toThrow(/after 3 attempts: .*(cut short|dropped)/);
  });

  it('gives a clear error when nothing listens (network failure)', async () => {
    await expect(download('http://127.0.0.1:9/x/y/resolve/main/model.onnx', { ...quick, retries: 0 })).rejects.toThrow(/network failed|CORS/);
  });

  it('refuses files over the size limit before reading them', async () => {
    await expect(download(url('local/mobilenet'), { maxBytes: 1000 })).rejects.toThrow(/over the 0.0 MiB limit/);
  });

  it('tells an HTML page, an LFS pointer, a truncated and a random file from an ONNX model', async () => {
    expect(onnxProblem(await download(url('local/html')))).toMatch(/HTML/);
    expect(onnxProblem(await download(url('local/lfs')))).toMatch(/Git LFS pointer/);
    expect(onnxProblem(MODEL.subarray(0, MODEL.length >> 1))).toMatch(/truncated/);
    expect(onnxProblem(new Uint8Array(0))).toMatch(/empty/);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const problem = onnxProblem(bytes);
        expect(problem === null || typeof problem === 'string').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the model registry', () => {
  it('lists the seven backbones of the study with a documented embedding', () => {
    const study = MODEL_REGISTRY.filter((m) => m.inStudy);
    // mae-base-masked is MAE run as the study ran it (75 % masking), beside the deterministic export.
    const families = new Set(
      study.map((m) =>
        m.id
          .replace(/-masked$/, '')
          .replace(/-(base|small)$/, '')
          .replace(/\d+$/, ''),
      ),
    );
    expect([...families].sort()).toEqual(['dinov', 'mae', 'msn', 'radio', 'resnet', 'siglip']);
    expect(study.map((m) => m.id)).toEqual(
      expect.arrayContaining(['dinov2-base', 'mae-base', 'msn-base', 'resnet50', 'resnet18', 'siglip-base', 'radio-base']),
    );
    for (const m of MODEL_REGISTRY) {
      expect(m.embedding.output).toBeTruthy();
      expect(m.embedding.dim).toBeGreaterThan(0);
      expect(new Set(MODEL_REGISTRY.map((e) => e.id)).size).toBe(MODEL_REGISTRY.length);
    }
    expect(MODEL_REGISTRY.find((m) => m.id === 'siglip-base')!.norm.mean).toEqual([0.5, 0.5, 0.5]);
    expect(MODEL_REGISTRY.find((m) => m.id === 'radio-base')!.licence.nonCommercial).toBe(true);
    expect(MODEL_REGISTRY.find((m) => m.id === 'mae-base')!.notes.join(' ')).toMatch(/mask_ratio = 0/);
    expect(MODEL_REGISTRY.find((m) => m.id === 'mae-base-masked')!.notes.join(' ')).toMatch(/reproduces the paper/);
  });

  it('builds hub URLs in the hub layout', () => {
    expect(hubFileUrl('https://huggingface.co/', 'Xenova/dinov2-small', 'main', 'onnx/model_quantized.onnx')).toBe(
      'https://huggingface.co/Xenova/dinov2-small/resolve/main/onnx/model_quantized.onnx',
    );
  });
});
