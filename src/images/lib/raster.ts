/**
 * Structural checks of PNG and JPEG files before they reach the platform decoder. Browsers
 * silently render a truncated PNG/JPEG as a partly grey picture; we would rather tell the user.
 * We also read the pixel size first so that a huge image can be downsampled while decoding.
 */
export interface RasterInfo {
  width: number;
  height: number;
}

const u32 = (b: Uint8Array, o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
const u16 = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];

export function checkPng(bytes: Uint8Array): RasterInfo {
  let o = 8;
  let info: RasterInfo | undefined;
  let sawData = false;
  while (o + 12 <= bytes.length) {
    const length = u32(bytes, o);
    const type = String.fromCharCode(bytes[o + 4], bytes[o + 5], bytes[o + 6], bytes[o + 7]);
    if (o + 12 + length > bytes.length) break;
    if (!info) {
      if (type !== 'IHDR' || length < 8) throw new Error('corrupt PNG: the first chunk is not IHDR');
      info = { width: u32(bytes, o + 8), height: u32(bytes, o + 12) };
      if (info.width === 0 || info.height === 0) throw new Error('corrupt PNG: zero width or height');
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') {
      if (!sawData) throw new Error('corrupt PNG: no image data (IDAT) chunk');
      return info;
    }
    o += 12 + length;
  }
  throw new Error('truncated PNG: the file ends before its IEND chunk');
}

// SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

export function checkJpeg(bytes: Uint8Array): RasterInfo {
  let o = 2;
  let info: RasterInfo | undefined;
  while (o + 4 <= bytes.length && !info) {
    if (bytes[o] !== 0xff) throw new Error('corrupt JPEG: bad marker structure');
    const marker = bytes[o + 1];
    if (marker === 0xff) {
      o++;
      continue;
    } // fill byte
    const length = u16(bytes, o + 2);
    if (isSof(marker)) {
      if (o + 9 > bytes.length) break;
      info = { height: u16(bytes, o + 5), width: u16(bytes, o + 7) };
    } else if (marker === 0xda) {
      throw new Error('corrupt JPEG: image data before the frame header');
    }
    o += 2 + length;
  }
  if (!info) throw new Error('truncated JPEG: no frame header found');
  if (info.width === 0 || info.height === 0) throw new Error('corrupt JPEG: zero width or height');
  // The end-of-image marker may be followed by padding; look for it near the end.
  const tail = bytes.subarray(Math.max(0, bytes.length - 4096));
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return info;
  throw new Error('truncated JPEG: the end-of-image marker is missing');
}
