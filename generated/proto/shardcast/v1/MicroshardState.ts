// Original file: proto/shardcast/v1/common.proto

export const MicroshardState = {
  MICROSHARD_STATE_UNSPECIFIED: 'MICROSHARD_STATE_UNSPECIFIED',
  ACTIVE: 'ACTIVE',
  ORPHANED: 'ORPHANED',
  FENCED: 'FENCED',
} as const;

export type MicroshardState =
  | 'MICROSHARD_STATE_UNSPECIFIED'
  | 0
  | 'ACTIVE'
  | 1
  | 'ORPHANED'
  | 2
  | 'FENCED'
  | 3

export type MicroshardState__Output = typeof MicroshardState[keyof typeof MicroshardState]
