// pa11y, WCAG2AA, with its two runners (HTML_CodeSniffer and axe), over the pages given on
// stdin ({"pages": [url...]}), in Material's two palettes, in one Chromium. Prints
// {"issues": [{url, scheme, runner, code, message, selector}]}: errors only.
import puppeteer from "puppeteer";
import pa11y from "pa11y";
import { CHROMIUM, FLAGS, request } from "./chromium.mjs";

const { pages } = await request();
const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: FLAGS });
const issues = [];
try {
  for (const scheme of ["default", "slate"]) {
    // Material keeps the reader's choice in localStorage: pick it once with the header's
    // toggle, as a reader does; every later page loads with it before its first paint.
    const tab = await browser.newPage();
    await tab.goto(pages[0], { waitUntil: "load" });
    const current = await tab.$eval("body", (body) => body.dataset.mdColorScheme);
    if (current !== scheme) {
      await tab.click(`label[for="__palette_${scheme === "default" ? 0 : 1}"]`);
      await tab.waitForFunction(
        (want) => document.body.dataset.mdColorScheme === want, {}, scheme);
    }
    await tab.close();
    for (const url of pages) {
      const page = await browser.newPage();
      const result = await pa11y(url, {
        browser, page, standard: "WCAG2AA", runners: ["axe", "htmlcs"],
        includeWarnings: false, includeNotices: false, timeout: 60000,
      });
      for (const issue of result.issues) {
        issues.push({ url, scheme, runner: issue.runner, code: issue.code,
                      message: issue.message, selector: issue.selector });
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ issues }));
