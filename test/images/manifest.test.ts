import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MANIFEST_ENTRIES, parseManifest } from '../../src/images/lib/manifestFormat';

const BASE = 'https://data.example.org/surveys/first/manifest.json';

describe('manifests', () => {
  it('reads JSON and CSV, resolves relative URLs against the manifest, keeps labels and metadata', () => {
    const json = parseManifest(
      JSON.stringify({
        images: [
          { url: 'cutouts/J1.fits', label: 'FRI', snr: 12.5 },
          { url: 'https://cdn.example.org/x/J2.png', class: 'FRII', name: 'second.png' },
        ],
      }),
      BASE,
    );
    expect(json.entries).toEqual([
      { url: 'https://data.example.org/surveys/first/cutouts/J1.fits', name: 'J1.fits', label: 'FRI', meta: { snr: '12.5' } },
      { url: 'https://cdn.example.org/x/J2.png', name: 'second.png', label: 'FRII', meta: {} },
    ]);
    const csv = parseManifest('\uFEFFURL,label,survey\n/a/J3.fits,FRI,FIRST\n', BASE);
    expect(csv.entries).toEqual([{ url: 'https://data.example.org/a/J3.fits', name: 'J3.fits', label: 'FRI', meta: { survey: 'FIRST' } }]);
    expect(parseManifest('[{"url": "J4.png"}]', BASE).entries[0].name).toBe('J4.png');
  });

  it('fetches only http(s): other schemes are listed as rejected, never used', () => {
    const m = parseManifest(
      JSON.stringify([{ url: 'javascript:alert(1)' }, { url: 'data:text/html,<script>x</script>' }, { url: 'file:///etc/passwd' }, { url: 'ok.png' }]),
      BASE,
    );
    expect(m.entries.map((e) => e.url)).toEqual(['https://data.example.org/surveys/first/ok.png']);
    expect(m.rejected).toHaveLength(3);
    expect(m.rejected[0].reason).toMatch(/http\(s\)/);
  });

  it('names are file names, not paths; labels and names are kept as plain text', () => {
    const m = parseManifest(JSON.stringify([{ url: 'x.png', name: '../../evil/<img src=x onerror=alert(1)>.png', label: '<b>bold</b>' }]), BASE);
    expect(m.entries[0].name).toBe('.._.._evil_<img src=x onerror=alert(1)>.png');
    expect(m.entries[0].label).toBe('<b>bold</b>'); // rendered as text by the UI
  });

  it('refuses empty, malformed, HTML, url-less and oversized manifests with a clear reason', () => {
    expect(() => parseManifest('', BASE)).toThrow(/empty/);
    expect(() => parseManifest('{"images": [', BASE)).toThrow(/not valid JSON/);
    expect(() => parseManifest('{"files": []}', BASE)).toThrow(/not a list of images/);
    expect(() => parseManifest('<!DOCTYPE html><html></html>', BASE)).toThrow(/HTML page/);
    expect(() => parseManifest('name,label\na,b\n', BASE)).toThrow(/no "url" column/);
    expect(() => parseManifest('[]', BASE)).toThrow(/lists no images/);
    expect(() => parseManifest('[{"url": "javascript:1"}]', BASE)).toThrow(/no usable image/);
    expect(() => parseManifest(JSON.stringify(Array.from({ length: MAX_MANIFEST_ENTRIES + 1 }, (_, i) => ({ url: `${i}.png` }))), BASE)).toThrow(
      /over the .* limit/,
    );
  });

  it('survives thousands of mutated manifests: entries or an Error, never anything else', () => {
    const valid = JSON.stringify({
      images: [
        { url: 'a.png', label: 'FRI' },
        { url: 'b.fits', label: 'FRII', snr: 3 },
      ],
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(valid.length), fc.nat(3), fc.string({ maxLength: 4 })), { maxLength: 6 }), (edits) => {
        let text = valid;
        for (const [at, kind, s] of edits)
          text =
            kind === 0
              ? text.slice(0, at)
              : kind === 1
                ? text.slice(0, at) + s + text.slice(at)
                : kind === 2
                  ? text.slice(0, at) + text.slice(at + s.length + 1)
                  : text.replace('"url"', `"${s}"`);
        try {
          const m = parseManifest(text, BASE);
          for (const e of m.entries) expect(new URL(e.url).protocol).toMatch(/^https?:$/);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
        }
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          parseManifest(JSON.stringify(v) ?? '', BASE);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
