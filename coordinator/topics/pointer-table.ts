// The topic pointer table: topic -> microshard (shard) -> datastore instance, read from the
// leader's etcd mirror, and the shards a publish must ask (core/topics routePublish over the
// filters the sidecars reported). Nothing is stored: a migration's cutover changes the owner in
// etcd and every answer after it names the new instance.
import { positionToHex } from '../../core/keyspace.js';
import { findRangeIndex } from '../../core/ranges.js';
import { filterHome, parseFilter, topicFilterProblem, topicNameProblem, type TopicIndex } from '../../core/topics/index.js';
import type { Microshard } from '../../core/microshard.js';
import { InvalidArgumentError, NotFoundError } from '../../platform/errors.js';
import type { ShardLocation } from '../../generated/proto/shardcast/v1/ShardLocation.js';
import type { GetShardForTopicResponse } from '../../generated/proto/shardcast/v1/GetShardForTopicResponse.js';
import type { ShardMapEntry } from '../../generated/proto/shardcast/v1/ShardMapEntry.js';
import type { ClusterState } from '../cluster/state.js';
import type { PredictionCache } from './prediction-cache.js';

export function shardLocation(state: ClusterState, m: Microshard): ShardLocation {
  return {
    microshardId: m.id,
    node: m.owner,
    datastoreAddress: m.owner ? state.nodes.get(m.owner)?.value.datastoreAddress ?? '' : '',
    epoch: m.epoch.toString(),
    state: m.state,
  };
}

/** Throws InvalidArgumentError naming what is wrong with a topic name. */
export function checkTopicName(topic: string): void {
  const p = topicNameProblem(topic);
  if (p !== undefined) throw new InvalidArgumentError(`topic ${JSON.stringify(topic.length > 80 ? `${topic.slice(0, 77)}...` : topic)} ${p}`);
}

/** Throws InvalidArgumentError unless `topic` is a topic name or a topic filter. */
export function checkTopicOrFilter(topic: string): void {
  const p = topicFilterProblem(topic);
  if (p !== undefined) throw new InvalidArgumentError(`topic ${JSON.stringify(topic.length > 80 ? `${topic.slice(0, 77)}...` : topic)} ${p}`);
}

function sortedMicroshards(state: ClusterState): Microshard[] {
  const list = state.microshardList();
  if (list.length === 0) throw new NotFoundError('the cluster has no microshards yet');
  return list;
}

/** The microshard holding the home of a topic (its own position) or filter (its home key). */
export function homeMicroshard(state: ClusterState, topicOrFilter: string, sorted = sortedMicroshards(state)): Microshard {
  const position = filterHome(parseFilter(topicOrFilter)).position;
  return sorted[findRangeIndex(sorted, position)]!;
}

/** GetShardForTopic without answered_by. */
export function shardForTopic(state: ClusterState, index: TopicIndex, topic: string): GetShardForTopicResponse {
  checkTopicName(topic);
  const sorted = sortedMicroshards(state);
  const route = index.routePublish(topic, (p) => sorted[findRangeIndex(sorted, p)]!);
  return {
    topic,
    keyHash: positionToHex(route.position),
    shard: shardLocation(state, route.concreteShard),
    wildcardShards: [...route.wildcardShards].map(([m, filters]) => ({ shard: shardLocation(state, m), filters: [...filters].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))) })),
    shardsAsked: route.shards.length,
    filtersKnown: index.size,
  };
}

/** Every topic and filter known (the cache and the index): where it lives. */
export function shardMap(state: ClusterState, index: TopicIndex, cache: PredictionCache, prefix: string, limit: number): { entries: ShardMapEntry[]; total: number } {
  const sorted = state.microshardList();
  if (sorted.length === 0) return { entries: [], total: 0 };
  const rows = new Map<string, ShardMapEntry>();
  for (const e of cache.list()) {
    if (prefix && !e.topic.startsWith(prefix)) continue;
    rows.set(e.topic, { topic: e.topic, kind: e.kind, shard: shardLocation(state, homeMicroshard(state, e.topic, sorted)), subscriptions: String(e.subscriptions), predictedRateP90: e.predictedRateP90 });
  }
  for (const f of index.filters()) {
    if (rows.has(f.filter) || (prefix && !f.filter.startsWith(prefix))) continue;
    const m = sorted[findRangeIndex(sorted, f.home.position)]!;
    rows.set(f.filter, { topic: f.filter, kind: f.wildcard ? 'wildcard' : 'concrete', shard: shardLocation(state, m), subscriptions: '0', predictedRateP90: 0 });
  }
  const all = [...rows.values()].sort((a, b) => Buffer.compare(Buffer.from(a.topic!), Buffer.from(b.topic!)));
  return { entries: limit > 0 ? all.slice(0, limit) : all, total: all.length };
}
