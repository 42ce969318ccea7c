import { type QualityIssue, unjudgedWords } from '../../../shared/vocabulary/index.ts';
import type { ImageDetail } from '../types.ts';
import { keptWords, matchWords } from './duplicate-words.ts';

/** Every score the detail view shows, with what it means: read from the image, in a fixed order. */
export interface ScoreLine {
  name: string;
  value: string;
  meaning: string;
}

const f = (value: number) => value.toFixed(3);

/** A check that could not judge shows no number (its stored 0 is not a verdict) but why. */
function qualityLine(image: ImageDetail, issue: QualityIssue, name: string, meaning: string): ScoreLine {
  const reason = image.qualityUnjudged?.[issue];
  if (reason) return { name, value: '—', meaning: unjudgedWords(reason) };
  return { name, value: f(image.quality[issue]), meaning };
}

export function scoreLines(image: ImageDetail): ScoreLine[] {
  const q = image.quality;
  const lines: ScoreLine[] = [
    qualityLine(image, 'blur', 'Blur', 'confidence the image is blurry (0.5 and up flags it)'),
    qualityLine(image, 'dark', 'Dark', 'confidence the image is too dark'),
    qualityLine(image, 'bright', 'Bright', 'confidence the image is over-exposed'),
    {
      name: 'Low information',
      value: f(q.lowInformation),
      meaning: 'confidence the image is nearly flat (little detail)',
    },
    {
      name: 'Odd size',
      value: f(q.oddSize),
      meaning: 'how far its pixel count is from the dataset’s usual sizes',
    },
    {
      name: 'Odd aspect ratio',
      value: f(q.oddAspectRatio),
      meaning: 'how unusual its width-to-height ratio is',
    },
    { name: 'Grayscale', value: f(q.grayscale), meaning: 'confidence the image has no colour' },
  ];
  const c = image.curation;
  if (!c) {
    lines.push({ name: 'Curation', value: '—', meaning: 'no curation run has scored this image yet' });
    return lines;
  }
  lines.push(
    {
      name: 'Uniqueness',
      value: f(c.uniqueness),
      meaning: `how far it is from its nearest neighbours (1 = unlike anything)${c.selected ? '; in the select-uniques subset' : ''}`,
    },
    {
      name: 'Nearest similarity',
      value: f(c.nearestSimilarity),
      meaning: 'cosine similarity to its closest other image',
    },
    {
      name: 'Duplicate score',
      value: f(c.duplicateScore),
      meaning: c.duplicateCluster
        ? `confidence it duplicates another image; ${c.representative ? `the keeper of its cluster (${keptWords(c.keptBecause)})` : `a copy to drop: ${matchWords(c.duplicateMatch, c.exactDuplicate)}`}`
        : 'confidence it duplicates another image; in no duplicate cluster',
    },
    {
      name: 'Mislabel confidence',
      value: f(c.mislabelConfidence),
      meaning: c.suggestedLabel
        ? `confidence its label is wrong; suggested label: ${c.suggestedLabel}`
        : 'confidence its label is wrong (neighbours and the model disagree with it)',
    },
    {
      name: 'Class outlier',
      value: f(c.outlierConfidence),
      meaning: 'confidence it does not look like the rest of its label',
    },
    {
      name: 'Dataset outlier',
      value: f(c.datasetOutlierConfidence),
      meaning: 'confidence it does not look like anything else in the dataset',
    },
    {
      name: 'Visual clusters',
      value: c.visualClusters.join(' / ') || '—',
      meaning: 'its browsing cluster at each level, coarse to fine',
    },
  );
  return lines;
}
