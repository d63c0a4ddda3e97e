// Links with scripting on: each page given on stdin ({"pages": [url...], "origin": url})
// loaded in Chromium with its scripts run; every link of the rendered page to the site
// (a[href], area[href], link[href]) must answer 200, and its fragment, if any, must name
// an element of the target as rendered. Prints {"broken": [{from, href, why}], "checked": n}.
import puppeteer from "puppeteer";
import { CHROMIUM, FLAGS, request } from "./chromium.mjs";

const { pages, origin } = await request();
const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: FLAGS });
const broken = [], status = new Map(), ids = new Map();

async function rendered(url) {  // the ids of the page at url, with its scripts run
  if (!ids.has(url)) {
    const page = await browser.newPage();
    const response = await page.goto(url, { waitUntil: "networkidle0" });
    status.set(url, response ? response.status() : 0);
    ids.set(url, new Set(await page.$$eval("[id], a[name]",
      (nodes) => nodes.map((node) => node.id || node.getAttribute("name")))));
    await page.close();
  }
  return ids.get(url);
}

async function answer(url) {  // the HTTP status of a resource of the site
  if (!status.has(url)) {
    const response = await fetch(url, { redirect: "follow" });
    status.set(url, response.status);
  }
  return status.get(url);
}

let checked = 0;
try {
  for (const from of pages) {
    const page = await browser.newPage();
    await page.goto(from, { waitUntil: "networkidle0" });
    const hrefs = await page.$$eval("a[href], area[href], link[href]",
      (nodes) => [...new Set(nodes.map((node) => node.href))]);
    await page.close();
    for (const href of hrefs) {
      if (!href.startsWith(origin)) continue;
      checked += 1;
      const [target, fragment] = href.split("#", 2);
      const code = fragment !== undefined && !target.match(/\.(xml|json|png|svg|js|css)$/)
        ? ((await rendered(target)), status.get(target)) : await answer(target);
      if (code !== 200) {
        broken.push({ from, href, why: `HTTP ${code}` });
      } else if (fragment && !(await rendered(target)).has(decodeURIComponent(fragment))) {
        broken.push({ from, href, why: "no element with this id once scripts ran" });
      }
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ broken, checked }));
