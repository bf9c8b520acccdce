// A byte-level Aho–Corasick automaton over a set of patterns. Written by hand because masking
// child output is the product: it must be linear in the input and exact on UTF-8 bytes.

interface TrieNode {
  readonly next: Map<number, number>;
  /** Failure link: the node for the longest proper suffix that is also a trie prefix. */
  fail: number;
  /** Length of the pattern ending exactly here, or 0. */
  length: number;
  /** The nearest node on the failure chain that ends a pattern, or -1. */
  output: number;
  readonly depth: number;
  /**
   * Depth of the deepest node on this node's failure chain (itself included) that has children:
   * how many trailing bytes could still grow into a pattern when input stops here.
   */
  hold: number;
}

/** Per start offset, the longest pattern found there; and how many trailing bytes to hold. */
export interface ScanResult {
  readonly longest: Int32Array;
  readonly hold: number;
}

/** A compiled pattern set: reports, for every start offset, the longest pattern found there. */
export class SecretMatcher {
  private readonly nodes: TrieNode[] = [newNode(0)];
  /** Length in bytes of the longest pattern (0 when there are none). */
  readonly maxLength: number;

  constructor(patterns: Iterable<Uint8Array>) {
    let maxLength = 0;
    for (const pattern of patterns) {
      if (pattern.length === 0) continue;
      this.insert(pattern);
      maxLength = Math.max(maxLength, pattern.length);
    }
    this.maxLength = maxLength;
    this.link();
  }

  /**
   * Longest pattern starting at each offset of `bytes` among those wholly inside it (0 where
   * none starts), and the length of the longest suffix that a later byte could turn into a
   * match: offsets before it are decided. One pass over the input plus one step per match.
   */
  scan(bytes: Uint8Array): ScanResult {
    const longest = new Int32Array(bytes.length);
    const { nodes } = this;
    let state = 0;
    for (let i = 0; i < bytes.length; i++) {
      state = this.step(state, bytes[i]!);
      const node = nodes[state]!;
      for (let o = node.length > 0 ? state : node.output; o >= 0; o = nodes[o]!.output) {
        const length = nodes[o]!.length;
        const start = i + 1 - length;
        if (length > longest[start]!) longest[start] = length;
      }
    }
    return { longest, hold: nodes[state]!.hold };
  }

  private step(state: number, byte: number): number {
    const { nodes } = this;
    for (let s = state; ; s = nodes[s]!.fail) {
      const target = nodes[s]!.next.get(byte);
      if (target !== undefined) return target;
      if (s === 0) return 0;
    }
  }

  private insert(pattern: Uint8Array): void {
    let state = 0;
    for (const byte of pattern) {
      const node = this.nodes[state]!;
      let target = node.next.get(byte);
      if (target === undefined) {
        target = this.nodes.length;
        this.nodes.push(newNode(node.depth + 1));
        node.next.set(byte, target);
      }
      state = target;
    }
    this.nodes[state]!.length = pattern.length;
  }

  // Breadth-first, so every failure target is finished before the nodes that point at it.
  private link(): void {
    const { nodes } = this;
    const queue: number[] = [];
    for (const child of nodes[0]!.next.values()) {
      const childNode = nodes[child]!;
      childNode.hold = childNode.next.size > 0 ? 1 : 0;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      const node = nodes[state]!;
      for (const [byte, child] of node.next) {
        const childNode = nodes[child]!;
        childNode.fail = state === 0 ? 0 : this.failTarget(node.fail, byte);
        const fail = nodes[childNode.fail]!;
        childNode.output = fail.length > 0 ? childNode.fail : fail.output;
        childNode.hold = childNode.next.size > 0 ? childNode.depth : fail.hold;
        queue.push(child);
      }
    }
  }

  private failTarget(from: number, byte: number): number {
    const { nodes } = this;
    for (let s = from; ; s = nodes[s]!.fail) {
      const target = nodes[s]!.next.get(byte);
      if (target !== undefined) return target;
      if (s === 0) return 0;
    }
  }
}

function newNode(depth: number): TrieNode {
  return { next: new Map(), fail: 0, length: 0, output: -1, depth, hold: 0 };
}
