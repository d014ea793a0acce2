// Public surface of the topic pointer table core: MQTT topic syntax and matching, the filter
// index, filter homes and the publish route.
export {
  LEVEL_SEPARATOR,
  SINGLE_LEVEL_WILDCARD,
  MULTI_LEVEL_WILDCARD,
  MAX_TOPIC_BYTES,
  MAX_PREFIX_BYTES,
  TopicSyntaxError,
  topicNameProblem,
  topicFilterProblem,
  isValidTopicName,
  isValidTopicFilter,
  assertTopicName,
  assertTopicFilter,
  splitLevels,
  parseFilter,
  type ParsedFilter,
} from './filter.js';
export { topicMatchesFilter, levelsMatch, isDollarTopic } from './matcher.js';
export { filterHome, groupKey, type FilterHome, type FilterHomeKind } from './home.js';
export { TopicIndex, type IndexedFilter, type PublishRoute, type ShardOf, type TopicIndexStats } from './index-table.js';
export { splitInputLines, compareUtf8, type InputLine } from './lines.js';
export { matchListing, type MatchListing, type LineWarning } from './match-listing.js';
