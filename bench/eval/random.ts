/** The eval's seeded generator (mulberry32): every eval run plants the same noise. */
export { seededRandom as seeded } from '../../shared/random/seeded.ts';
