// Where a subscription filter lives in the keyspace (its "home"), so that a publish asks only the
// shards that can hold a filter matching it.
//
//   concrete filter `a/b`        -> the position of the topic itself (the concrete topic's shard)
//   literal first level `a/+/c`  -> the position of the GROUP KEY `a/#`: every filter whose first
//                                   level is `a` lives on one shard, the one of keyPosition('a/#')
//   wildcard first level `+/x/#` -> the position of the filter itself: the "global" set; every
//                                   router holds all of these, so it knows which ones match and
//                                   asks only their shards
//
// A group key ends in '#', so it is never a topic name: a group never collides with a concrete
// topic's key, and it reads as the one filter that covers its whole group.
import { keyPosition } from '../keyspace.js';
import { LEVEL_SEPARATOR, MULTI_LEVEL_WILDCARD, type ParsedFilter } from './filter.js';

export type FilterHomeKind = 'concrete' | 'group' | 'global';

export interface FilterHome {
  readonly kind: FilterHomeKind;
  /** The key whose keyspace position places the filter. */
  readonly key: string;
  readonly position: bigint;
}

/** Key placing every filter whose literal first level is `firstLevel`. */
export function groupKey(firstLevel: string): string {
  return firstLevel + LEVEL_SEPARATOR + MULTI_LEVEL_WILDCARD;
}

/** The home of a parsed (valid) filter, by the rule above. */
export function filterHome(parsed: ParsedFilter): FilterHome {
  if (!parsed.wildcard) return { kind: 'concrete', key: parsed.filter, position: keyPosition(parsed.filter) };
  if (parsed.wildcardFirst) return { kind: 'global', key: parsed.filter, position: keyPosition(parsed.filter) };
  const key = groupKey(parsed.levels[0]!);
  return { kind: 'group', key, position: keyPosition(key) };
}
