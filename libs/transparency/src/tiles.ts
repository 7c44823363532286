/** Tile paths and bundles of c2sp.org/tlog-tiles: 256 hashes per full tile, 8 tree levels per tile level. */

export const TILE_WIDTH = 256;
export const TILE_HEIGHT = 8;

export interface TileAddress {
  /** 0..63 for hash tiles; 'entries' for entry bundles. */
  readonly level: number | 'entries';
  readonly index: number;
  /** 1..255 for a partial tile; undefined for a full one. */
  readonly width: number | undefined;
}

/** `1234067` -> `x001/x234/067`: three-digit groups, all but the last prefixed with `x`. */
export function encodeTileIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`Tile index must be a non-negative integer, got ${index}`);
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}

export function tilePath({ level, index, width }: TileAddress): string {
  return `tile/${level}/${encodeTileIndex(index)}${width === undefined ? '' : `.p/${width}`}`;
}

/** Reads the part of a tile path after `tile/`; null when it is not a well-formed tile path. */
export function parseTilePath(path: string): TileAddress | null {
  const match = /^(entries|0|[1-9]\d?)\/((?:x\d{3}\/)*)(\d{3})(?:\.p\/([1-9]\d{0,2}))?$/.exec(path);
  if (!match) return null;
  const level = match[1] === 'entries' ? 'entries' : Number(match[1]);
  if (level !== 'entries' && level > 63) return null;
  const groups = [...match[2].split('/').filter((group) => group !== '').map((group) => group.slice(1)), match[3]];
  // No leading zero groups: index 5 is 005, never x000/005.
  if (groups.length > 1 && groups[0] === '000') return null;
  if (groups.length > 6) return null;
  const index = groups.reduce((total, group) => total * 1000 + Number(group), 0);
  const width = match[4] === undefined ? undefined : Number(match[4]);
  if (width !== undefined && width >= TILE_WIDTH) return null;
  return { level, index, width };
}

/** Entry bundles: each entry prefixed by its length as a big-endian uint16. */
export function encodeEntryBundle(entries: readonly Buffer[]): Buffer {
  return Buffer.concat(
    entries.flatMap((entry) => {
      if (entry.length > 0xffff) throw new RangeError('An entry is at most 65535 bytes');
      const length = Buffer.alloc(2);
      length.writeUInt16BE(entry.length);
      return [length, entry];
    }),
  );
}

export function decodeEntryBundle(bundle: Buffer): Buffer[] {
  const entries: Buffer[] = [];
  let offset = 0;
  while (offset < bundle.length) {
    if (offset + 2 > bundle.length) throw new RangeError('Truncated entry bundle');
    const length = bundle.readUInt16BE(offset);
    if (offset + 2 + length > bundle.length) throw new RangeError('Truncated entry bundle');
    entries.push(bundle.subarray(offset + 2, offset + 2 + length));
    offset += 2 + length;
  }
  return entries;
}

/** The width of the partial tile at a level for a tree of `size` leaves (0: none). */
export function partialTileWidth(level: number, size: number): number {
  return Math.floor(size / TILE_WIDTH ** level) % TILE_WIDTH;
}
