// `npx tsx scripts/docs-screenshot.ts`: the API reference page (/api/docs) as a reader sees it,
// after "Authorize" and "Try it out" on the vessel list, written to docs/images/api-docs.png.
// Needs PostgreSQL and Redis (like the tests) and Debian's chromium.
import { resolve } from 'node:path';
import { authorize, launchChromium, openDocs, tryOperation } from '../api/testing/docs-browser.ts';
import { startTestApi } from '../api/testing/test-api.ts';
import { repoRoot } from '../lib/generated.ts';

const target = resolve(repoRoot, 'docs/images/api-docs.png');
const api = await startTestApi('docs_shot', { PORTTRACK_SEED_DEMO: 'true' });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const operations = await openDocs(page, api.api.url);
  await authorize(page, api.tokens.viewer);
  const list = operations.find((id) => id.endsWith('-listVessels'));
  if (!list) throw new Error('the page lists no listVessels operation');
  const answer = await tryOperation(page, list);
  if (answer.status !== '200') throw new Error(`try it out answered ${answer.status}`);
  // The live answer with the request that produced it (curl line, URL) above it.
  await page.setViewport({ width: 1280, height: 1100 });
  const live = await page.$(`#${list} .responses-inner`);
  await live?.scrollIntoView();
  await page.evaluate(() => window.scrollBy(0, -60));
  await page.screenshot({ path: target });
  console.error(`docs-screenshot: ${operations.length} operations listed; wrote ${target}`);
} finally {
  await browser.close();
  await api.close();
}
