// Debian's Chromium, as every validator here runs it: headless, and kept off the network
// (it tries the closed network otherwise). scripts/validate needs nothing else.
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
  "--disable-dev-shm-usage",
];

/** Read the JSON request scripts/validate writes on stdin. */
export async function request() {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return JSON.parse(text);
}
