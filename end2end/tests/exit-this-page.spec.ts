import { test, expect } from "./fixtures";
import { exitURL } from "../playwright.config";

test("Exit this page leaves for a neutral site", async ({ page, errors }) => {
  await page.goto("/");
  await page.getByRole("link", { name: /Exit this page/ }).click();
  await expect(page).toHaveURL(exitURL);
  expect(errors).toEqual([]);
});

test("pressing Shift three times leaves, and Back does not return to the page", async ({ page, errors, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "the keyboard shortcut needs JavaScript; the link works without it");
  await page.goto("/your-rights");
  await page.goto("/");
  // The island sets this once the WebAssembly has hydrated it: proof the bundle runs.
  await expect(page.locator(".exit-this-page[data-hydrated=true]")).toBeVisible();
  await page.keyboard.press("Shift");
  await page.keyboard.press("Shift");
  await expect(page.locator(".exit-this-page [aria-live]")).toHaveText("Shift, press 1 more time to exit.");
  await page.keyboard.press("Shift");
  await expect(page).toHaveURL(exitURL);
  await page.goBack();
  await expect(page).toHaveURL(/\/your-rights$/);
  expect(errors).toEqual([]);
});
