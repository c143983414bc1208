export { normaliseCountryName, countryNameVariants, editDistance } from './names.js';
export {
  createCountryMatcher,
  countryCodeSystems,
  CountryRecordsError,
  type CountryCodeSystem,
  type CountryNameRecord,
  type CountryMatchOptions,
  type CountryMatcher,
  type CountrySuggestion,
  type MatchResult,
  type MatchAllResult,
  type NameToMatch,
  type UnmatchedName,
} from './match.js';
