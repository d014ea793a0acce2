// Original file: proto/shardcast/v1/dataplane.proto


export interface StatsRequest {
}

export interface StatsRequest__Output {
}
