// Original file: proto/shardcast/v1/coordinator.proto


export interface GetLeaderRequest {
}

export interface GetLeaderRequest__Output {
}
