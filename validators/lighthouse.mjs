// Lighthouse 12, its default mobile preset (simulated throttling), over the pages given on
// stdin ({"pages": [url...]}), one after the other in one Chromium. A page whose
// performance is under 95 is run twice more and the run of median performance is kept
// (Lighthouse's own advice on variance: a busy machine slows one run). Prints
// {"reports": [{url, runs, scores: {category: 0-100}, failing: {category: [audit...]}}]}.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CHROMIUM, FLAGS, request } from "./chromium.mjs";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const { pages } = await request();
const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS });
const reports = [];

async function audit(url) {
  const { lhr } = await lighthouse(url, {
    port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES,
  });
  return lhr;
}

try {
  for (const url of pages) {
    const runs = [await audit(url)];
    if (runs[0].categories.performance.score < 0.95) runs.push(await audit(url), await audit(url));
    runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const lhr = runs[Math.floor(runs.length / 2)];
    const scores = {}, failing = {};
    for (const [id, category] of Object.entries(lhr.categories)) {
      scores[id] = Math.round(category.score * 100);
      failing[id] = category.auditRefs
        .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null
                         && lhr.audits[ref.id].score < 1)
        .map((ref) => `${ref.id} (${lhr.audits[ref.id].displayValue
                                    || lhr.audits[ref.id].score})`);
    }
    reports.push({ url, runs: runs.map((run) => Math.round(run.categories.performance.score * 100)),
                   finalUrl: lhr.finalDisplayedUrl, scores, failing,
                   runtimeError: lhr.runtimeError?.message });
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify({ reports }));
