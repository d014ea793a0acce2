// Original file: proto/shardcast/v1/sidecar.proto

export const TopicKind = {
  TOPIC_KIND_UNSPECIFIED: 'TOPIC_KIND_UNSPECIFIED',
  CONCRETE: 'CONCRETE',
  WILDCARD: 'WILDCARD',
} as const;

export type TopicKind =
  | 'TOPIC_KIND_UNSPECIFIED'
  | 0
  | 'CONCRETE'
  | 1
  | 'WILDCARD'
  | 2

export type TopicKind__Output = typeof TopicKind[keyof typeof TopicKind]
