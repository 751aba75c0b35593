/**
 * A Parquet LIST column (an embedding's LIST<FLOAT>, a neighbours struct's `ids` / `distances`)
 * read as one flat typed array per data page, with the rows found from the repetition levels.
 * hyparquet's own reader assembles such a column into one JS array per row (10⁵ × 768 values
 * become 10⁵ boxed arrays, the slow part of opening a dataset); here its lower-level page API
 * (page headers, decompression, level and value decoding) is used and the values are copied
 * straight into the caller's typed arrays. Row groups without a wanted row are never fetched, and
 * version-2 data pages without one are never decompressed. Pure: the caller supplies the bytes.
 */
import type { AsyncBuffer, DecodedArray, FileMetaData, PageHeader } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { convert, convertWithDictionary, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { readPlain } from 'hyparquet/src/plain.js';

/** hyparquet's description of a column for its page decoders. */
type ColumnDecoder = Parameters<typeof readDataPage>[2];
import { getMaxDefinitionLevel, getMaxRepetitionLevel, getSchemaPath } from 'hyparquet/src/schema.js';

/**
 * One data page's part of a row: `values[start, end)` belong to row `row` (a file row index).
 * A row may be split over pages (version-1 pages); pieces of a row arrive in order.
 */
export type ListPiece = (row: number, values: DecodedArray, start: number, end: number) => void;

export interface ListReadOptions {
  /** Only rows for which this is true are handed to `onPiece` (row groups and v2 pages without one are skipped). */
  wanted?: { first: number; last: number; has: (row: number) => boolean };
  /** Rows of the file passed so far (read or skipped), after each page. */
  onRows?: (rows: number) => void;
}

/** The leaf path of a LIST column (`embedding.list.element`), or of a struct's list field (`neighbors.ids.list.element`). */
export function listLeafPath(metadata: FileMetaData, column: string[]): string[] {
  const leaf = metadata.row_groups[0]?.columns.find((c) => column.every((name, i) => c.meta_data?.path_in_schema[i] === name))?.meta_data?.path_in_schema;
  if (!leaf) throw new Error(`the column "${column.join('.')}" is not in the file`);
  return leaf;
}

/** Reads the list column at `leafPath`, handing every row's values to `onPiece`. */
export async function readListColumn(
  file: AsyncBuffer,
  metadata: FileMetaData,
  leafPath: string[],
  onPiece: ListPiece,
  options: ListReadOptions = {},
): Promise<void> {
  const schemaPath = getSchemaPath(metadata.schema, leafPath);
  const element = schemaPath[schemaPath.length - 1].element;
  if (getMaxRepetitionLevel(schemaPath) !== 1) throw new Error(`the column "${leafPath[0]}" is not a list of values per row`);
  const maxDefinition = getMaxDefinitionLevel(schemaPath);
  const { wanted, onRows } = options;
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows);
    const start = groupStart;
    groupStart += groupRows;
    if (wanted && (wanted.last < start || wanted.first >= groupStart || !someIn(wanted, start, groupStart))) {
      onRows?.(groupStart);
      continue;
    }
    const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.join('.') === leafPath.join('.'))?.meta_data;
    if (!chunk) throw new Error(`a row group has no "${leafPath.join('.')}" column`);
    const begin = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
    const bytes = new Uint8Array(await file.slice(begin, begin + Number(chunk.total_compressed_size)));
    const decoder: ColumnDecoder = { pathInSchema: leafPath, type: chunk.type, element, schemaPath, codec: chunk.codec, parsers: DEFAULT_PARSERS };
    const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
    let dictionary: DecodedArray | undefined;
    // The row of the last level read: the first level of a column chunk starts its row 0.
    let row = start - 1;
    while (reader.offset < bytes.byteLength - 1 && row < groupStart) {
      const header = parquetHeader(reader);
      const body = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
      reader.offset += header.compressed_page_size;
      if (header.type === 'DICTIONARY_PAGE') {
        dictionary = dictionaryPage(body, header, decoder);
        continue;
      }
      const v2 = header.data_page_header_v2;
      // A v2 page starts at a row boundary and says how many rows it holds: one without a wanted row stays compressed.
      if (v2 && wanted && !someIn(wanted, row + 1, row + 1 + v2.num_rows)) {
        row += v2.num_rows;
        onRows?.(row + 1);
        continue;
      }
      const page = dataPage(body, header, decoder, maxDefinition);
      if (!page) continue;
      const values = convertWithDictionary(page.values, dictionary, (v2 ?? header.data_page_header)!.encoding, decoder);
      const { rep, def } = page;
      // Values exist only where the definition level is the maximum (an empty or null list has one level and no value).
      let value = 0;
      let pieceStart = 0;
      for (let i = 0; i < rep.length; i++) {
        if (rep[i] === 0) {
          if (row >= start && (!wanted || wanted.has(row)) && value > pieceStart) onPiece(row, values, pieceStart, value);
          row++;
          pieceStart = value;
        }
        if (def.length === 0 || def[i] === maxDefinition) value++;
      }
      if (row >= start && (!wanted || wanted.has(row)) && value > pieceStart) onPiece(row, values, pieceStart, value);
      onRows?.(row + 1);
    }
  }
}

function someIn(wanted: NonNullable<ListReadOptions['wanted']>, from: number, to: number): boolean {
  for (let r = Math.max(from, wanted.first); r < to && r <= wanted.last; r++) if (wanted.has(r)) return true;
  return false;
}

function dictionaryPage(body: Uint8Array, header: PageHeader, decoder: ColumnDecoder): DecodedArray {
  const page = decompressPage(body, header.uncompressed_page_size, decoder.codec, undefined);
  const reader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
  return convert(readPlain(reader, decoder.type, header.dictionary_page_header!.num_values, decoder.element.type_length), decoder);
}

/**
 * A data page's repetition levels, definition levels (empty when every entry has a value) and
 * values. The levels are decoded into byte arrays (hyparquet decodes them into JS arrays, which
 * takes most of the time for a 10⁵ × 768 column); values other than PLAIN go through hyparquet's own page reader.
 */
function dataPage(
  body: Uint8Array,
  header: PageHeader,
  decoder: ColumnDecoder,
  maxDefinition: number,
): { rep: ArrayLike<number>; def: ArrayLike<number>; values: DecodedArray } | undefined {
  const v2 = header.data_page_header_v2;
  const v1 = header.data_page_header;
  if (!v1 && !v2) return undefined;
  const encoding = (v2 ?? v1)!.encoding;
  if (encoding !== 'PLAIN') {
    const page = v2
      ? readDataPageV2(body, header, decoder)
      : readDataPage(decompressPage(body, header.uncompressed_page_size, decoder.codec, undefined), v1!, decoder);
    return { rep: page.repetitionLevels ?? [], def: page.definitionLevels ?? [], values: page.dataPage };
  }
  const count = (v2 ?? v1)!.num_values;
  const rep = new Uint8Array(count);
  let def = new Uint8Array(maxDefinition > 0 ? count : 0);
  let valuesBytes: Uint8Array;
  if (v2) {
    readRleBitPackedHybrid({ view: viewOf(body), offset: 0 }, 1, rep, v2.repetition_levels_byte_length);
    const levels = v2.repetition_levels_byte_length + v2.definition_levels_byte_length;
    if (v2.num_nulls === 0) def = new Uint8Array(0);
    else
      readRleBitPackedHybrid({ view: viewOf(body), offset: v2.repetition_levels_byte_length }, bitWidth(maxDefinition), def, v2.definition_levels_byte_length);
    const compressed = body.subarray(levels);
    valuesBytes = v2.is_compressed === false ? compressed : decompressPage(compressed, header.uncompressed_page_size - levels, decoder.codec, undefined);
  } else {
    const page = decompressPage(body, header.uncompressed_page_size, decoder.codec, undefined);
    const reader = { view: viewOf(page), offset: 0 };
    readRleBitPackedHybrid(reader, 1, rep);
    if (def.length) readRleBitPackedHybrid(reader, bitWidth(maxDefinition), def);
    valuesBytes = page.subarray(reader.offset);
  }
  let present = count;
  if (def.length) for (let i = 0; i < count; i++) if (def[i] !== maxDefinition) present--;
  if (present === count) def = new Uint8Array(0);
  return { rep, def, values: readPlain({ view: viewOf(valuesBytes), offset: 0 }, decoder.type, present, decoder.element.type_length) };
}

const viewOf = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const bitWidth = (max: number) => 32 - Math.clz32(max);
