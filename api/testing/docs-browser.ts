import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's chromium (apt-get install chromium); CHROMIUM_PATH overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    // Root in CI and containers: Chromium's sandbox needs user namespaces it may not get there.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--window-size=1280,900'],
    defaultViewport: { width: 1280, height: 900 },
  });
}

/** Content-Security-Policy violations the page reports, collected from before its first script. */
export async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`,
      );
    });
  });
  return violations;
}

/** Opens /api/docs and waits until Swagger UI has listed the operations; returns their ids. */
export async function openDocs(page: Page, apiUrl: string): Promise<string[]> {
  await page.goto(`${apiUrl}/api/docs/`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('.opblock', { timeout: 30_000 });
  return page.$$eval('.opblock', (blocks) => blocks.map((b) => b.id));
}

/** "Authorize" with a bearer token, as a person would: the dialog, the field, the button. */
export async function authorize(page: Page, token: string): Promise<void> {
  await page.click('.auth-wrapper .authorize');
  await page.waitForSelector('.modal-ux input');
  await page.type('.modal-ux input', token);
  await page.click('.modal-ux .auth-btn-wrapper .authorize');
  await page.waitForSelector('.modal-ux .auth-btn-wrapper .btn-done');
  await page.click('.modal-ux .auth-btn-wrapper .btn-done');
}

/**
 * Expands one operation, presses "Try it out" and "Execute", and returns the status and body
 * Swagger UI shows for the live answer.
 */
export async function tryOperation(page: Page, domId: string): Promise<{ status: string; body: string }> {
  const block = `#${domId}`;
  await page.click(`${block} .opblock-summary-control`);
  await page.waitForSelector(`${block} .try-out__btn`);
  await page.click(`${block} .try-out__btn`);
  await page.waitForSelector(`${block} .execute`);
  await page.click(`${block} .execute`);
  const row = `${block} .live-responses-table tr.response`;
  const statusCell = `${row} .response-col_status`;
  await page.waitForSelector(statusCell, { timeout: 30_000 });
  const status = await page.$eval(statusCell, (el) => el.textContent?.trim() ?? '');
  const body = await page.$eval(
    `${row} .response-col_description .highlight-code pre`,
    (el) => el.textContent ?? '',
  );
  return { status, body };
}
