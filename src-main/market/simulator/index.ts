export { CALIBRATION, type Calibration } from './calibration';
export { MarketSimulator, type DeliveryWindow, type MarketSimulatorOptions } from './fair-price';
export { PriceProcess, simulateQuarterHours, STEP_MS, type PriceProcessOptions, type SimulatedQuarter } from './price-process';
export { quote, type AggressiveOrder, type QuoteInput, type QuoteLevel, type Quotes } from './quoter';
export { rngFor, type Rng } from './rng';
export { localClock, shapePrice, type LocalClock } from './shape';
