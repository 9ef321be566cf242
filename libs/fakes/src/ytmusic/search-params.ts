// The `params` of an innertube search is a base64 protobuf; field 2 → 17 holds one flag
// per filter (1 songs, 2 videos, 3 albums, 4 artists, 5 playlists). Clients write it in
// several ways (ytmusic-api and NewPipe differ after the flags), so the fake compares
// the filter, not the string.

export type SearchFilter = 'songs' | 'videos' | 'albums' | 'artists' | 'playlists' | 'all';

const FILTER_FIELDS: Record<number, SearchFilter> = { 1: 'songs', 2: 'videos', 3: 'albums', 4: 'artists', 5: 'playlists' };

function readVarint(bytes: Uint8Array, offset: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let position = offset;
  for (;;) {
    const byte = bytes[position++];
    if (byte === undefined) throw new Error('truncated varint');
    value += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return [value, position];
    shift += 7;
  }
}

/** Field number → raw value (varint number or length-delimited bytes) of one protobuf message. */
function readMessage(bytes: Uint8Array): Map<number, number | Uint8Array> {
  const fields = new Map<number, number | Uint8Array>();
  let offset = 0;
  while (offset < bytes.length) {
    const [key, afterKey] = readVarint(bytes, offset);
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (wireType === 0) {
      const [value, next] = readVarint(bytes, afterKey);
      fields.set(field, value);
      offset = next;
    } else if (wireType === 2) {
      const [length, start] = readVarint(bytes, afterKey);
      fields.set(field, bytes.subarray(start, start + length));
      offset = start + length;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
  }
  return fields;
}

/** Which kind of result a search asks for; 'all' without params or with params that set no filter. */
export function decodeSearchFilter(params: string | null | undefined): SearchFilter {
  if (!params) return 'all';
  try {
    const base64 = decodeURIComponent(params).replace(/-/g, '+').replace(/_/g, '/');
    const outer = readMessage(Buffer.from(base64, 'base64'));
    const filterSection = outer.get(2);
    if (!(filterSection instanceof Uint8Array)) return 'all';
    const flags = readMessage(filterSection).get(17);
    if (!(flags instanceof Uint8Array)) return 'all';
    for (const [field, value] of readMessage(flags)) if (value === 1 && FILTER_FIELDS[field]) return FILTER_FIELDS[field]!;
    return 'all';
  } catch {
    return 'all';
  }
}
