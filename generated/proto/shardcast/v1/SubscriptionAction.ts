// Original file: proto/shardcast/v1/sidecar.proto

export const SubscriptionAction = {
  SUBSCRIPTION_ACTION_UNSPECIFIED: 'SUBSCRIPTION_ACTION_UNSPECIFIED',
  SUBSCRIBE: 'SUBSCRIBE',
  UNSUBSCRIBE: 'UNSUBSCRIBE',
  PUBLISH: 'PUBLISH',
} as const;

export type SubscriptionAction =
  | 'SUBSCRIPTION_ACTION_UNSPECIFIED'
  | 0
  | 'SUBSCRIBE'
  | 1
  | 'UNSUBSCRIBE'
  | 2
  | 'PUBLISH'
  | 3

export type SubscriptionAction__Output = typeof SubscriptionAction[keyof typeof SubscriptionAction]
