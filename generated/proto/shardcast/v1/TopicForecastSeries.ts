// Original file: proto/shardcast/v1/sidecar.proto


export interface TopicForecastSeries {
  'values'?: (number | string)[];
}

export interface TopicForecastSeries__Output {
  'values': (number)[];
}
