// Coordinator options of topics: how often the leader reads the sidecars' topic loads. Spread
// into the coordinator's schema.
import { z } from 'zod';
import { DEFAULT_TOPIC_POLL_MS } from './collector.js';

export const TOPIC_OPTIONS = {
  topicPollMs: z.coerce.number().int().min(0).default(DEFAULT_TOPIC_POLL_MS).describe('how often the leader reads every sidecar\'s topic loads into the prediction cache (0: never)'),
};
