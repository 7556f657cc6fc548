/**
 * Shipped content: regions, the indicator catalogue, frameworks with their targets, real demo
 * series and the synthetic Hebei dataset, read from `content/` into validated domain objects.
 * Every loader throws one VitalsError listing every problem as `file → entry → field: reason`.
 *
 * @example
 *   const regions = loadRegions();
 *   const catalogue = loadIndicatorCatalogue();
 *   const frameworks = loadFrameworks({ catalogue, regions });
 *   const real = loadDemoObservations({ catalogue, regions });
 *   for (const row of generateSyntheticHebei(2023, { regions })) store(row);
 */
export type { ContentTarget, IndicatorCatalogue, LoadedFramework, ObservationRow } from './types.js';
export { contentDir, type ContentOptions } from './files.js';
export { loadRegions, regionsFromRows, REGION_FILES, REGION_LIST_VALID_FROM, type LoadRegionsOptions } from './regions.js';
export { loadIndicatorCatalogue, parseCatalogue, CATALOGUE_FILE, VALUE_ELEMENT_SUFFIX } from './catalogue.js';
export { loadFrameworks, frameworksFromData, targetsFor, type LoadFrameworksOptions } from './frameworks.js';
export { parseFramework, targetId } from './framework-parse.js';
export { loadDemoObservations, checkObservation, observationFromRecord, DEMO_REAL_FILE, OBSERVATION_COLUMNS, type LoadDemoOptions } from './demo.js';
export {
  generateSyntheticHebei,
  hebeiRegions,
  HEBEI_CODE,
  SYNTHETIC_COUNTY_ELEMENTS,
  SYNTHETIC_MONTHLY_ELEMENTS,
  SYNTHETIC_SURVEY_ELEMENTS,
  SYNTHETIC_SOURCE,
  SYNTHETIC_YEARS,
  type SyntheticHebeiOptions,
} from './synthetic.js';
export { VERIFICATION_FLAGS } from './fields.js';
