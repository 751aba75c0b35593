#!/usr/bin/env python3
"""Writes small .npy files with NumPy itself, and their values as JSON, for test/npy.test.ts.

Run: python3 scripts/npy_reference.py   (needs numpy; the outputs are committed, ~2 kB)
"""
import json
import pathlib

import numpy as np

out = pathlib.Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'npy'
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(2409)
base = rng.normal(size=(3, 4))
arrays = {
    'f4_le': base.astype('<f4'),
    'f8_be': base.astype('>f8'),
    'f2': base.astype('<f2'),
    'i1': (base * 30).astype('i1'),
    'u2_1d': np.arange(5, dtype='<u2'),
}
expected = {}
for name, a in arrays.items():
    np.save(out / f'{name}.npy', a)
    expected[name] = {'shape': list(a.shape), 'values': a.astype('f8').ravel().tolist()}
# Format version 2.0 (4-byte header length), as NumPy writes for very wide structured headers.
with open(out / 'v2.npy', 'wb') as f:
    np.lib.format.write_array(f, arrays['f4_le'], version=(2, 0))
expected['v2'] = expected['f4_le']
np.save(out / 'fortran.npy', np.asfortranarray(base.astype('<f4')))
(out / 'expected.json').write_text(json.dumps(expected, indent=1))
print('wrote', sorted(p.name for p in out.iterdir()))
