import { createHash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing and proofs over SHA-256, as pure functions. Sizes and
 * indexes are plain numbers (exact up to 2^53, far beyond any registry); halving uses division,
 * never `>>`, which would wrap above 2^31.
 */

export type Hash = Buffer;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** SHA-256 of the empty string: the root of the empty tree. */
export const EMPTY_TREE_ROOT: Hash = createHash('sha256').digest();

export function leafHash(entry: Uint8Array): Hash {
  return createHash('sha256').update(LEAF_PREFIX).update(entry).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** A half-open range [start, end) of leaf indexes whose Merkle Tree Hash a proof needs. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/** A complete subtree of 2^level leaves, the `index`-th at its level: what the log stores. */
export interface TreeNode {
  readonly level: number;
  readonly index: number;
}

/** The largest power of two strictly less than n (n >= 2), RFC 6962's split point. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && 2 ** Math.round(Math.log2(n)) === n;
const odd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

function assertSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/** RFC 6962 2.1.1 PATH(m, D[n]), as the ranges whose hashes form it, from the leaf up. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  assertSize('index', index);
  assertSize('size', size);
  if (index >= size) throw new RangeError(`Leaf ${index} is not in a tree of ${size} leaves`);
  const path: LeafRange[] = [];
  const walk = (m: number, start: number, end: number): void => {
    const n = end - start;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      path.push({ start: start + k, end });
    } else {
      walk(m - k, start + k, end);
      path.push({ start, end: start + k });
    }
  };
  walk(index, 0, size);
  return path;
}

/** RFC 6962 2.1.2 PROOF(m, D[n]) (SUBPROOF with b = true), as ranges; empty when m = 0 or m = n. */
export function consistencyRanges(oldSize: number, newSize: number): LeafRange[] {
  assertSize('old size', oldSize);
  assertSize('new size', newSize);
  if (oldSize > newSize) throw new RangeError(`Old size ${oldSize} is larger than new size ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const proof: LeafRange[] = [];
  const subproof = (m: number, start: number, end: number, complete: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!complete) proof.push({ start, end });
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      subproof(m, start, start + k, complete);
      proof.push({ start: start + k, end });
    } else {
      subproof(m - k, start + k, end, false);
      proof.push({ start, end: start + k });
    }
  };
  subproof(oldSize, 0, newSize, true);
  return proof;
}

/**
 * The complete subtrees whose hashes make up MTH(D[start:end]), left to right. Every range RFC 6962's
 * recursion produces starts at a multiple of its largest power-of-two part, so the split lands on
 * stored nodes.
 */
export function rangeNodes({ start, end }: LeafRange): TreeNode[] {
  const nodes: TreeNode[] = [];
  let from = start;
  while (from < end) {
    const n = end - from;
    const width = isPowerOfTwo(n) ? n : splitPoint(n);
    if (from % width !== 0) throw new RangeError(`Range [${start}, ${end}) is not aligned on complete subtrees`);
    const level = Math.round(Math.log2(width));
    nodes.push({ level, index: from / width });
    from += width;
  }
  return nodes;
}

/** Folds the complete subtrees of a range into its hash: the rightmost pair first, as RFC 6962 nests them. */
export function foldNodes(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) return EMPTY_TREE_ROOT;
  let hash = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i], hash);
  return hash;
}

/** MTH over leaf hashes held in memory: the reference the tests and the monitor compare against. */
export function rootFromLeafHashes(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_TREE_ROOT;
  if (leaves.length === 1) return leaves[0];
  const k = splitPoint(leaves.length);
  return nodeHash(rootFromLeafHashes(leaves.slice(0, k)), rootFromLeafHashes(leaves.slice(k)));
}

/**
 * Appends leaves to a list of the complete subtrees' hashes (the "compact range" of the tree's right
 * edge), so a monitor can follow a log of any size in O(log n) memory.
 */
export class CompactTree {
  private readonly stack: { hash: Hash; width: number }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  append(hash: Hash): void {
    let node = { hash, width: 1 };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].width === node.width) {
      const left = this.stack.pop()!;
      node = { hash: nodeHash(left.hash, node.hash), width: node.width * 2 };
    }
    this.stack.push(node);
    this.count++;
  }

  root(): Hash {
    return foldNodes(this.stack.map((node) => node.hash));
  }
}

/** RFC 9162 2.1.3.2: whether `proof` proves the leaf hash at `index` is in the tree of `size` with `root`. */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (proof.some((hash) => hash.length !== 32) || leaf.length !== 32) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 2.1.4.2: whether `proof` proves the tree of `newSize` with `newRoot` extends the one of `oldSize` with `oldRoot`. */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Hash, newRoot: Hash, proof: readonly Hash[]): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize) return false;
  if (proof.some((hash) => hash.length !== 32)) return false;
  if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
  // Every tree extends the empty one; the proof is then empty by definition.
  if (oldSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}
