/** Public surface of the day-ahead forecasting, for services and worker threads. */
export * from './series';
export * from './features';
export * from './model';
export * from './seasonal-naive';
export * from './least-squares';
export * from './linear-model';
export * from './boosted-trees';
export * from './day-ahead';
export * from './backtest';
export * from './anomaly';
