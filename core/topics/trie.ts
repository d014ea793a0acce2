// A trie of topic filters, one node per level. Matching a topic walks it level by level, taking
// at each node the exact-level child and the '+' child, and collecting the '#' child's filter:
// the work grows with the topic's depth and the number of filters that can still match, not
// with the number of filters stored.
import { MULTI_LEVEL_WILDCARD, SINGLE_LEVEL_WILDCARD } from './filter.js';

class TrieNode<T> {
  /** Children by literal level; created on first use (most nodes are leaves). */
  literal: Map<string, TrieNode<T>> | undefined;
  plus: TrieNode<T> | undefined;
  /** Always a leaf: '#' is the last level of a filter. */
  hash: TrieNode<T> | undefined;
  /** Set when a filter ends at this node. */
  entry: T | undefined;

  child(level: string): TrieNode<T> | undefined {
    if (level === SINGLE_LEVEL_WILDCARD) return this.plus;
    if (level === MULTI_LEVEL_WILDCARD) return this.hash;
    return this.literal?.get(level);
  }

  addChild(level: string): TrieNode<T> {
    const node = new TrieNode<T>();
    if (level === SINGLE_LEVEL_WILDCARD) this.plus = node;
    else if (level === MULTI_LEVEL_WILDCARD) this.hash = node;
    else (this.literal ??= new Map()).set(level, node);
    return node;
  }

  removeChild(level: string): void {
    if (level === SINGLE_LEVEL_WILDCARD) this.plus = undefined;
    else if (level === MULTI_LEVEL_WILDCARD) this.hash = undefined;
    else {
      this.literal?.delete(level);
      if (this.literal?.size === 0) this.literal = undefined;
    }
  }

  isEmpty(): boolean {
    return this.entry === undefined && this.literal === undefined && this.plus === undefined && this.hash === undefined;
  }
}

/**
 * Filters (given as VALID filter levels, from index `from` on) each carrying an entry of type T.
 * Knows nothing of '$' topics: the caller decides which tries a topic may be matched against.
 */
export class FilterTrie<T> {
  private readonly root = new TrieNode<T>();
  private count = 0;

  /** Number of filters stored. */
  get size(): number {
    return this.count;
  }

  get(levels: readonly string[], from = 0): T | undefined {
    let node: TrieNode<T> | undefined = this.root;
    for (let i = from; i < levels.length && node !== undefined; i++) node = node.child(levels[i]!);
    return node?.entry;
  }

  /** Stores `entry` for the filter; throws if one is already there (the caller counts references). */
  insert(levels: readonly string[], from: number, entry: T): void {
    let node = this.root;
    for (let i = from; i < levels.length; i++) node = node.child(levels[i]!) ?? node.addChild(levels[i]!);
    if (node.entry !== undefined) throw new Error('filter already in the trie');
    node.entry = entry;
    this.count++;
  }

  /** Removes the filter's entry and the nodes left empty; false when it was not there. */
  delete(levels: readonly string[], from = 0): boolean {
    const path: TrieNode<T>[] = [this.root];
    let node: TrieNode<T> | undefined = this.root;
    for (let i = from; i < levels.length; i++) {
      node = node.child(levels[i]!);
      if (node === undefined) return false;
      path.push(node);
    }
    if (node.entry === undefined) return false;
    node.entry = undefined;
    this.count--;
    // Prune from the leaf up; path[k] is reached from path[k-1] by levels[from + k - 1].
    for (let k = path.length - 1; k > 0 && path[k]!.isEmpty(); k--) path[k - 1]!.removeChild(levels[from + k - 1]!);
    return true;
  }

  /**
   * Appends to `out` the entry of every stored filter matching the topic levels from `from` on.
   * Each node is reached by one path, so no entry is reported twice. Iterative: a topic may have
   * tens of thousands of levels.
   */
  collect(topicLevels: readonly string[], from: number, out: T[]): void {
    const n = topicLevels.length;
    const nodes: TrieNode<T>[] = [this.root];
    const depths: number[] = [from];
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      const i = depths.pop()!;
      // '#' matches its parent level too, so it applies whether or not levels remain.
      if (node.hash?.entry !== undefined) out.push(node.hash.entry);
      if (i === n) {
        if (node.entry !== undefined) out.push(node.entry);
        continue;
      }
      const exact = node.literal?.get(topicLevels[i]!);
      if (exact !== undefined) {
        nodes.push(exact);
        depths.push(i + 1);
      }
      if (node.plus !== undefined) {
        nodes.push(node.plus);
        depths.push(i + 1);
      }
    }
  }
}
