/**
 * Real photographs with clear licences that Debian packages install, for benchmarks and calibration sets (never
 * for tests: CI does not install them). Each entry names its package and licence; `loadCorpus` returns those
 * present and says which packages to install for the rest. Every file was looked at: photographs only, no
 * renders, paintings or charts, except where `kind` says texture.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type PhotoKind = 'photo' | 'texture';

/** A coarse subject class, so label checks have real classes to work with. */
export type Subject = 'animal' | 'person' | 'plant' | 'landscape' | 'object' | 'scientific' | 'texture';

export interface CorpusPhoto {
  /** Unique, stable name: `<package>/<file stem>`. */
  name: string;
  path: string;
  debianPackage: string;
  licence: string;
  kind: PhotoKind;
  subject: Subject;
}

interface PackageSource {
  debianPackage: string;
  dir: string;
  licence: string;
  files: [file: string, subject: Subject, kind?: PhotoKind][];
}

const SKIMAGE = process.env.SKIMAGE_DATA ?? '/usr/lib/python3/dist-packages/skimage/data';
const PLASMA = '/usr/share/wallpapers';

const SOURCES: PackageSource[] = [
  {
    debianPackage: 'python3-skimage',
    dir: SKIMAGE,
    licence: 'public domain / CC0 (skimage data/README.txt)',
    files: [
      ['astronaut.png', 'person'],
      ['camera.png', 'person'],
      ['chelsea.png', 'animal'],
      ['coffee.png', 'object'],
      ['coins.png', 'object'],
      ['clock_motion.png', 'object'],
      ['hubble_deep_field.jpg', 'scientific'],
      ['ihc.png', 'scientific'],
      ['cell.png', 'scientific'],
      ['retina.jpg', 'scientific'],
      ['moon.png', 'scientific'],
      ['motorcycle_left.png', 'object'],
      ['page.png', 'object'],
      ['rocket.jpg', 'object'],
      ['brick.png', 'texture', 'texture'],
      ['grass.png', 'texture', 'texture'],
      ['gravel.png', 'texture', 'texture'],
    ],
  },
  {
    debianPackage: 'python3-sklearn',
    dir: '/usr/lib/python3/dist-packages/sklearn/datasets/images',
    licence: 'CC-BY 2.0 (sklearn datasets/images/README.txt)',
    files: [
      ['china.jpg', 'landscape'],
      ['flower.jpg', 'plant'],
    ],
  },
  {
    debianPackage: 'darknet',
    dir: '/usr/share/darknet/data',
    licence: 'public domain (darknet debian/copyright)',
    files: [
      ['dog.jpg', 'animal'],
      ['eagle.jpg', 'animal'],
      ['giraffe.jpg', 'animal'],
      ['horses.jpg', 'animal'],
      ['kite.jpg', 'landscape'],
      ['person.jpg', 'person'],
    ],
  },
  {
    debianPackage: 'python3-matplotlib',
    dir: '/usr/share/matplotlib/mpl-data/sample_data',
    licence: 'public domain (US Navy photograph)',
    files: [['grace_hopper.jpg', 'person']],
  },
  {
    debianPackage: 'mate-backgrounds',
    dir: '/usr/share/backgrounds/mate/nature',
    licence: 'GPL-2+ / CC-BY-SA-4.0 (debian/copyright)',
    files: [
      ['Aqua.jpg', 'object'],
      ['Blinds.jpg', 'plant'],
      ['Dune.jpg', 'landscape'],
      ['FreshFlower.jpg', 'plant'],
      ['Garden.jpg', 'plant'],
      ['GreenMeadow.jpg', 'plant'],
      ['LadyBird.jpg', 'animal'],
      ['RainDrops.jpg', 'plant'],
      ['Storm.jpg', 'landscape'],
      ['TwoWings.jpg', 'plant'],
      ['Wood.jpg', 'texture', 'texture'],
      ['YellowFlower.jpg', 'plant'],
    ],
  },
  {
    debianPackage: 'lomiri-wallpapers-16.04',
    dir: '/usr/share/backgrounds',
    licence: 'CC-BY-4.0 / CC-BY-SA-3.0/4.0 / CC0-1.0 (debian/copyright)',
    files: [
      ['Bridge_by_Sander_Klootwijk.jpg', 'landscape'],
      ['Dragonfly_by_Bolly.jpg', 'plant'],
      ['Kleiber_by_Lukas_Baubkus.jpg', 'animal'],
      ['Picture_0B_by_freespace.jpg', 'object'],
      ['Picture_1A_by_freespace.jpg', 'object'],
      ['Wine_by_Jakkub_Mede.jpg', 'object'],
      ['aitzgorri_by_Aitzol_Berasategi.jpg', 'landscape'],
      ['friends_by_Aitzol_Berasategi.jpg', 'animal'],
      ['life_by_Aitzol_Berasategi.jpg', 'landscape'],
      ['picosdeeuropa_by_Aitzol_Berasategi.jpg', 'landscape'],
      ['seeding_by_Clements_Engelhardt.jpg', 'plant'],
      ['sunset_by_Aitzol_Berasategi.jpg', 'landscape'],
      ['free_by_Peter_Nerlich.jpg', 'animal'],
      ['greentock_by_Peter_Nerlich.jpg', 'object'],
    ],
  },
  {
    debianPackage: 'plasma-workspace-wallpapers',
    dir: PLASMA,
    licence: 'GPL-2+ / LGPL-3 (debian/copyright)',
    files: [
      ['BytheWater/contents/images/2560x1600.jpg', 'landscape'],
      ['ColdRipple/contents/images/2560x1600.jpg', 'landscape'],
      ['ColorfulCups/contents/images/2560x1600.jpg', 'object'],
      ['DarkestHour/contents/images/2560x1600.jpg', 'landscape'],
      ['EveningGlow/contents/images/2560x1600.jpg', 'landscape'],
      ['FallenLeaf/contents/images/2560x1600.jpg', 'plant'],
      ['Grey/contents/images/2560x1600.jpg', 'object'],
      ['Kite/contents/images/2560x1600.jpg', 'landscape'],
      ['OneStandsOut/contents/images/2560x1600.jpg', 'plant'],
      ['Path/contents/images/2560x1600.jpg', 'landscape'],
      ['summer_1am/contents/images/2560x1600.jpg', 'landscape'],
    ],
  },
];

const stem = (file: string) => (file.split('/contents/')[0] ?? file).replace(/\.[a-z]+$/i, '');

/** Every photograph the corpus knows, present or not. */
export const CORPUS: CorpusPhoto[] = SOURCES.flatMap((source) =>
  source.files.map(([file, subject, kind = 'photo']) => ({
    name: `${source.debianPackage}/${stem(file)}`,
    path: join(source.dir, file),
    debianPackage: source.debianPackage,
    licence: source.licence,
    kind,
    subject,
  })),
);

export interface LoadedCorpus {
  photos: CorpusPhoto[];
  /** Debian packages whose photos are missing; `apt-get install` them for the full set. */
  missingPackages: string[];
}

/** The corpus photos present on this machine, optionally only one kind. */
export function loadCorpus(kind?: PhotoKind): LoadedCorpus {
  const wanted = CORPUS.filter((p) => kind === undefined || p.kind === kind);
  const photos = wanted.filter((p) => existsSync(p.path));
  const missingPackages = [...new Set(wanted.filter((p) => !existsSync(p.path)).map((p) => p.debianPackage))];
  return { photos, missingPackages };
}

/** A one-line hint for a bench to print when packages are missing. */
export function installHint(missing: string[]): string {
  // infra/bench-packages.sh installs every package of the corpus.
  return missing.length === 0
    ? ''
    : `missing Debian packages for the full photo set: apt-get install --no-install-recommends ${missing.join(' ')}`;
}
