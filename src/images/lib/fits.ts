/**
 * A small, strict FITS image reader: enough of the standard (FITS 4.0, §4–7) to find the first
 * 2-D image in a file and turn it into float32 with BSCALE/BZERO/BLANK applied. Tile-compressed
 * images (§10, fpack's .fits.fz) count as images too; `tileCompression.ts` decodes them. Every way
 * a file can be wrong ends in an Error whose message is meant for the user.
 *
 * Written here rather than taken from npm: the maintained reader (fitsjs-ng) brings nine runtime
 * dependencies (HEALPix, MOC WASM, XML, zstd, …) for formats we do not read, and we need bounded
 * memory on hostile headers, which a streaming-free reader of 200 lines gives us directly.
 */
import { intKey, type FitsHeader, type HeaderValue } from './fitsKeywords';
import { BlockAverager } from './blockAverage';
import { compressedAxes, isCompressedImage, readCompressedImage, compressionOf, imageHeaderOf } from './tileCompression';

export type { FitsHeader, HeaderValue };

export interface FitsImage {
  width: number;
  height: number;
  /** Row-major in FITS order: row 0 is the *bottom* row of the image (as astropy/numpy index it). NaN = missing. */
  data: Float32Array;
  header: FitsHeader;
  /** 0 = primary HDU. */
  hduIndex: number;
  /** Integer factor by which the image was block-averaged to respect `maxSide` (1 = full resolution). */
  downsample: number;
  /** Which plane of a cube this is, and how many there are (1 for a 2-D image). */
  plane: number;
  planes: number;
  /** Tile-compression codec (ZCMPTYPE) the image was stored with; absent for a plain image. */
  compression?: string;
}

export interface FitsReadOptions {
  /** Larger images are block-averaged so that neither side exceeds this; memory stays bounded. */
  maxSide?: number;
  /** HDU to read (0 = primary); by default the first HDU that holds a 2-D image. */
  hdu?: number;
  /** Plane of a cube (counting over all axes beyond the second); default 0. */
  plane?: number;
}

/** One HDU as the HDU picker lists it. */
export interface HduSummary {
  index: number;
  type: string;
  axes: number[];
  bitpix: number;
  name?: string;
  isImage: boolean;
  /** Tile-compression codec (ZCMPTYPE, e.g. RICE_1) when the image is stored tile-compressed. */
  compression?: string;
}

const BLOCK = 2880;
const CARD = 80;
const MAX_HEADER_BLOCKS = 1000; // ~36k cards: far beyond any real header, stops a file of spaces from looping.

export function parseHeaderValue(raw: string): HeaderValue {
  const s = raw.trimStart();
  if (s.startsWith("'")) {
    // String: '' is an escaped quote; trailing spaces are not significant.
    let out = '';
    for (let i = 1; i < s.length; i++) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          out += "'";
          i++;
        } else break;
      } else out += s[i];
    }
    return out.trimEnd();
  }
  const v = s.split('/')[0].trim();
  if (v === 'T') return true;
  if (v === 'F') return false;
  if (v === '') return null;
  const n = Number(v.replace(/[dD]/, 'E'));
  return Number.isNaN(n) ? v : n;
}

interface HeaderBlock {
  header: FitsHeader;
  dataStart: number;
}

function readHeader(bytes: Uint8Array, start: number): HeaderBlock {
  const header: FitsHeader = {};
  const decoder = new TextDecoder('latin1');
  for (let block = 0; block < MAX_HEADER_BLOCKS; block++) {
    const blockStart = start + block * BLOCK;
    if (blockStart + BLOCK > bytes.length) {
      throw new Error('truncated FITS: the header ends before its END card');
    }
    for (let c = 0; c < BLOCK / CARD; c++) {
      const card = decoder.decode(bytes.subarray(blockStart + c * CARD, blockStart + (c + 1) * CARD));
      const key = card.slice(0, 8).trimEnd();
      if (key === 'END') return { header, dataStart: blockStart + BLOCK };
      if (card.slice(8, 10) === '= ' && key && !(key in header)) header[key] = parseHeaderValue(card.slice(10));
    }
  }
  throw new Error('not a valid FITS header: no END card');
}

function axes(h: FitsHeader): number[] {
  const naxis = intKey(h, 'NAXIS');
  if (naxis < 0 || naxis > 999) throw new Error(`FITS NAXIS = ${naxis} is out of range`);
  const out: number[] = [];
  for (let i = 1; i <= naxis; i++) {
    const n = intKey(h, `NAXIS${i}`);
    if (n < 0) throw new Error(`FITS NAXIS${i} = ${n} is negative`);
    out.push(n);
  }
  return out;
}

const BYTES_PER_BITPIX: Record<number, number> = { 8: 1, 16: 2, 32: 4, 64: 8, [-32]: 4, [-64]: 8 };

function dataUnitBytes(h: FitsHeader): number {
  const bitpix = intKey(h, 'BITPIX');
  const bpp = BYTES_PER_BITPIX[bitpix];
  if (!bpp) throw new Error(`FITS BITPIX = ${bitpix} is not one of 8, 16, 32, 64, -32, -64`);
  const ax = axes(h);
  if (ax.length === 0) return 0;
  const pcount = intKey(h, 'PCOUNT', 0);
  const gcount = intKey(h, 'GCOUNT', 1);
  // Random-groups files (NAXIS1 = 0) do not count the first axis.
  const dims = h.GROUPS === true && ax[0] === 0 ? ax.slice(1) : ax;
  return bpp * gcount * (pcount + dims.reduce((a, b) => a * b, 1));
}

/** A reader of one big-endian sample as a JS number, chosen once per image. */
function sampleReader(view: DataView, bitpix: number): (offset: number) => number {
  switch (bitpix) {
    case 8:
      return (o) => view.getUint8(o);
    case 16:
      return (o) => view.getInt16(o, false);
    case 32:
      return (o) => view.getInt32(o, false);
    case 64:
      return (o) => Number(view.getBigInt64(o, false));
    case -32:
      return (o) => view.getFloat32(o, false);
    case -64:
      return (o) => view.getFloat64(o, false);
    default:
      throw new Error(`unsupported BITPIX ${bitpix}`);
  }
}

function isImageHdu(h: FitsHeader, index: number): boolean {
  if (index === 0) return h.SIMPLE === true;
  return h.XTENSION === 'IMAGE';
}

interface HduLocation {
  index: number;
  header: FitsHeader;
  dataStart: number;
  size: number;
}

/** Walks the HDUs of a file, yielding each header and where its data are; stops at the first malformed one. */
function* walkHdus(bytes: Uint8Array): Generator<HduLocation> {
  if (bytes.length === 0) throw new Error('empty file');
  if (bytes.length < BLOCK) throw new Error('truncated FITS: shorter than one 2880-byte header block');
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 9)) !== 'SIMPLE  =') {
    throw new Error('not a FITS file: it does not start with SIMPLE');
  }
  let offset = 0;
  for (let index = 0; offset < bytes.length; index++) {
    const { header, dataStart } = readHeader(bytes, offset);
    const size = dataUnitBytes(header);
    yield { index, header, dataStart, size };
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    // Anything after the last HDU that is not a full extension header is "special records": stop there.
    if (offset + BLOCK > bytes.length) return;
    if (new TextDecoder('latin1').decode(bytes.subarray(offset, offset + 8)) !== 'XTENSION') return;
  }
}

/** The image axes of an HDU: its own, or those of the image a tile-compressed table holds. */
const imageAxes = (h: FitsHeader) => (isCompressedImage(h) ? compressedAxes(h) : axes(h));

const holdsImage = (h: FitsHeader, index: number) => {
  const ax = imageAxes(h);
  return (isImageHdu(h, index) || isCompressedImage(h)) && ax.length >= 2 && ax[0] > 0 && ax[1] > 0;
};

export function listHdus(bytes: Uint8Array): HduSummary[] {
  return [...walkHdus(bytes)].map(({ index, header }) => {
    const compressed = isCompressedImage(header);
    return {
      index,
      type: index === 0 ? 'PRIMARY' : compressed ? 'IMAGE' : String(header.XTENSION ?? '?'),
      axes: imageAxes(header),
      bitpix: intKey(header, compressed ? 'ZBITPIX' : 'BITPIX'),
      name: typeof header.EXTNAME === 'string' && !(compressed && header.EXTNAME === 'COMPRESSED_IMAGE') ? header.EXTNAME : undefined,
      isImage: holdsImage(header, index),
      ...(compressed ? { compression: compressionOf(header) } : {}),
    };
  });
}

export function readFitsImage(bytes: Uint8Array, options: FitsReadOptions = {}): FitsImage {
  const maxSide = options.maxSide ?? 2048;
  for (const hdu of walkHdus(bytes)) {
    const { index, header, dataStart, size } = hdu;
    if (options.hdu !== undefined && index !== options.hdu) continue;
    if (!holdsImage(header, index)) {
      if (options.hdu !== undefined) throw new Error(`HDU ${index} holds no 2-D image`);
      continue;
    }
    if (dataStart + size > bytes.length) {
      throw new Error(`truncated FITS: the image needs ${size} bytes of data but only ${bytes.length - dataStart} are present`);
    }
    if (isCompressedImage(header)) return decodeCompressed(bytes, header, dataStart, size, index, maxSide, options.plane ?? 0);
    return decodeImage(bytes, header, dataStart, index, maxSide, options.plane ?? 0);
  }
  if (options.hdu !== undefined) throw new Error(`this FITS file has no HDU ${options.hdu}`);
  throw new Error('no 2-D image in this FITS file (no HDU with NAXIS ≥ 2)');
}

function checkPlane(ax: number[], plane: number): number {
  const planes = ax.slice(2).reduce((a, b) => a * b, 1);
  if (!Number.isInteger(plane) || plane < 0 || plane >= planes) {
    throw new Error(`plane ${plane} does not exist: this image has ${planes} plane${planes === 1 ? '' : 's'}`);
  }
  return planes;
}

function decodeCompressed(bytes: Uint8Array, table: FitsHeader, dataStart: number, size: number, hduIndex: number, maxSide: number, plane: number): FitsImage {
  const planes = checkPlane(compressedAxes(table), plane);
  const acc = readCompressedImage(bytes, table, dataStart, size, plane, (w, h) => new BlockAverager(w, h, maxSide));
  return {
    width: acc.width,
    height: acc.height,
    data: acc.finish(),
    header: imageHeaderOf(table),
    hduIndex,
    downsample: acc.factor,
    plane,
    planes,
    compression: compressionOf(table),
  };
}

function decodeImage(bytes: Uint8Array, header: FitsHeader, dataStart: number, hduIndex: number, maxSide: number, plane: number): FitsImage {
  const [width, height] = axes(header);
  const planes = checkPlane(axes(header), plane);
  const bitpix = intKey(header, 'BITPIX');
  const bpp = BYTES_PER_BITPIX[bitpix];
  const bscale = typeof header.BSCALE === 'number' ? header.BSCALE : 1;
  const bzero = typeof header.BZERO === 'number' ? header.BZERO : 0;
  const blank = bitpix > 0 && typeof header.BLANK === 'number' ? header.BLANK : undefined;
  const planeBytes = width * height * bpp;
  const read = sampleReader(new DataView(bytes.buffer, bytes.byteOffset + dataStart + plane * planeBytes, planeBytes), bitpix);

  const acc = new BlockAverager(width, height, maxSide);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const raw = read((y * width + x) * bpp);
      if (raw !== blank) acc.add(x, y, bzero + bscale * raw);
    }
  }
  return { width: acc.width, height: acc.height, data: acc.finish(), header, hduIndex, downsample: acc.factor, plane, planes };
}
