// analyse.js reads the ages run.js printed and prints, for face-api's age
// alone, each second network alone and each ensemble of the two, the
// figures of docs/children.md: AUC children 0-9 against adults 20+ on each
// half, the child cut chosen on the development half (the largest at which
// at least 0.98 of its adults score at least that much), and at that cut
// the children 0-9 labelled child and the adults 20+ not labelled child on
// each half. A face is labelled child when no reason makes it unsure
// (manifest "reason") and its score is under the cut. The rule is chosen on
// the development half only: the most children labelled child, then the
// higher AUC; the test half is printed, never used to choose.
//
//   node analyse.js ages.json
'use strict';
const fs = require('fs');

const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const cases = data.cases.filter((c) => c.found);
const low = (g) => parseInt(g, 10);
const isKid = (c) => low(c.group) < 10;
const isAdult = (c) => low(c.group) >= 20;

// auc is the share of (child, adult) pairs of a half in which the child
// scores lower (ties count half).
function auc(score, dev) {
  const k = []; const a = [];
  for (const c of cases) {
    if (c.dev !== dev) continue;
    const s = score(c);
    if (s === undefined || Number.isNaN(s)) continue;
    if (isKid(c)) k.push(s); else if (isAdult(c)) a.push(s);
  }
  let p = 0;
  for (const x of k) for (const y of a) p += x < y ? 1 : x === y ? 0.5 : 0;
  return p / Math.max(1, k.length * a.length);
}

// childCut returns the largest cut at which at least 0.98 of the
// development half's adults score at least that much: on the grid of
// tenths for scores in years (as TestAgeRecipes), exact otherwise.
function childCut(score, years) {
  const a = cases.filter((c) => c.dev && isAdult(c)).map(score).sort((x, y) => x - y);
  const need = Math.ceil(0.98 * a.length - 1e-9);
  const exact = a[a.length - need]; // at most a.length-need adults below it
  if (!years) return exact;
  return Math.floor(exact * 10 + 1e-9) / 10;
}

function counts(score, cut, dev) {
  let kids = 0; let kidChild = 0; let adults = 0; let adultOK = 0;
  for (const c of cases) {
    if (c.dev !== dev) continue;
    const child = c.reason === '' && score(c) < cut;
    if (isKid(c)) { kids++; if (child) kidChild++; } else if (isAdult(c)) { adults++; if (!child) adultOK++; }
  }
  return { kids, kidChild, adults, adultOK };
}

// cdf returns the empirical distribution function of a score over the
// development half (all groups): the rank average's scale.
function cdf(score) {
  const v = cases.filter((c) => c.dev).map(score).sort((x, y) => x - y);
  return (s) => {
    let lo = 0; let hi = v.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (v[m] < s) lo = m + 1; else hi = m; }
    let eq = lo; while (eq < v.length && v[eq] === s) eq++;
    return (lo + eq) / 2 / v.length;
  };
}

const fa = (c) => c.age;
const keys = Object.keys(cases[0].nets);
const rules = [{ name: "face-api's age alone (shipped before)", score: fa, years: true }];
for (const k of keys) {
  for (const dec of ['age', 'ev']) {
    const mirror = dec === 'age' ? 'ageMirror' : 'evMirror';
    const n = (c) => (c.nets[k][dec] + c.nets[k][mirror]) / 2;
    const name = `${k} ${dec === 'age' ? "human's decoding" : 'expected value'}`;
    const rn = cdf(n); const rf = cdf(fa);
    rules.push({ name: `${name} alone`, score: n, years: true });
    rules.push({ name: `mean(face-api, ${name})`, score: (c) => (fa(c) + n(c)) / 2, years: true });
    rules.push({ name: `min(face-api, ${name})`, score: (c) => Math.min(fa(c), n(c)), years: true });
    rules.push({ name: `max(face-api, ${name})`, score: (c) => Math.max(fa(c), n(c)), years: true });
    rules.push({ name: `rank average(face-api, ${name})`, score: (c) => (rf(fa(c)) + rn(c)) / 2, years: false });
  }
}

const rows = rules.map((r) => {
  const cut = childCut(r.score, r.years);
  return {
    name: r.name, cut, years: r.years,
    aucDev: auc(r.score, true), aucTest: auc(r.score, false),
    dev: counts(r.score, cut, true), test: counts(r.score, cut, false),
  };
});
const chosen = [...rows].sort((a, b) => b.dev.kidChild - a.dev.kidChild || b.aucDev - a.aucDev)[0];
const f = (x) => `${x.kidChild}/${x.kids} | ${x.adultOK}/${x.adults}`;
console.log(`tfjs ${data.tfjs}, backend ${data.backend}; ${cases.length} faces`);
console.log('| score | AUC dev | AUC test | child cut (dev) | dev: 0-9 child | 20+ not child | test: 0-9 child | 20+ not child |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const mark = r === chosen ? '**' : '';
  console.log(`| ${mark}${r.name}${mark} | ${r.aucDev.toFixed(3)} | ${r.aucTest.toFixed(3)} | ${r.years ? r.cut.toFixed(1) : r.cut.toFixed(3)} | ${f(r.dev)} | ${f(r.test)} |`);
}
console.log(`chosen on the development half: ${chosen.name}`);

// adultCut returns the smallest cut (tenths), at least the child cut, at
// which at least 0.98 of the development half's children 0-9 are masked by
// --faces children (labelled child, or unsure for their score or a reason).
function adultCut(score, child) {
  const kids = cases.filter((c) => c.dev && isKid(c));
  for (let cut = child; cut <= 100; cut = Math.round(cut * 10 + 1) / 10) {
    const masked = kids.filter((c) => c.reason !== '' || score(c) < cut).length;
    if (masked >= 0.98 * kids.length) return cut;
  }
  return 100;
}
function threeWay(score, child, adult, dev) {
  const w = { kids: 0, child: 0, masked: 0, adults: 0, notChild: 0, adult: 0 };
  for (const c of cases) {
    if (c.dev !== dev) continue;
    const isChild = c.reason === '' && score(c) < child;
    const isAdultLabel = c.reason === '' && score(c) >= adult;
    if (isKid(c)) { w.kids++; if (isChild) w.child++; if (!isAdultLabel) w.masked++; } else if (isAdult(c)) { w.adults++; if (!isChild) w.notChild++; if (isAdultLabel) w.adult++; }
  }
  return `${w.child}/${w.kids} | ${w.masked}/${w.kids} | ${w.notChild}/${w.adults} | ${w.adult}/${w.adults}`;
}
console.log('\nThree-way cuts chosen on the development half (child: 0.98 of its adults at least; adult: 0.98 of its children 0-9 masked):');
console.log('| score | child under | adult from | dev: 0-9 child | 0-9 masked | 20+ not child | 20+ adult | test: 0-9 child | 0-9 masked | 20+ not child | 20+ adult |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of [rows[0], chosen]) {
  const score = rules[rows.indexOf(r)].score;
  if (!r.years) continue;
  const ac = adultCut(score, r.cut);
  console.log(`| ${r.name} | ${r.cut.toFixed(1)} | ${ac.toFixed(1)} | ${threeWay(score, r.cut, ac, true)} | ${threeWay(score, r.cut, ac, false)} |`);
}
if (process.env.KIDS) {
  // The children 0-9 the shipped rule does not label child, with every score.
  for (const c of cases.filter((x) => isKid(x) && !(x.reason === '' && x.age < rows[0].cut))) {
    console.log(c.file, c.group, c.dev ? 'dev' : 'test', c.reason || '-', 'face-api', c.age.toFixed(1),
      keys.map((k) => `${k} ${((c.nets[k].ev + c.nets[k].evMirror) / 2).toFixed(1)}/${((c.nets[k].age + c.nets[k].ageMirror) / 2).toFixed(1)}`).join(' '));
  }
}
