/**
 * Tile-compressed FITS images (the "tiled image convention", FITS 4.0 §10; what fpack writes and
 * astropy's CompImageHDU reads): the image lives in a binary table with ZIMAGE = T, one row per
 * tile, each tile's compressed bytes in the heap. Decoding follows cfitsio's imcompress.c:
 * codecs RICE_1, GZIP_1, GZIP_2, PLIO_1, HCOMPRESS_1 (and fpack's NOCOMPRESS), tiles that
 * could not be compressed in UNCOMPRESSED_DATA / GZIP_COMPRESSED_DATA, integer scaling, and
 * quantised floats with ZSCALE/ZZERO, ZBLANK and subtractive dithering.
 *
 * Tiles are decoded one at a time into the caller's block-averager, so memory stays at one tile
 * plus the downsampled output, however large the image is.
 */
import { Unzlib, Gunzip } from 'fflate';
import { intKey, numKey, type FitsHeader } from './fitsKeywords';
import { BlockAverager } from './blockAverage';
import { concatBytes } from '../../shared/lib/bytes';
import { CorruptTileError, riceDecode } from './rice';
import { plioDecode } from './plio';
import { hdecompress } from './hcompress';
import { ditherOffsets } from './dither';

export const isCompressedImage = (h: FitsHeader) => h.XTENSION === 'BINTABLE' && h.ZIMAGE === true;

export const compressionOf = (h: FitsHeader): string => String(h.ZCMPTYPE ?? '?').trim();

export function compressedAxes(h: FitsHeader): number[] {
  const n = intKey(h, 'ZNAXIS');
  if (n < 0 || n > 999) throw new Error(`compressed FITS ZNAXIS = ${n} is out of range`);
  return Array.from({ length: n }, (_, i) => {
    const v = intKey(h, `ZNAXIS${i + 1}`);
    if (v < 0) throw new Error(`compressed FITS ZNAXIS${i + 1} = ${v} is negative`);
    return v;
  });
}

// Keywords that describe the table or the compression, not the image: hidden from the image header.
const TABLE_KEYS =
  /^(XTENSION|BITPIX|NAXIS\d*|PCOUNT|GCOUNT|TFIELDS|T(TYPE|FORM|UNIT|DIM|NULL|SCAL|ZERO|DISP)\d+|THEAP|ZIMAGE|ZCMPTYPE|ZBITPIX|ZNAXIS\d*|ZTILE\d+|ZNAME\d+|ZVAL\d+|ZQUANTIZ|ZDITHER0|ZSIMPLE|ZEXTEND|ZBLOCKED|ZTENSION|ZPCOUNT|ZGCOUNT|ZHECKSUM|ZDATASUM|ZBLANK|ZSCALE|ZZERO|CHECKSUM|DATASUM)$/;

/** The header of the image as it was before compression: Z-keywords translated back, table keywords removed, ZCMPTYPE (and ZQUANTIZ) kept as notes. */
export function imageHeaderOf(table: FitsHeader): FitsHeader {
  const out: FitsHeader = {};
  if (table.ZSIMPLE !== undefined) out.SIMPLE = table.ZSIMPLE;
  else out.XTENSION = typeof table.ZTENSION === 'string' ? table.ZTENSION : 'IMAGE';
  out.BITPIX = table.ZBITPIX;
  const ax = compressedAxes(table);
  out.NAXIS = ax.length;
  ax.forEach((n, i) => {
    out[`NAXIS${i + 1}`] = n;
  });
  if (table.ZSIMPLE === undefined) {
    out.PCOUNT = table.ZPCOUNT ?? 0;
    out.GCOUNT = table.ZGCOUNT ?? 1;
  }
  if (table.ZEXTEND !== undefined) out.EXTEND = table.ZEXTEND;
  for (const [key, value] of Object.entries(table)) {
    if (TABLE_KEYS.test(key) || key in out) continue;
    // fpack names the table COMPRESSED_IMAGE when the image had no name; astropy hides that too.
    if (key === 'EXTNAME' && value === 'COMPRESSED_IMAGE') continue;
    out[key] = value;
  }
  if (table.ZHECKSUM !== undefined) out.CHECKSUM = table.ZHECKSUM;
  if (table.ZDATASUM !== undefined) out.DATASUM = table.ZDATASUM;
  // Kept, last, as the one note of how the image was stored: the header viewer shows the codec,
  // and whether floats were quantised (lossy) or not.
  out.ZCMPTYPE = compressionOf(table);
  if (typeof table.ZQUANTIZ === 'string' && Number(table.ZBITPIX) < 0) out.ZQUANTIZ = table.ZQUANTIZ;
  return out;
}

interface Column {
  name: string;
  offset: number; // byte offset in the row
  type: string; // B I J K E D … (for P/Q descriptors: the heap element type)
  descriptor: '' | 'P' | 'Q';
}

const TYPE_BYTES: Record<string, number> = { L: 1, B: 1, I: 2, J: 4, K: 8, A: 1, E: 4, D: 8, C: 8, M: 16 };

function columns(h: FitsHeader): Column[] {
  const out: Column[] = [];
  let offset = 0;
  const n = intKey(h, 'TFIELDS');
  for (let i = 1; i <= n; i++) {
    const form = String(h[`TFORM${i}`] ?? '')
      .trim()
      .toUpperCase();
    const m = /^(\d*)([LXBIJKAEDCMPQ])([A-Z]?)/.exec(form);
    if (!m) throw new Error(`compressed FITS column ${i} has an unreadable TFORM '${form}'`);
    const repeat = m[1] === '' ? 1 : Number(m[1]);
    const code = m[2];
    const name = String(h[`TTYPE${i}`] ?? '')
      .trim()
      .toUpperCase();
    if (code === 'P' || code === 'Q') {
      if (!TYPE_BYTES[m[3]]) throw new Error(`compressed FITS column ${name} has an unreadable TFORM '${form}'`);
      out.push({ name, offset, type: m[3], descriptor: code });
      offset += repeat * (code === 'P' ? 8 : 16);
    } else {
      out.push({ name, offset, type: code, descriptor: '' });
      offset += code === 'X' ? Math.ceil(repeat / 8) : repeat * TYPE_BYTES[code];
    }
  }
  if (offset !== intKey(h, 'NAXIS1')) throw new Error('compressed FITS table: its columns do not add up to its row width (NAXIS1)');
  return out;
}

/** A big-endian reader of one table value of a given type. */
function readValue(view: DataView, at: number, type: string): number {
  switch (type) {
    case 'B':
      return view.getUint8(at);
    case 'I':
      return view.getInt16(at, false);
    case 'J':
      return view.getInt32(at, false);
    case 'K':
      return Number(view.getBigInt64(at, false));
    case 'E':
      return view.getFloat32(at, false);
    case 'D':
      return view.getFloat64(at, false);
    default:
      throw new Error(`compressed FITS: a column of type ${type} where a number was expected`);
  }
}

// One tile is decoded at a time; this bounds the memory that takes (two 4-byte arrays per pixel).
const MAX_TILE_PIXELS = 2 ** 25;

const QUANTIZE_METHODS = ['NO_DITHER', 'SUBTRACTIVE_DITHER_1', 'SUBTRACTIVE_DITHER_2'] as const;
const ZERO_VALUE = -2147483646; // SUBTRACTIVE_DITHER_2 stores exact zeros as this

/** Everything needed to decode tiles of one compressed HDU, read once from its header. */
class CompressedTable {
  readonly codec: string;
  readonly zbitpix: number;
  readonly axes: number[];
  readonly tile: number[];
  readonly grid: number[]; // tiles along each axis
  private readonly view: DataView;
  private readonly rowBytes: number;
  private readonly rows: number;
  private readonly heapStart: number;
  private readonly heapEnd: number;
  private readonly cols: Map<string, Column>;
  private readonly param: Map<string, number>;
  private readonly lossless: boolean;
  private readonly dither: 'none' | 'subtractive1' | 'subtractive2';
  private readonly ditherSeed: number;

  constructor(
    bytes: Uint8Array,
    private readonly h: FitsHeader,
    dataStart: number,
    size: number,
  ) {
    this.codec = compressionOf(h);
    this.zbitpix = intKey(h, 'ZBITPIX');
    if (![8, 16, 32, 64, -32, -64].includes(this.zbitpix)) throw new Error(`compressed FITS ZBITPIX = ${this.zbitpix} is not one of 8, 16, 32, 64, -32, -64`);
    this.axes = compressedAxes(h);
    this.tile = this.axes.map((n, i) => {
      const t = intKey(h, `ZTILE${i + 1}`, i === 0 ? n : 1);
      if (t < 1) throw new Error(`compressed FITS ZTILE${i + 1} = ${t} is not positive`);
      return t;
    });
    this.grid = this.axes.map((n, i) => Math.ceil(n / this.tile[i]));
    this.view = new DataView(bytes.buffer, bytes.byteOffset + dataStart, size);
    this.rowBytes = intKey(h, 'NAXIS1');
    this.rows = intKey(h, 'NAXIS2');
    const expected = this.grid.reduce((a, b) => a * b, 1);
    if (this.rows < expected) throw new Error(`compressed FITS table has ${this.rows} rows (one per tile) where the image needs ${expected} tiles`);
    this.heapStart = intKey(h, 'THEAP', this.rowBytes * this.rows);
    this.heapEnd = size;
    this.cols = new Map(columns(h).map((c) => [c.name, c]));
    if (!this.cols.has('COMPRESSED_DATA')) throw new Error('compressed FITS table has no COMPRESSED_DATA column');
    this.param = new Map();
    for (let i = 1; h[`ZNAME${i}`] !== undefined; i++) {
      const v = h[`ZVAL${i}`];
      if (typeof v === 'number') this.param.set(String(h[`ZNAME${i}`]).trim().toUpperCase(), v);
    }
    // As cfitsio: a float image without per-tile ZSCALE/ZZERO columns was stored losslessly.
    const quantized = this.zbitpix < 0 && (this.cols.has('ZSCALE') || this.cols.has('ZZERO'));
    const method = String(h.ZQUANTIZ ?? 'NO_DITHER')
      .trim()
      .toUpperCase();
    this.lossless = this.zbitpix < 0 && (!quantized || method === 'NONE');
    if (!this.lossless && this.zbitpix < 0 && method !== 'NONE' && !(QUANTIZE_METHODS as readonly string[]).includes(method)) {
      throw new Error(`compressed FITS ZQUANTIZ = '${method}' is not a quantisation method this reader knows`);
    }
    this.dither = method === 'SUBTRACTIVE_DITHER_1' ? 'subtractive1' : method === 'SUBTRACTIVE_DITHER_2' ? 'subtractive2' : 'none';
    this.ditherSeed = intKey(h, 'ZDITHER0', 1);
  }

  /** The [count, heap offset] of a variable-length cell, checked to lie inside the heap. */
  private cell(col: Column, row: number, elementBytes: number): { count: number; at: number } | null {
    const at = row * this.rowBytes + col.offset;
    const count = col.descriptor === 'P' ? this.view.getInt32(at, false) : Number(this.view.getBigInt64(at, false));
    const offset = col.descriptor === 'P' ? this.view.getInt32(at + 4, false) : Number(this.view.getBigInt64(at + 8, false));
    if (count === 0) return null;
    const start = this.heapStart + offset;
    if (count < 0 || offset < 0 || start + count * elementBytes > this.heapEnd) {
      throw new CorruptTileError(`corrupt compressed FITS: tile ${row + 1} points outside the file's heap`);
    }
    return { count, at: start };
  }

  private cellBytes(col: Column, row: number): Uint8Array | null {
    const c = this.cell(col, row, 1);
    return c && new Uint8Array(this.view.buffer, this.view.byteOffset + c.at, c.count);
  }

  /** A per-tile value from a column, else the keyword of the same name, else undefined. */
  private perTile(name: string, row: number): number | undefined {
    const col = this.cols.get(name);
    if (col && col.descriptor === '') return readValue(this.view, row * this.rowBytes + col.offset, col.type);
    return numKey(this.h, name);
  }

  /** Tile `row` (0-based) as physical values (NaN = missing), `count` of them, in FITS order. */
  decodeTile(row: number, count: number): Float32Array {
    if (count > MAX_TILE_PIXELS)
      throw new Error(
        `a compressed tile of ${count} pixels is larger than this reader handles (${MAX_TILE_PIXELS / 2 ** 20} Mpixel); re-tile it with fpack -t`,
      );
    const compressed = this.cellBytes(this.cols.get('COMPRESSED_DATA')!, row);
    if (!compressed) return this.fallbackTile(row, count);

    let ints: ArrayLike<number>;
    let floats = false;
    switch (this.codec) {
      case 'RICE_1':
      case 'RICE_ONE': {
        const bytepix = this.param.get('BYTEPIX') ?? 4;
        ints = riceDecode(compressed, count, this.param.get('BLOCKSIZE') ?? 32, bytepix);
        break;
      }
      case 'GZIP_1':
      case 'GZIP_2': {
        const { values, isFloat } = unpackBigEndian(inflateBounded(compressed, count * 8), count, this.codec === 'GZIP_2', this.lossless, row);
        ints = values;
        floats = isFloat;
        break;
      }
      case 'PLIO_1': {
        const col = this.cols.get('COMPRESSED_DATA')!;
        const c = this.cell(col, row, 2)!;
        const list = new Int16Array(c.count);
        for (let i = 0; i < c.count; i++) list[i] = this.view.getInt16(c.at + 2 * i, false);
        ints = plioDecode(list, count);
        break;
      }
      case 'HCOMPRESS_1':
        ints = hdecompress(compressed, (this.param.get('SMOOTH') ?? 0) !== 0, count).values;
        break;
      case 'NOCOMPRESS': {
        const { values, isFloat } = unpackBigEndian(compressed, count, false, this.lossless, row);
        ints = values;
        floats = isFloat;
        break;
      }
      default:
        throw new Error(`compressed FITS codec '${this.codec}' is not one of RICE_1, GZIP_1, GZIP_2, PLIO_1, HCOMPRESS_1`);
    }
    if (ints.length !== count) throw new CorruptTileError(`corrupt compressed FITS: tile ${row + 1} decodes to ${ints.length} pixels, not ${count}`);
    return this.toPhysical(ints, floats, row);
  }

  /** Integers (or lossless floats) of one tile → physical values, as cfitsio's imcomp_decompress_tile scales them. */
  private toPhysical(raw: ArrayLike<number>, floats: boolean, row: number): Float32Array {
    const n = raw.length;
    const out = new Float32Array(n);
    let scale = this.perTile('ZSCALE', row) ?? 1;
    let zero = this.perTile('ZZERO', row) ?? 0;
    const bscale = numKey(this.h, 'BSCALE') ?? 1;
    const bzero = numKey(this.h, 'BZERO') ?? 0;
    if (this.zbitpix < 0 && this.cols.has('ZSCALE') && (bscale !== 1 || bzero !== 0)) {
      scale *= bscale;
      zero = zero * bscale + bzero;
    }
    if (scale === 1 && zero === 0) {
      scale = bscale;
      zero = bzero;
    }
    if (floats || this.lossless) {
      // Lossless floats: NaN stays NaN; BSCALE/BZERO of a float image apply as usual.
      for (let i = 0; i < n; i++) out[i] = raw[i] * scale + zero;
      return out;
    }
    const blank = this.perTile('ZBLANK', row) ?? (this.zbitpix > 0 ? numKey(this.h, 'BLANK') : undefined);
    const dithered = this.zbitpix < 0 && this.dither !== 'none';
    if (!dithered) {
      for (let i = 0; i < n; i++) out[i] = raw[i] === blank ? NaN : raw[i] * scale + zero;
      return out;
    }
    const offsets = ditherOffsets();
    let iseed = (row + this.ditherSeed - 1) % offsets.length;
    let next = Math.floor(offsets[iseed] * 500);
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      if (v === blank) out[i] = NaN;
      else if (this.dither === 'subtractive2' && v === ZERO_VALUE) out[i] = 0;
      else out[i] = (v - offsets[next] + 0.5) * scale + zero;
      if (++next === offsets.length) {
        iseed = (iseed + 1) % offsets.length;
        next = Math.floor(offsets[iseed] * 500);
      }
    }
    return out;
  }

  /**
   * A tile stored without the main codec: raw values (UNCOMPRESSED_DATA; fpack -d, or a tile the
   * codec could not take) or gzipped floats (GZIP_COMPRESSED_DATA). Floats are returned as stored,
   * as cfitsio does; integers still carry the image's BSCALE/BZERO/BLANK.
   */
  private fallbackTile(row: number, count: number): Float32Array {
    const raw = this.cols.get('UNCOMPRESSED_DATA');
    if (raw) {
      const size = TYPE_BYTES[raw.type];
      const c = this.cell(raw, row, size);
      if (c) {
        if (c.count !== count) throw new CorruptTileError(`corrupt compressed FITS: uncompressed tile ${row + 1} has ${c.count} pixels, not ${count}`);
        const floats = raw.type === 'E' || raw.type === 'D';
        const values = floats ? new Float64Array(count) : new Int32Array(count);
        for (let i = 0; i < count; i++) values[i] = readValue(this.view, c.at + i * size, raw.type);
        return floats ? Float32Array.from(values) : this.toPhysical(values, false, row);
      }
    }
    const gz = this.cols.get('GZIP_COMPRESSED_DATA');
    const bytes = gz && this.cellBytes(gz, row);
    if (bytes) {
      const { values, isFloat } = unpackBigEndian(inflateBounded(bytes, count * 8), count, false, true, row);
      if (!isFloat) throw new CorruptTileError(`corrupt compressed FITS: gzipped float tile ${row + 1} is not 4 or 8 bytes per pixel`);
      return Float32Array.from(values);
    }
    throw new CorruptTileError(`corrupt compressed FITS: tile ${row + 1} has no data in any column`);
  }
}

/** zlib or gzip inflate of one tile, stopped as soon as it exceeds what a tile can hold. */
function inflateBounded(input: Uint8Array, maxBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const isGzip = input[0] === 0x1f && input[1] === 0x8b;
  const stream = isGzip ? new Gunzip() : new Unzlib();
  stream.ondata = (chunk: Uint8Array, final: boolean) => {
    total += chunk.length;
    if (total > maxBytes) throw new CorruptTileError('corrupt compressed FITS: a gzipped tile inflates to more than its pixels can hold');
    chunks.push(chunk);
    if (final) ended = true;
  };
  try {
    stream.push(input, true);
  } catch (e) {
    if (e instanceof CorruptTileError) throw e;
    throw new CorruptTileError('corrupt compressed FITS: a gzipped tile could not be inflated');
  }
  if (!ended) throw new CorruptTileError('corrupt compressed FITS: a gzipped tile is truncated');
  return concatBytes(chunks, total);
}

/**
 * Big-endian values of 1, 2, 4 or 8 bytes (the width follows from the length, as in cfitsio);
 * GZIP_2 stored them byte-shuffled (all most significant bytes first). Floats when `floatsWanted`
 * and the width is 4 or 8.
 */
function unpackBigEndian(
  bytes: Uint8Array,
  count: number,
  shuffled: boolean,
  floatsWanted: boolean,
  row: number,
): { values: ArrayLike<number>; isFloat: boolean } {
  const width = count === 0 ? 1 : bytes.length / count;
  if (![1, 2, 4, 8].includes(width)) throw new CorruptTileError(`corrupt compressed FITS: tile ${row + 1} holds ${bytes.length} bytes for ${count} pixels`);
  let data = bytes;
  if (shuffled && width > 1) {
    data = new Uint8Array(bytes.length);
    for (let i = 0; i < count; i++) for (let b = 0; b < width; b++) data[i * width + b] = bytes[b * count + i];
  }
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  const isFloat = floatsWanted && width >= 4;
  // Exact containers: 32-bit integers must survive until they are scaled and dithered.
  const values = width === 8 ? new Float64Array(count) : isFloat ? new Float32Array(count) : new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * width;
    values[i] =
      width === 1
        ? view.getUint8(at)
        : width === 2
          ? view.getInt16(at, false)
          : width === 4
            ? isFloat
              ? view.getFloat32(at, false)
              : view.getInt32(at, false)
            : isFloat
              ? view.getFloat64(at, false)
              : Number(view.getBigInt64(at, false));
  }
  return { values, isFloat };
}

/**
 * Reads one plane (counting over all axes beyond the second) of a compressed image into `acc`,
 * decoding only the tiles that overlap that plane, one at a time.
 */
export function readCompressedImage(
  bytes: Uint8Array,
  header: FitsHeader,
  dataStart: number,
  size: number,
  plane: number,
  acc: (width: number, height: number) => BlockAverager,
): BlockAverager {
  const table = new CompressedTable(bytes, header, dataStart, size);
  const [width, height, ...rest] = table.axes;
  const out = acc(width, height);
  // Position of the plane along each higher axis, then which tile and where in it.
  const pos: number[] = [];
  let p = plane;
  for (const n of rest) {
    pos.push(p % n);
    p = Math.floor(p / n);
  }
  const [tw, th] = table.tile;
  let tileBase = 0; // index of the tile row at (0, 0) in the chosen plane
  let inTile = 0; // offset of the plane inside those tiles, in tile-pixels of the first two axes
  let stride = table.grid[0] * table.grid[1];
  let inStride = 1;
  for (let k = 0; k < rest.length; k++) {
    const t = table.tile[k + 2];
    tileBase += Math.floor(pos[k] / t) * stride;
    stride *= table.grid[k + 2];
    inTile += (pos[k] % t) * inStride;
    inStride *= Math.min(t, rest[k] - Math.floor(pos[k] / t) * t);
  }
  for (let ty = 0; ty < table.grid[1]; ty++) {
    for (let tx = 0; tx < table.grid[0]; tx++) {
      const row = tileBase + ty * table.grid[0] + tx;
      const x0 = tx * tw;
      const y0 = ty * th;
      const w = Math.min(tw, width - x0);
      const h = Math.min(th, height - y0);
      const values = table.decodeTile(row, w * h * inStride);
      const base = inTile * w * h;
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.add(x0 + x, y0 + y, values[base + y * w + x]);
    }
  }
  return out;
}
