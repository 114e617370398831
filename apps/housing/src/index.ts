export { type HousingData, type HousingSources, loadHousingData } from './data.js';
export { regressionMetrics } from './metrics.js';
export { type HousingConfig, housingConfig, housingOptions } from './options.js';
export { type HousingResult, train } from './train.js';
