// Public surface of the forecaster for the sidecar and the CLI.
export { Forecaster, DEFAULT_INTRA_OP_THREADS, DEFAULT_QUANTILE_LEVELS, MAX_HORIZON, MAX_SEASON } from './runtime.js';
export type { ForecastResult, ForecasterOptions, ProgressFn } from './runtime.js';
export type { ForecastMethod } from './prepare.js';
export { chooseMethod } from './prepare.js';
export { contextLength, minModelHistory, secondarySeason, TRAINED_QUANTILES } from './spec.js';
export { defaultModelPath, readMetadata } from './metadata.js';
export type { ModelMetadata } from './metadata.js';
