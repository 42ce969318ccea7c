export { type TypicalityOptions, typicality } from './score.ts';
export { type RepresentativeOptions, representativeRanks } from './select.ts';
