// structured-data-testing-tool with its Google and SocialMedia presets over the pages given
// on stdin ({"pages": [url...]}). Prints {"results": [{url, failed: [...], passed, warnings}]}.
import { createRequire } from "node:module";
import { request } from "./chromium.mjs";

const require = createRequire(import.meta.url);
const { structuredDataTest } = require("structured-data-testing-tool");
const { Google, SocialMedia } = require("structured-data-testing-tool/presets");

const { pages } = await request();
const results = [];
for (const url of pages) {
  let result;
  try {
    result = await structuredDataTest(url, { presets: [Google, SocialMedia] });
  } catch (error) {
    if (error.type !== "VALIDATION_FAILED") throw error;
    result = error.res;
  }
  results.push({
    url, passed: result.passed.length, warnings: result.warnings.length,
    failed: result.failed.map((test) => `${test.group}: ${test.description}`
                                         + (test.test ? ` [${test.test}]` : "")),
  });
}
process.stdout.write(JSON.stringify({ results }));
