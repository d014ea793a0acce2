// Does one topic filter match one topic name? MQTT 3.1.1 / 5.0 section 4.7, level by level.
// The index (index-table.ts) answers the same question for many filters at once with a trie;
// this pairwise form is the one to use for a single check and states the rules plainly.
import {
  MULTI_LEVEL_WILDCARD,
  SINGLE_LEVEL_WILDCARD,
  assertTopicFilter,
  assertTopicName,
  isWildcardLevel,
  splitLevels,
} from './filter.js';

/**
 * Topics whose first character is '$' (such as `$SYS/...`) are the server's own: a filter whose
 * first level is a wildcard does not match them (MQTT-4.7.2-1), `$SYS/#` does.
 */
export function isDollarTopic(topic: string): boolean {
  return topic.charCodeAt(0) === 0x24;
}

/**
 * Matches the levels of a VALID filter against the levels of a VALID topic name.
 * `dollar` says the topic starts with '$'.
 */
export function levelsMatch(filterLevels: readonly string[], topicLevels: readonly string[], dollar: boolean): boolean {
  if (dollar && isWildcardLevel(filterLevels[0]!)) return false;
  for (let i = 0; i < filterLevels.length; i++) {
    const f = filterLevels[i]!;
    // '#' matches what is left, including nothing: `sport/#` matches `sport` (its parent level).
    if (f === MULTI_LEVEL_WILDCARD) return true;
    if (i >= topicLevels.length) return false;
    if (f !== SINGLE_LEVEL_WILDCARD && f !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/** Whether `filter` matches `topic`; throws TopicSyntaxError when either is invalid. */
export function topicMatchesFilter(filter: string, topic: string): boolean {
  assertTopicFilter(filter);
  assertTopicName(topic);
  return levelsMatch(splitLevels(filter), splitLevels(topic), isDollarTopic(topic));
}
