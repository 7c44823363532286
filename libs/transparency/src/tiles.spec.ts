import { decodeEntryBundle, encodeEntryBundle, encodeTileIndex, parseTilePath, partialTileWidth, tilePath } from './tiles';

describe('tlog-tiles paths and bundles', () => {
  it('encode indexes in three-digit groups as the spec shows', () => {
    expect(encodeTileIndex(1234067)).toBe('x001/x234/067');
    expect(encodeTileIndex(0)).toBe('000');
    expect(encodeTileIndex(1000)).toBe('x001/000');
    expect(tilePath({ level: 0, index: 1234067, width: 12 })).toBe('tile/0/x001/x234/067.p/12');
    expect(tilePath({ level: 'entries', index: 3, width: undefined })).toBe('tile/entries/003');
  });

  it('parse back only well-formed paths', () => {
    expect(parseTilePath('0/x001/x234/067')).toEqual({ level: 0, index: 1234067, width: undefined });
    expect(parseTilePath('entries/005.p/255')).toEqual({ level: 'entries', index: 5, width: 255 });
    expect(parseTilePath('entries/005.p/17')).toEqual({ level: 'entries', index: 5, width: 17 });
    for (const bad of ['0/5', '0/x000/005', '64/000', '01/000', '0/000.p/0', '0/000.p/256', '0/../000', '0/000/']) expect(parseTilePath(bad)).toBeNull();
  });

  it('size partial tiles as the spec example: 70,000 leaves', () => {
    expect([0, 1, 2].map((level) => partialTileWidth(level, 70_000))).toEqual([112, 17, 1]);
    expect(partialTileWidth(0, 256)).toBe(0);
    expect(partialTileWidth(1, 256)).toBe(1);
  });

  it('length-prefix entries in bundles', () => {
    const entries = [Buffer.from('a'), Buffer.alloc(0), Buffer.from('bcd')];
    const bundle = encodeEntryBundle(entries);
    expect(bundle.toString('hex')).toBe('000161' + '0000' + '0003626364');
    expect(decodeEntryBundle(bundle)).toEqual(entries);
    expect(() => decodeEntryBundle(bundle.subarray(0, -1))).toThrow(RangeError);
  });
});
