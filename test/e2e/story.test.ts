/**
 * The story of issue 5 in real Chromium against the real server on a fresh database:
 * an admin creates a county reporter and a city reviewer; the reporter enters a month with
 * one outlier, explains it and submits; the reviewer returns it with a reason; the reporter
 * corrects and resubmits; the city and then the province approve; the analytical pages show
 * the result; the language switches to English and back. Screenshots of every main page go
 * to artifacts/screenshots/.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from './support/api.js';
import { chromiumAvailable, launchBrowser, screenshot } from './support/browser.js';
import { startE2eServer, type E2eServer } from './support/server.js';
import { CITY, COUNTY, EXPLANATION, FORM, FORM_DEFINITION, PEOPLE, PERIOD, PROVINCE, RETURN_REASON } from './story.fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ADMIN_NEW_PASSWORD = 'Kx7-pl4n-Hebei-2026';

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let admin: ApiSession;
const pageErrors: string[] = [];

async function login(username: string, password: string, newPassword?: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  if (newPassword) {
    await page.getByTestId('new-password').fill(newPassword);
    await page.getByTestId('change-password-submit').click();
  }
  // Logged in (and through the password change) once the app has left /login.
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.getByTestId('current-user').waitFor();
}

async function logout(): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-username').waitFor();
}

/** Pick an option of an Ant Design Select by its visible label. */
async function pickSelect(testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).first().click();
}

/** Pick a region in a RegionCascader by typing a search (name, pinyin initials or code). */
async function pickRegion(inputId: string, search: string, label: string): Promise<void> {
  await page.locator(`#${inputId}`).click();
  await page.locator(`#${inputId}`).fill(search);
  const option = page.locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item').filter({ hasText: label }).first();
  await option.waitFor();
  await option.click();
}

async function createUserInUi(user: { username: string; displayName: string; password: string }, role: string, regionSearch: string, regionLabel: string): Promise<void> {
  await page.getByTestId('new-user').click();
  await page.getByTestId('user-username').fill(user.username);
  await page.getByTestId('user-displayname').fill(user.displayName);
  await page.getByTestId('user-password').fill(user.password);
  await pickSelect('user-roles', role);
  await page.keyboard.press('Escape');
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' }).catch(() => undefined);
  await pickRegion('user-capture', regionSearch, regionLabel);
  await pickRegion('user-view', regionSearch, regionLabel);
  await page.locator('#user-create-ok').click();
  await page.getByTestId('users-table').getByText(user.username, { exact: true }).waitFor();
}

const entryUrl = () => `${server.url}/entry?dataset=${FORM}&region=${COUNTY}&period=${PERIOD}`;

async function formState(): Promise<{ state: string; cells: Array<{ element: string; value: number | null; previousValue: number | null; flags: unknown[] }> }> {
  const form = await admin.call<{ status: { state: string }; cells: Array<{ element: string; value: number | null; previousValue: number | null; flags: unknown[] }> }>(
    'GET',
    `/datasets/${FORM}/forms/${COUNTY}/${PERIOD}`,
  );
  return { state: form.status.state, cells: form.cells };
}

describe.skipIf(!chromiumAvailable())('the reporting story in Chromium', () => {
  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-web-build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('web build failed');
    server = await startE2eServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('1. the admin logs in, changes the generated password and creates a county reporter and a city reviewer', async () => {
    await login('admin', server.adminPassword, ADMIN_NEW_PASSWORD);
    admin = await ApiSession.login(server.url, 'admin', ADMIN_NEW_PASSWORD);
    // Setup through the API: a planner publishes the monthly form; a province reviewer exists.
    await admin.call('POST', '/users', PEOPLE.planner);
    await admin.call('POST', '/users', PEOPLE.provinceReviewer);
    const planner = await ApiSession.login(server.url, PEOPLE.planner.username, PEOPLE.planner.password);
    await planner.call('PUT', `/datasets/${FORM}`, FORM_DEFINITION);

    await page.goto(`${server.url}/admin/users`);
    await createUserInUi(PEOPLE.reporter, '填报员', 'caq', '长安区'); // pinyin initials of 长安区
    await createUserInUi(PEOPLE.cityReviewer, '审核员', CITY, '石家庄市'); // by division code
    const users = await admin.call<{ items: Array<{ id: string; roles: string[]; captureScope: string[] }> }>('GET', '/users?limit=100');
    expect(users.items.find((u) => u.id === PEOPLE.reporter.username)).toMatchObject({ roles: ['reporter'], captureScope: [COUNTY] });
    expect(users.items.find((u) => u.id === PEOPLE.cityReviewer.username)).toMatchObject({ roles: ['reviewer'], captureScope: [CITY] });
    await screenshot(page, '09-admin-users');
    await logout();
  });

  let previousBirths = 0;

  it('2. the reporter enters the month with one outlier, explains it and submits', async () => {
    const before = await formState();
    previousBirths = before.cells.find((c) => c.element === 'LIVE_BIRTHS_MONTHLY')!.previousValue ?? 0;
    const previousDeaths = before.cells.find((c) => c.element === 'INFANT_DEATHS_MONTHLY')!.previousValue ?? 0;
    expect(previousBirths).toBeGreaterThan(0); // the synthetic history reaches 2025M12

    await login(PEOPLE.reporter.username, PEOPLE.reporter.password);
    await page.goto(entryUrl());
    // One zero too many: ten times last month's births is far above the 50 % change limit.
    await page.getByTestId('cell-LIVE_BIRTHS_MONTHLY').fill(String(previousBirths * 10));
    await page.getByTestId('cell-LIVE_BIRTHS_MONTHLY').press('Enter');
    await page.getByTestId('cell-INFANT_DEATHS_MONTHLY').fill(String(previousDeaths));
    await page.getByTestId('entry-save').click();
    await page.getByTestId('flag-LIVE_BIRTHS_MONTHLY').first().waitFor();
    await expect.poll(() => page.getByTestId('flag-INFANT_DEATHS_MONTHLY').count(), { timeout: 30_000 }).toBe(0);
    await page.getByTestId('explain-LIVE_BIRTHS_MONTHLY').fill(EXPLANATION);
    await screenshot(page, '07-data-entry');
    await page.getByTestId('entry-submit').click();
    await page.locator('[data-testid=entry-state][data-state=submitted]').waitFor();
    expect((await formState()).state).toBe('submitted');
    await logout();
  });

  it('3. the city reviewer returns it with a reason', async () => {
    await login(PEOPLE.cityReviewer.username, PEOPLE.cityReviewer.password);
    await page.goto(`${server.url}/review`);
    await page.getByTestId(`inbox-open-${COUNTY}`).click();
    await page.getByTestId('review-flag-LIVE_BIRTHS_MONTHLY').getByText(EXPLANATION).waitFor();
    await screenshot(page, '08-review-inbox');
    await page.keyboard.press('Escape');
    await page.getByTestId(`return-${COUNTY}`).click();
    await page.getByTestId('return-reason').fill(RETURN_REASON);
    await page.locator('#return-confirm').click();
    await expect.poll(async () => (await formState()).state, { timeout: 30_000 }).toBe('returned');
    await logout();
  });

  it('4. the reporter sees the reason, corrects the value and resubmits', async () => {
    await login(PEOPLE.reporter.username, PEOPLE.reporter.password);
    await page.goto(entryUrl());
    await page.getByTestId('returned-reason').getByText(RETURN_REASON).waitFor();
    await page.getByTestId('cell-LIVE_BIRTHS_MONTHLY').fill(String(previousBirths));
    await page.getByTestId('entry-save').click();
    await expect.poll(() => page.getByTestId('flag-LIVE_BIRTHS_MONTHLY').count(), { timeout: 30_000 }).toBe(0);
    await page.getByTestId('entry-submit').click();
    await page.locator('[data-testid=entry-state][data-state=submitted]').waitFor();
    await logout();
  });

  it('5. the city reviewer and then the province approve: the figures are final', async () => {
    for (const person of [PEOPLE.cityReviewer, PEOPLE.provinceReviewer]) {
      await login(person.username, person.password);
      await page.goto(`${server.url}/review`);
      await page.getByTestId(`approve-${COUNTY}`).click();
      await expect.poll(() => page.getByTestId(`approve-${COUNTY}`).count(), { timeout: 30_000 }).toBe(0);
      await logout();
    }
    const final = await formState();
    expect(final.state).toBe('final');
    expect(final.cells.find((c) => c.element === 'LIVE_BIRTHS_MONTHLY')!.value).toBe(previousBirths);
  });

  it('6. an evaluation run over final data feeds the overview, the map and the city ranking', async () => {
    await login('admin', ADMIN_NEW_PASSWORD);
    const q = `framework=healthy-hebei-2023-2027&region=${PROVINCE}&period=2025`;
    // The admin runs the (demonstration) city assessment from the Assessment page.
    await page.goto(`${server.url}/assessment?${q}`);
    await page.getByTestId('run-evaluation').click();
    const rows = page.getByTestId('ranking-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 120_000 }).toBe(11); // Hebei's 11 prefecture cities
    await page.getByTestId('ranking-table').getByText('石家庄市').waitFor();
    await screenshot(page, '05-assessment');

    await page.goto(`${server.url}/?${q}`);
    const cardRows = page.getByTestId('scorecard').locator('tbody tr.ant-table-row');
    await expect.poll(() => cardRows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await screenshot(page, '01-overview');

    await page.goto(`${server.url}/map?${q}&indicator=BEDS_PER_1000`);
    await expect.poll(() => page.getByTestId('schematic-label').textContent(), { timeout: 30_000 }).toBe('示意图，非标准地图');
    // Every city is labelled on the map with its name; legend in words.
    await page.getByTestId('choropleth').getByText('石家庄市').first().waitFor();
    await page.getByTestId('map-legend').waitFor();
    await screenshot(page, '02-map');

    const pages: Array<[string, string]> = [
      ['03-indicator', `/indicators/BEDS_PER_1000?${q}`],
      ['04-region-profile', `/regions/${CITY}?framework=healthy-hebei-2023-2027&period=2025`],
      ['06-health-index', `/index?${q}`],
      ['10-overview-big-screen', `/?${q}&screen=big`],
    ];
    for (const [name, path] of pages) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1500);
      await screenshot(page, name);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/?${q}`);
    await expect.poll(() => cardRows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await screenshot(page, '12-overview-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('7. the language switches to English and back', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.getByTestId('nav-overview').textContent(), { timeout: 30_000 }).toBe('总览');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('nav-overview').textContent(), { timeout: 30_000 }).toBe('Overview');
    await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: 30_000 }).toBe('en');
    await screenshot(page, '11-overview-english');
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole('tab', { name: 'Users, roles and scopes' }).waitFor();
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('nav-overview').textContent(), { timeout: 30_000 }).toBe('总览');
    await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: 30_000 }).toBe('zh-CN');
    expect(pageErrors).toEqual([]);
  });
});
