import { test as base, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { exitURL } from "../playwright.config";

/** Every page of the site that exists so far, with its main heading. */
export const pages = [
  { path: "/", heading: "Report a crime online" },
  { path: "/report", heading: "Report a crime" },
  { path: "/your-rights", heading: "Your rights as a victim of crime" },
  { path: "/accessibility", heading: "Accessibility statement" },
  { path: "/privacy", heading: "Privacy notice" },
  { path: "/cookies", heading: "Cookies" },
];

/** Fails on any WCAG 2.2 A or AA violation axe-core finds. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`);
  expect(summary, "axe-core violations").toEqual([]);
}

type Fixtures = { errors: string[] };

/**
 * Collects browser errors (a broken wasm bundle shows up here first) and answers the neutral exit
 * site locally: the test machine has no internet.
 */
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
});

export { expect };
