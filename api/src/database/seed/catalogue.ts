import { isbn13CheckDigit } from '../../books/isbn.js';

/** One generated title; everything is a pure function of its index, so every seed run agrees. */
export interface SeedBook {
  readonly isbn: string;
  readonly title: string;
  readonly author: string;
  readonly publishedYear: number;
  /** 1 to 4 copies. */
  readonly copies: number;
}

const ADJECTIVES = [
  'Silent',
  'Crimson',
  'Hidden',
  'Distant',
  'Broken',
  'Golden',
  'Northern',
  'Forgotten',
  'Burning',
  'Quiet',
  'Endless',
  'Wandering',
  'Hollow',
  'Bright',
  'Frozen',
  'Secret',
  'Restless',
  'Ancient',
  'Gentle',
  'Iron',
  'Painted',
  'Lonely',
  'Midnight',
  'Winter',
  'Summer',
  'Salt',
  'Velvet',
  'Glass',
  'Wild',
  'Last',
  'Amber',
  'Sunken',
  'Borrowed',
  'Electric',
  'Patient',
  'Scarlet',
  'Drowned',
  'Copper',
  'Invisible',
  'Southern',
];
const NOUNS = [
  'River',
  'Garden',
  'Harbor',
  'Mountain',
  'Library',
  'Lantern',
  'Orchard',
  'Compass',
  'Kingdom',
  'Island',
  'Forest',
  'Letter',
  'Mirror',
  'Clockmaker',
  'Cartographer',
  'Shadow',
  'Bridge',
  'Tide',
  'Meadow',
  'Tower',
  'Voyage',
  'Archive',
  'Sparrow',
  'Engine',
  'Cathedral',
  'Desert',
  'Signal',
  'Map',
  'Storm',
  'Station',
  'Violin',
  'Observatory',
  'Wolf',
  'Ferry',
  'Lighthouse',
  'Market',
  'Orchid',
  'Monsoon',
  'Quarry',
  'Ember',
  'Glacier',
  'Beekeeper',
  'Labyrinth',
  'Telegraph',
  'Vineyard',
  'Astronomer',
  'Caravan',
  'Foundry',
  'Pilgrim',
  'Canal',
  'Falconer',
  'Typewriter',
  'Bakery',
  'Chandelier',
  'Estuary',
  'Greenhouse',
  'Apothecary',
  'Cellist',
  'Tannery',
  'Lagoon',
];
const PLACES = [
  'Lisbon',
  'Kyoto',
  'Valparaíso',
  'Tromsø',
  'Marrakesh',
  'Galway',
  'Samarkand',
  'Hobart',
  'Ghent',
  'Oaxaca',
  'Tbilisi',
  'Zanzibar',
  'Reykjavík',
  'Cusco',
  'Trieste',
  'Hanoi',
  'Quebec',
  'Lagos',
  'Bergen',
  'Adelaide',
];
const FIRST_NAMES = [
  'Amara',
  'Bruno',
  'Chiara',
  'Dmitri',
  'Elena',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kalinda',
  'Lars',
  'Maya',
  'Nikolai',
  'Olu',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tomás',
  'Uma',
  'Viktor',
  'Wen',
  'Yara',
  'Zoltan',
  'Aino',
  'Bashir',
  'Carmen',
  'Declan',
  'Esi',
  'Felix',
  'Gulnara',
  'Henrik',
  'Imani',
  'Joaquín',
  'Keiko',
  'Leon',
];
const LAST_NAMES = [
  'Abara',
  'Bergström',
  'Castellano',
  'Dubois',
  'Eriksen',
  'Fontaine',
  'García',
  'Hoffmann',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrova',
  'Quispe',
  'Rossi',
  'Santos',
  'Takahashi',
  'Underwood',
  'Varga',
  'Whitfield',
  'Xu',
  'Yilmaz',
  'Zamora',
  'Achebe',
  'Brennan',
  'Costa',
  'Delacroix',
  'Esposito',
  'Fitzgerald',
  'Gunnarsson',
  'Haddad',
  'Iwasaki',
  'Jovanović',
  'Kariuki',
  'Laurent',
  'Mbeki',
  'Novak',
  'Oyelaran',
  'Pellegrini',
  'Ramírez',
  'Sørensen',
  'Tamura',
  'Urquhart',
  'Vasquez',
  'Wójcik',
  'Yamada',
  'Zielinski',
];

/** A small seeded generator (mulberry32): the same index always draws the same words. */
function randomFor(index: number): () => number {
  let state = (index * 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Draw = <T>(list: readonly T[]) => T;

const TITLE_SHAPES: ((draw: Draw) => string)[] = [
  (draw) => `The ${draw(ADJECTIVES)} ${draw(NOUNS)}`,
  (draw) => `${draw(NOUNS)} of the ${draw(ADJECTIVES)} ${draw(NOUNS)}`,
  (draw) => `A ${draw(NOUNS)} in ${draw(PLACES)}`,
  (draw) => `The ${draw(NOUNS)} and the ${draw(NOUNS)}`,
  (draw) => `${draw(ADJECTIVES)} ${draw(NOUNS)}s of ${draw(PLACES)}`,
  (draw) => `Notes from the ${draw(ADJECTIVES)} ${draw(NOUNS)}`,
];

/** ISBN-13 `978-1-<8 digits>-<check>`: unique per index up to 10^8 books. */
export function seedIsbn(index: number): string {
  const first12 = `9781${String(index).padStart(8, '0')}`;
  return first12 + isbn13CheckDigit(first12);
}

export function seedBook(index: number): SeedBook {
  const random = randomFor(index);
  const draw: Draw = (list) => list[Math.floor(random() * list.length)];
  return {
    isbn: seedIsbn(index),
    title: draw(TITLE_SHAPES)(draw),
    author: `${draw(FIRST_NAMES)} ${draw(LAST_NAMES)}`,
    publishedYear: 1850 + Math.floor(random() * 175),
    copies: 1 + Math.floor(random() * 4),
  };
}

/** The first `count` seed books. */
export function seedCatalogue(count: number): SeedBook[] {
  return Array.from({ length: count }, (_, index) => seedBook(index));
}

/** Seeded member `index` (0-based): `member0001@library.local`, ... */
export function seedMemberEmail(index: number): string {
  return `member${String(index + 1).padStart(4, '0')}@library.local`;
}

/** Barcode of copy `copy` (0-based) of a seeded book: derived from the ISBN, so stable across runs. */
export function seedBarcode(isbn: string, copy: number): string {
  return `SEED-${isbn}-${copy + 1}`;
}
