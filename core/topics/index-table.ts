// The topic pointer table's filter index: which subscription filters match a published topic,
// and which shards hold them.
//
// Layout (see README.md): filters without wildcards in a hash map (exact lookup); wildcard filters
// with a literal first level in one trie per first level (map first level -> trie of the rest);
// wildcard filters whose first level is '+' or '#' in one small "global" trie that every router
// holds. A publish to `a/b/c` walks only the trie of group `a` and the global trie (skipped for
// `$` topics, MQTT-4.7.2-1), never a list of all filters.
import { keyPosition } from '../keyspace.js';
import { TopicSyntaxError, parseFilter, splitLevels, topicNameProblem } from './filter.js';
import { filterHome, type FilterHome } from './home.js';
import { isDollarTopic } from './matcher.js';
import { FilterTrie } from './trie.js';

/** A filter held by the index, with its subscriber reference count. */
export interface IndexedFilter {
  readonly filter: string;
  readonly levels: readonly string[];
  readonly wildcard: boolean;
  readonly wildcardFirst: boolean;
  readonly home: FilterHome;
  /** How many subscriptions hold this filter; the filter leaves the index when it reaches 0. */
  readonly refs: number;
}

interface Entry extends IndexedFilter {
  refs: number;
}

/** Maps a keyspace position to the shard (microshard owner, node...) that holds it. */
export type ShardOf<S> = (position: bigint) => S;

/** Where one publish must go. */
export interface PublishRoute<S> {
  readonly topic: string;
  /** keyPosition(topic): the same keyspace as keys. */
  readonly position: bigint;
  /** Shard of the concrete topic; it also holds every concrete subscription to the topic. */
  readonly concreteShard: S;
  /** Every indexed filter that matches the topic (concrete and wildcard), in no particular order. */
  readonly matches: readonly IndexedFilter[];
  /** Shard -> the matching wildcard filters it holds. Only shards with at least one. */
  readonly wildcardShards: ReadonlyMap<S, readonly string[]>;
  /** Every shard to ask, each once: the concrete shard first, then the wildcard shards. */
  readonly shards: readonly S[];
}

export interface TopicIndexStats {
  /** Distinct filters. */
  filters: number;
  /** Sum of reference counts. */
  references: number;
  concrete: number;
  /** Wildcard filters with a literal first level. */
  grouped: number;
  /** Number of first-level groups. */
  groups: number;
  /** Wildcard filters whose first level is a wildcard (held by every router). */
  global: number;
}

/** Shared by every route with no matching wildcard filter (the common case): nothing to allocate. */
const NO_WILDCARD_SHARDS: ReadonlyMap<unknown, readonly string[]> = new Map();

export class TopicIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly concrete = new Map<string, Entry>();
  private readonly groups = new Map<string, FilterTrie<Entry>>();
  private readonly global = new FilterTrie<Entry>();
  private references = 0;

  /** Adds one reference to `filter`; returns its new count. Throws TopicSyntaxError when invalid. */
  add(filter: string): number {
    const known = this.entries.get(filter);
    if (known !== undefined) {
      known.refs++;
      this.references++;
      return known.refs;
    }
    const parsed = parseFilter(filter);
    const entry: Entry = { ...parsed, home: filterHome(parsed), refs: 1 };
    if (!entry.wildcard) this.concrete.set(filter, entry);
    else if (entry.wildcardFirst) this.global.insert(entry.levels, 0, entry);
    else {
      const first = entry.levels[0]!;
      let trie = this.groups.get(first);
      if (trie === undefined) this.groups.set(first, (trie = new FilterTrie<Entry>()));
      trie.insert(entry.levels, 1, entry);
    }
    this.entries.set(filter, entry);
    this.references++;
    return 1;
  }

  /**
   * Drops one reference to `filter`; returns the count left (0: the filter left the index), or
   * undefined when the filter was not in the index (a caller's bookkeeping error to surface).
   */
  remove(filter: string): number | undefined {
    const entry = this.entries.get(filter);
    if (entry === undefined) return undefined;
    entry.refs--;
    this.references--;
    if (entry.refs > 0) return entry.refs;
    this.entries.delete(filter);
    if (!entry.wildcard) this.concrete.delete(filter);
    else if (entry.wildcardFirst) this.global.delete(entry.levels, 0);
    else {
      const first = entry.levels[0]!;
      const trie = this.groups.get(first)!;
      trie.delete(entry.levels, 1);
      if (trie.size === 0) this.groups.delete(first);
    }
    return 0;
  }

  has(filter: string): boolean {
    return this.entries.has(filter);
  }

  refCount(filter: string): number {
    return this.entries.get(filter)?.refs ?? 0;
  }

  get(filter: string): IndexedFilter | undefined {
    return this.entries.get(filter);
  }

  /** Distinct filters held. */
  get size(): number {
    return this.entries.size;
  }

  filters(): IterableIterator<IndexedFilter> {
    return this.entries.values();
  }

  /** Wildcard-first filters: the set every router must hold in full. */
  globalFilters(): IndexedFilter[] {
    return [...this.entries.values()].filter((e) => e.wildcardFirst);
  }

  stats(): TopicIndexStats {
    let grouped = 0;
    for (const trie of this.groups.values()) grouped += trie.size;
    return {
      filters: this.entries.size,
      references: this.references,
      concrete: this.concrete.size,
      grouped,
      groups: this.groups.size,
      global: this.global.size,
    };
  }

  /** The indexed filters matching `topic`. Throws TopicSyntaxError when it is not a topic name. */
  matchEntries(topic: string): IndexedFilter[] {
    const problem = topicNameProblem(topic);
    if (problem !== undefined) throw new TopicSyntaxError('topic name', topic, problem);
    return this.collect(topic, splitLevels(topic));
  }

  /** The filters matching `topic`, each once, in no particular order. */
  match(topic: string): string[] {
    return this.matchEntries(topic).map((e) => e.filter);
  }

  /**
   * The pointer logic of a publish: the concrete topic's shard plus the shard of every matching
   * wildcard filter (by its home, home.ts). No shard is named that holds no matching filter.
   */
  routePublish<S>(topic: string, shardOf: ShardOf<S>): PublishRoute<S> {
    const matches = this.matchEntries(topic);
    const position = keyPosition(topic);
    const concreteShard = shardOf(position);
    let wildcardShards: Map<S, string[]> | undefined;
    // Filters of one group share a home and come out of the trie together: look it up once.
    let lastPosition: bigint | undefined;
    let lastShard: S | undefined;
    for (const m of matches) {
      if (!m.wildcard) continue;
      if (m.home.position !== lastPosition) {
        lastPosition = m.home.position;
        lastShard = shardOf(lastPosition);
      }
      wildcardShards ??= new Map();
      const list = wildcardShards.get(lastShard as S);
      if (list === undefined) wildcardShards.set(lastShard as S, [m.filter]);
      else list.push(m.filter);
    }
    if (wildcardShards === undefined) {
      return { topic, position, concreteShard, matches, wildcardShards: NO_WILDCARD_SHARDS as ReadonlyMap<S, readonly string[]>, shards: [concreteShard] };
    }
    const shards: S[] = [concreteShard];
    for (const s of wildcardShards.keys()) if (s !== concreteShard) shards.push(s);
    return { topic, position, concreteShard, matches, wildcardShards, shards };
  }

  private collect(topic: string, levels: readonly string[]): Entry[] {
    const out: Entry[] = [];
    const exact = this.concrete.get(topic);
    if (exact !== undefined) out.push(exact);
    this.groups.get(levels[0]!)?.collect(levels, 1, out);
    if (!isDollarTopic(topic)) this.global.collect(levels, 0, out);
    return out;
  }
}
