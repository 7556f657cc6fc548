/**
 * The story of issue 5 in real Chromium against the real server on a fresh database:
 * an admin creates a county reporter and a city reviewer; the reporter enters a month with
 * one outlier, explains it and submits; the reviewer returns it with a reason; the reporter
 * corrects and resubmits; the city and then the province approve; the analytical pages show
 * the result; the language switches to English and back. Screenshots of every main page go
 * to artifacts/screenshots/.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from './support/api.js';
import { chromiumAvailable, launchBrowser, screenshot } from './support/browser.js';
import { startE2eServer, type E2eServer } from './support/server.js';
import { CITY, COUNTY, EXPECTED_IMR, EXPLANATION, FIGURES, FORM, FORM_DEFINITION, FRAMEWORK, FRAMEWORK_INDICATOR, INDICATOR, PEOPLE, PERIOD, PROVINCE, RETURN_REASON } from './story.fixtures.js';

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

/** Wait until transient toasts are gone and drawers/modals stopped moving, so screenshots show the page. */
async function settle(): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
  const moving = () => page.locator('[class*="-motion-"][class*="-active"], [class*="-motion-"][class*="-enter"], [class*="-motion-"][class*="-leave"]').count();
  await expect.poll(moving, { timeout: 15_000 }).toBe(0);
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
  // The dropdown animates away; the next picker's dropdown must not be confused with it.
  await expect.poll(() => page.locator('.ant-cascader-dropdown:visible').count(), { timeout: 10_000 }).toBe(0);
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

/** The dashboard's figure of IMR_MONTHLY for the cities of Hebei in the story's month. */
async function cityFigure(): Promise<number | null> {
  const map = await admin.call<{ items: Array<{ region: { code: string }; figure: { value: number | null } | null }> }>('GET', `/dashboard/map?indicator=${INDICATOR}&region=${PROVINCE}&period=${PERIOD}`);
  return map.items.find((i) => i.region.code === CITY)?.figure?.value ?? null;
}

const downloads = mkdtempSync(join(tmpdir(), 'vitals-e2e-downloads-'));

describe.skipIf(!chromiumAvailable())('the reporting story in Chromium', () => {
  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-web-build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('web build failed');
    server = await startE2eServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', acceptDownloads: true });
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
    // The form's two elements feed IMR_MONTHLY, which the planner adds to the Healthy Hebei framework.
    await planner.call('PUT', `/frameworks/${FRAMEWORK}/indicators`, { indicators: [FRAMEWORK_INDICATOR] });
    // Nothing is known for the month yet.
    expect(await cityFigure()).toBeNull();

    await page.goto(`${server.url}/admin/users`);
    await createUserInUi(PEOPLE.reporter, '填报员', 'caq', '长安区'); // pinyin initials of 长安区
    await createUserInUi(PEOPLE.cityReviewer, '审核员', CITY, '石家庄市'); // by division code
    const users = await admin.call<{ items: Array<{ id: string; roles: string[]; captureScope: string[] }> }>('GET', '/users?limit=100');
    expect(users.items.find((u) => u.id === PEOPLE.reporter.username)).toMatchObject({ roles: ['reporter'], captureScope: [COUNTY] });
    expect(users.items.find((u) => u.id === PEOPLE.cityReviewer.username)).toMatchObject({ roles: ['reviewer'], captureScope: [CITY] });
    await settle();
    await screenshot(page, '09-admin-users');
    await logout();
  });

  it('2. the reporter enters the month with one outlier, explains it and submits', async () => {
    const before = await formState();
    expect(before.cells.find((c) => c.element === 'LIVE_BIRTHS_MONTHLY')!.previousValue).toBe(465); // synthetic 2025M12 of 长安区 (seed 2023)

    await login(PEOPLE.reporter.username, PEOPLE.reporter.password);
    await page.goto(entryUrl());
    await page.getByTestId('cell-LIVE_BIRTHS_MONTHLY').waitFor();

    // The Excel round trip: the template downloads; a filled copy with a bad cell comes back
    // with the cell named and nothing written.
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByTestId('entry-template').click()]);
    expect(template.suggestedFilename()).toBe(`${FORM}-${COUNTY}-${PERIOD}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await template.path())!);
    const sheet = workbook.getWorksheet('填报')!;
    expect([sheet.getCell('B2').value, sheet.getCell('B3').value, sheet.getCell('B4').value, sheet.getCell('A7').value, sheet.getCell('D7').value]).toEqual([FORM, COUNTY, PERIOD, 'LIVE_BIRTHS_MONTHLY', 465]);
    sheet.getCell('E7').value = '五百'; // text in a number cell
    sheet.getCell('E8').value = -1; // a negative count
    const filled = join(downloads, 'filled.xlsx');
    await workbook.xlsx.writeFile(filled);
    await page.getByTestId('entry-upload').locator('input[type=file]').setInputFiles(filled);
    await page.locator('[data-testid=import-report][data-status=rejected]').waitFor();
    await page.getByTestId('upload-problem-E7').waitFor();
    await page.getByTestId('upload-problem-E8').waitFor();
    expect((await formState()).cells.map((c) => c.value)).toEqual([null, null]);

    // One zero too many: ten times the usual births is far above the 50 % change limit.
    await page.getByTestId('cell-LIVE_BIRTHS_MONTHLY').fill(String(FIGURES.slip));
    await page.getByTestId('cell-LIVE_BIRTHS_MONTHLY').press('Enter');
    await page.getByTestId('cell-INFANT_DEATHS_MONTHLY').fill(String(FIGURES.deaths));
    await page.getByTestId('entry-save').click();
    await page.getByTestId('flag-LIVE_BIRTHS_MONTHLY').first().waitFor();
    await expect.poll(() => page.getByTestId('flag-INFANT_DEATHS_MONTHLY').count(), { timeout: 30_000 }).toBe(0);
    await page.getByTestId('explain-LIVE_BIRTHS_MONTHLY').fill(EXPLANATION);
    await settle();
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
    await settle();
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
    await page.getByTestId('cell-LIVE_BIRTHS_MONTHLY').fill(String(FIGURES.births));
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
    expect(final.cells.map((c) => c.value)).toEqual([FIGURES.births, FIGURES.deaths]);
    // Final data reach the dashboards in the approving transaction: 2 / 500 × 1000 = 4 ‰.
    expect(await cityFigure()).toBe(EXPECTED_IMR);
  });

  it('6. the overview, the map and the city ranking show the new final figures; the assessment runs and exports', async () => {
    await login('admin', ADMIN_NEW_PASSWORD);

    // The month just approved: 石家庄's infant mortality (monthly report) is 2 / 500 × 1000 = 4 ‰,
    // on the overview of the city…
    await page.goto(`${server.url}/?framework=${FRAMEWORK}&region=${CITY}&period=${PERIOD}`);
    const latest = page.getByTestId(`latest-${INDICATOR}`);
    await expect.poll(() => latest.getAttribute('data-value'), { timeout: 60_000 }).toBe(String(EXPECTED_IMR));
    expect(await latest.textContent()).toContain('2026年1月');
    expect(await page.getByTestId('figures-source').getAttribute('data-source')).toBe('dashboard');

    // …on the map of the cities, and in their ranking: 石家庄 is the only city with final data
    // for the month, so it ranks first of those ranked.
    await page.goto(`${server.url}/map?framework=${FRAMEWORK}&region=${PROVINCE}&period=${PERIOD}&indicator=${INDICATOR}`);
    const cityValue = page.getByTestId(`rank-value-${CITY}`);
    await cityValue.waitFor({ timeout: 60_000 });
    expect(await cityValue.textContent()).toMatch(/^4\s*‰/);
    const cityRow = page.getByTestId('map-ranking').locator('tbody tr.ant-table-row').filter({ hasText: '石家庄市' });
    expect((await cityRow.locator('td').first().textContent())?.trim()).toBe('1');
    await page.getByTestId('choropleth').getByText('石家庄市').first().waitFor();

    // The (demonstration) city assessment of 2025 runs from the Assessment page and exports to Excel.
    const q = `framework=${FRAMEWORK}&region=${PROVINCE}&period=2025`;
    await page.goto(`${server.url}/assessment?${q}`);
    await page.getByTestId('run-evaluation').click();
    // The shipped evaluation profile shows live scores first; once the run is done, the page shows
    // (and exports) the run.
    await expect.poll(() => page.getByTestId('page-assessment').getAttribute('data-source'), { timeout: 120_000 }).toBe('run');
    const rows = page.getByTestId('ranking-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 120_000 }).toBe(11); // Hebei's 11 prefecture cities
    await page.getByTestId('ranking-table').getByText('石家庄市').waitFor();
    await settle();
    await screenshot(page, '05-assessment');
    const runs = await admin.call<{ items: Array<{ id: number; inputsHash: string; options: { scheme: string | null } }> }>('GET', `/evaluations?framework=${FRAMEWORK}&year=2025&limit=5`);
    const run = runs.items.find((r) => r.options.scheme)!;
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByTestId('assessment-export').click()]);
    expect(exported.suggestedFilename()).toBe(`assessment-${FRAMEWORK}-2025-run${run.id}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await exported.path())!);
    const ws = book.worksheets[0]!;
    const meta = new Map<string, string>();
    for (let r = 2; r <= 9; r++) meta.set(String(ws.getCell(r, 1).value), String(ws.getCell(r, 2).value));
    expect(meta.get('评估运行')).toMatch(new RegExp(`^#${run.id} · `));
    expect(meta.get('输入数据哈希（SHA-256）')).toBe(run.inputsHash);
    expect(meta.get('考核方案')).toContain('hebei-city-assessment');
    expect(meta.get('演示方案')).toBe('是');
    expect(meta.get('合成演示数据')).toMatch(/^是：/); // the demo data of Hebei are synthetic
    const header = ws.getRow(11).values as unknown[];
    expect(header.slice(1, 5)).toEqual(['名次', '并列', '地区', '代码']);
    const body = Array.from({ length: 11 }, (_, i) => ws.getRow(12 + i));
    expect(body.map((r) => r.getCell(4).value).sort()).toEqual(['130100', '130200', '130300', '130400', '130500', '130600', '130700', '130800', '130900', '131000', '131100']);
    // Ranks ascend down the sheet (ties share one).
    const ranks = body.map((r) => Number(r.getCell(1).value));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    await page.goto(`${server.url}/?${q}`);
    const cardRows = page.getByTestId('scorecard').locator('tbody tr.ant-table-row');
    await expect.poll(() => cardRows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    await screenshot(page, '01-overview');

    await page.goto(`${server.url}/map?${q}&indicator=BEDS_PER_1000`);
    await expect.poll(() => page.getByTestId('schematic-label').textContent(), { timeout: 30_000 }).toBe('示意图，非标准地图');
    // Every city is labelled on the map with its name; legend in words.
    await page.getByTestId('choropleth').getByText('石家庄市').first().waitFor();
    await page.getByTestId('map-legend').waitFor();
    await page.getByTestId('map-ranking').locator('tbody tr.ant-table-row').first().waitFor();
    await screenshot(page, '02-map');

    // The (demonstration) health index of the cities, computed from the synthetic demo data.
    await page.goto(`${server.url}/index?${q}`);
    await page.getByTestId('run-evaluation').click();
    const indexRows = page.getByTestId('index-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => indexRows.count(), { timeout: 120_000 }).toBe(11);
    await settle();
    await screenshot(page, '06-health-index');

    const pages: Array<[string, string]> = [
      ['03-indicator', `/indicators/BEDS_PER_1000?${q}`],
      ['04-region-profile', `/regions/${CITY}?framework=${FRAMEWORK}&period=2025`],
      ['10-overview-big-screen', `/?${q}&screen=big`],
    ];
    for (const [name, path] of pages) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: 60_000 }).toBe(0);
      await page.waitForTimeout(1000);
      await screenshot(page, name);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/?${q}`);
    await expect.poll(() => cardRows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await screenshot(page, '12-overview-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('7. the language switches to English and back, keeping the selected framework, region and period', async () => {
    const q = `framework=${FRAMEWORK}&region=${CITY}&period=2025`;
    await page.goto(`${server.url}/?${q}`);
    const cardRows = page.getByTestId('scorecard').locator('tbody tr.ant-table-row');
    await expect.poll(() => cardRows.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('nav-overview').textContent(), { timeout: 30_000 }).toBe('总览');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('nav-overview').textContent(), { timeout: 30_000 }).toBe('Overview');
    await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: 30_000 }).toBe('en');
    // Same framework, region and period; the picker names the region in English; data shown.
    const url = new URL(page.url());
    expect([url.searchParams.get('framework'), url.searchParams.get('region'), url.searchParams.get('period')]).toEqual([FRAMEWORK, CITY, '2025']);
    await page.locator('.filter-bar .ant-select').filter({ has: page.locator('#filter-region') }).getByText('Shijiazhuang').waitFor();
    await expect.poll(() => cardRows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    await screenshot(page, '11-overview-english');
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole('tab', { name: 'Users, roles and scopes' }).waitFor();
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('nav-overview').textContent(), { timeout: 30_000 }).toBe('总览');
    await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: 30_000 }).toBe('zh-CN');
    expect(pageErrors).toEqual([]);
  });
});
