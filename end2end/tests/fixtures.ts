import { test as base, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { exitURL } from "../playwright.config";

/** Every page of the site that exists so far, with its main heading. */
export const pages = [
  { path: "/", heading: "Report a crime online" },
  { path: "/your-rights", heading: "Your rights as a victim of crime" },
  { path: "/accessibility", heading: "Accessibility statement" },
  { path: "/privacy", heading: "Privacy notice" },
  { path: "/cookies", heading: "Cookies" },
  { path: "/report/resume", heading: "Continue a saved report" },
  { path: "/report/call-999", heading: "Call 999 now" },
  { path: "/report/fraud", heading: "Report fraud to the national fraud reporting service" },
  { path: "/report/another-way", heading: "Report this crime another way" },
  { path: "/report/ask-an-adult", heading: "Ask an adult you trust to help you report this" },
  { path: "/track", heading: "Check your report" },
  { path: "/track/email-link", heading: "Get a link to your report by email" },
  { path: "/track/link-sent", heading: "Check your email" },
  { path: "/track/signed-out", heading: "You have signed out" },
];

const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`);
}

type Fixtures = {
  /** Browser errors seen so far (a broken wasm bundle shows up here first). */
  errors: string[];
  /**
   * Fails on any WCAG 2.2 A/AA (or best-practice) violation axe-core finds on the current page.
   * axe-core needs JavaScript, so with JavaScript off the same address is opened, with the same
   * cookies, in a context where scripts run but our bundle is blocked: the DOM a no-JS visitor gets.
   */
  expectAccessible: () => Promise<void>;
};

export const test = base.extend<Fixtures>({
  errors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    await page.route(`${exitURL}**`, (route) =>
      route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Weather</title><h1>Weather</h1>" }),
    );
    await use(errors);
  },
  expectAccessible: async ({ page, browser, javaScriptEnabled }, use) => {
    await use(async () => {
      if (javaScriptEnabled) {
        // The page as a person sees it: styles applied, not a document still loading after a click.
        await page.waitForLoadState("load");
        expect(await axeViolations(page), `axe-core violations on ${page.url()}`).toEqual([]);
        return;
      }
      const context = await browser.newContext({ javaScriptEnabled: true });
      try {
        await context.addCookies(await page.context().cookies());
        await context.route("**/pkg/*.{js,wasm}", (route) => route.abort());
        const twin = await context.newPage();
        await twin.goto(page.url());
        expect(await axeViolations(twin), `axe-core violations on ${page.url()} without JavaScript`).toEqual([]);
      } finally {
        await context.close();
      }
    });
  },
});

export { expect };
