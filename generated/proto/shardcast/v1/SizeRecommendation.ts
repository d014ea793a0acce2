// Original file: proto/shardcast/v1/admin.proto


export interface SizeRecommendation {
  'node'?: (string);
  'type'?: (string);
  'cpu'?: (number | string);
  'memoryMb'?: (number);
  'iops'?: (number | string);
  'demandOpsPerS'?: (number | string);
  'opsPerCore'?: (number | string);
  'opsPerCoreFrom'?: (string);
  'memoryFrom'?: (string);
  'currentOpsPerS'?: (number | string);
  'forecastP90PeakOpsPerS'?: (number | string);
}

export interface SizeRecommendation__Output {
  'node': (string);
  'type': (string);
  'cpu': (number);
  'memoryMb': (number);
  'iops': (number);
  'demandOpsPerS': (number);
  'opsPerCore': (number);
  'opsPerCoreFrom': (string);
  'memoryFrom': (string);
  'currentOpsPerS': (number);
  'forecastP90PeakOpsPerS': (number);
}
