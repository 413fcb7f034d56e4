export {
  chinaIso,
  firstTickAfter,
  lastTickAtOrBefore,
  monthStartOf,
  TICK_MS,
} from './calendar.js';
export {
  CEMS_CH4_KG_PER_T_CO2,
  type SimulatedEnterprise,
  simulatedEnterprises,
  simulatedOrgs,
} from './enterprises.js';
export {
  countedReadings,
  eventsOf,
  isCountedReading,
  outputReports,
  type ReadingFlaw,
  type SimulatedEvent,
  type SimulationOptions,
  simulatedEvents,
} from './events.js';
export { READING_FLAWS, unitThatDoesNotFit } from './flaws.js';
export { INDUSTRIES, type Industry, WUSHAN_REGION_CODE, WUSHAN_TOWNS } from './industries.js';
export { LOAD_SHAPES, SEASONS } from './load-shapes.js';
