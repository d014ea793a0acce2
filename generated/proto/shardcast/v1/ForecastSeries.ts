// Original file: proto/shardcast/v1/coordinator.proto


export interface ForecastSeries {
  'values'?: (number | string)[];
}

export interface ForecastSeries__Output {
  'values': (number)[];
}
