// Original file: proto/shardcast/v1/admin.proto


export interface GetCapacityRequest {
}

export interface GetCapacityRequest__Output {
}
