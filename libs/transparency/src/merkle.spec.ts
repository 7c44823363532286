import fc from 'fast-check';
import {
  CompactTree,
  consistencyRanges,
  EMPTY_TREE_ROOT,
  foldNodes,
  Hash,
  inclusionRanges,
  LeafRange,
  leafHash,
  rangeNodes,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

const hex = (hash: Hash): string => hash.toString('hex');
const unhex = (text: string): Hash => Buffer.from(text, 'hex');

// The RFC 6962 reference leaves and roots, as published by transparency-dev/merkle (testonly) and
// used by every Certificate Transparency implementation: a log no other implementation agrees with
// proves nothing to anyone else.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// Inclusion vectors: leaf numbers are 1-based in the reference, as there.
const INCLUSION = [
  { leaf: 1, size: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { leaf: 6, size: 8, proof: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { leaf: 3, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { leaf: 2, size: 5, proof: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
  { leaf: 1, size: 1, proof: [] },
];
const CONSISTENCY = [
  { size1: 1, size2: 1, proof: [] },
  { size1: 1, size2: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { size1: 6, size2: 8, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { size1: 2, size2: 5, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
  { size1: 6, size2: 7, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
];

/** Hashes of the ranges a proof names, computed from leaf hashes in memory through the stored-node decomposition. */
function hashesOf(leaves: readonly Hash[], ranges: readonly LeafRange[]): Hash[] {
  return ranges.map((range) =>
    foldNodes(rangeNodes(range).map(({ level, index }) => rootFromLeafHashes(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level)))),
  );
}

const flip = (hash: Hash): Hash => {
  const copy = Buffer.from(hash);
  copy[0] ^= 0x10;
  return copy;
};

describe('RFC 6962 Merkle tree', () => {
  const leafHashes = LEAVES.map(leafHash);

  it('gives the reference root for every size 0..8, directly and through a compact tree', () => {
    expect(hex(EMPTY_TREE_ROOT)).toBe(ROOTS[0]);
    const compact = new CompactTree();
    expect(hex(compact.root())).toBe(ROOTS[0]);
    for (let size = 1; size <= LEAVES.length; size++) {
      expect(hex(rootFromLeafHashes(leafHashes.slice(0, size)))).toBe(ROOTS[size]);
      compact.append(leafHashes[size - 1]);
      expect(hex(compact.root())).toBe(ROOTS[size]);
      expect(hex(foldNodes(hashesOf(leafHashes, [{ start: 0, end: size }])))).toBe(ROOTS[size]);
    }
  });

  it.each(INCLUSION)('builds and verifies the reference inclusion proof of leaf $leaf in $size', ({ leaf, size, proof }) => {
    const index = leaf - 1;
    const built = hashesOf(leafHashes, inclusionRanges(index, size));
    expect(built.map(hex)).toEqual(proof);
    const root = unhex(ROOTS[size]);
    expect(verifyInclusion(index, size, leafHashes[index], built, root)).toBe(true);
    // Wrong index, size, leaf, root, truncated, padded or flipped proofs: none verifies.
    expect(verifyInclusion(index + 1, size, leafHashes[index], built, root)).toBe(false);
    expect(verifyInclusion(index, size * 2, leafHashes[index], built, root)).toBe(false);
    expect(verifyInclusion(index, size, leafHash(Buffer.from('WrongLeaf')), built, root)).toBe(false);
    expect(verifyInclusion(index, size, leafHashes[index], built, EMPTY_TREE_ROOT)).toBe(false);
    expect(verifyInclusion(index, size, leafHashes[index], [...built, root], root)).toBe(false);
    if (built.length > 0) {
      expect(verifyInclusion(index, size, leafHashes[index], built.slice(0, -1), root)).toBe(false);
      built.forEach((_, i) => expect(verifyInclusion(index, size, leafHashes[index], built.map((h, j) => (i === j ? flip(h) : h)), root)).toBe(false));
    }
  });

  it.each(CONSISTENCY)('builds and verifies the reference consistency proof from $size1 to $size2', ({ size1, size2, proof }) => {
    const built = hashesOf(leafHashes, consistencyRanges(size1, size2));
    expect(built.map(hex)).toEqual(proof);
    const [root1, root2] = [unhex(ROOTS[size1]), unhex(ROOTS[size2])];
    expect(verifyConsistency(size1, size2, root1, root2, built)).toBe(true);
    if (built.length > 0) {
      expect(verifyConsistency(size1, size2, root2, root1, built)).toBe(false);
      expect(verifyConsistency(size1 + 1, size2, root1, root2, built)).toBe(false);
      expect(verifyConsistency(size1, size2, root1, root2, built.slice(0, -1))).toBe(false);
      expect(verifyConsistency(size1, size2, root1, root2, [])).toBe(false);
      built.forEach((_, i) => expect(verifyConsistency(size1, size2, root1, root2, built.map((h, j) => (i === j ? flip(h) : h)))).toBe(false));
    }
  });

  it('treats the edge sizes as RFC 9162 does', () => {
    const root = unhex(ROOTS[3]);
    expect(verifyConsistency(0, 3, EMPTY_TREE_ROOT, root, [])).toBe(true);
    expect(verifyConsistency(3, 3, root, root, [])).toBe(true);
    expect(verifyConsistency(3, 3, root, EMPTY_TREE_ROOT, [])).toBe(false);
    expect(verifyConsistency(4, 3, root, root, [])).toBe(false);
    expect(verifyInclusion(0, 0, leafHashes[0], [], EMPTY_TREE_ROOT)).toBe(false);
    expect(() => inclusionRanges(3, 3)).toThrow(RangeError);
    expect(() => consistencyRanges(4, 3)).toThrow(RangeError);
  });
});

describe('RFC 6962 Merkle tree properties', () => {
  const tree = fc.array(fc.uint8Array({ maxLength: 24 }), { minLength: 1, maxLength: 80 }).map((entries) => entries.map((entry) => leafHash(entry)));

  it('every inclusion proof verifies, and fails for a changed leaf', () => {
    fc.assert(
      fc.property(tree, fc.nat(), fc.nat(), (leaves, a, b) => {
        const size = 1 + (a % leaves.length);
        const index = b % size;
        const root = rootFromLeafHashes(leaves.slice(0, size));
        const proof = hashesOf(leaves, inclusionRanges(index, size));
        expect(verifyInclusion(index, size, leaves[index], proof, root)).toBe(true);
        expect(verifyInclusion(index, size, flip(leaves[index]), proof, root)).toBe(false);
      }),
    );
  });

  it('any two sizes of a log are consistent, and a changed leaf below the old size breaks it', () => {
    fc.assert(
      fc.property(tree, fc.nat(), fc.nat(), fc.nat(), (leaves, a, b, c) => {
        const newSize = 1 + (a % leaves.length);
        const oldSize = 1 + (b % newSize);
        const proof = hashesOf(leaves, consistencyRanges(oldSize, newSize));
        const oldRoot = rootFromLeafHashes(leaves.slice(0, oldSize));
        const newRoot = rootFromLeafHashes(leaves.slice(0, newSize));
        expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).toBe(true);
        // A fork: one leaf of the old tree rewritten in the new one.
        const rewritten = leaves.slice(0, newSize).map((leaf, i) => (i === c % oldSize ? flip(leaf) : leaf));
        const forkedRoot = rootFromLeafHashes(rewritten);
        const forkedProof = hashesOf(rewritten, consistencyRanges(oldSize, newSize));
        expect(verifyConsistency(oldSize, newSize, oldRoot, forkedRoot, forkedProof)).toBe(false);
      }),
    );
  });
});
