import { test, expect, pages } from "./fixtures";

for (const { path, heading } of pages) {
  test(`${path} is in the site layout and passes axe-core`, async ({ page, errors, expectAccessible }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    // "Page – Service – Force", and the service said once on its own start page.
    const service = heading === "Report a crime online" ? "" : "Report a crime online – ";
    await expect(page).toHaveTitle(new RegExp(`^${heading} – ${service}Midshire Police$`));
    await expect(page.getByRole("banner")).toContainText("Report a crime online");
    await expect(page.getByRole("contentinfo").getByRole("link", { name: "Accessibility statement" })).toBeVisible();
    await expectAccessible();
    expect(errors).toEqual([]);
  });
}

test("an unknown address shows the not-found page with status 404", async ({ page, errors, expectAccessible }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expectAccessible();
  expect(errors.filter((e) => !e.includes("404"))).toEqual([]);
});

test("the skip link is the first thing the keyboard reaches and moves to the content", async ({ page }) => {
  await page.goto("/your-rights");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main-content$/);
});

test("the rights page links to the Code page and the video", async ({ page }) => {
  await page.goto("/your-rights");
  await expect(page.getByRole("heading", { level: 2, name: /^Right \d+:/ })).toHaveCount(12);
  await expect(page.getByRole("link", { name: /Giving Victims a Voice/ })).toHaveAttribute("href", "https://youtu.be/v1ZihA9CKi4");
  await expect(page.getByRole("link", { name: /Victims' Code on our website/ })).toHaveAttribute("href", /victims/);
});

test("the start page works on a 320 px wide screen without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(320);
  const start = page.getByRole("link", { name: "Start now" });
  const box = await start.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
});

test("the start button leads into reporting", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Start now" }).click();
  await expect(page).toHaveURL(/\/report\/suitability$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check this service is right for you");
});

test("pages print without the controls and navigation", async ({ page }) => {
  await page.goto("/");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: /Exit this page/ })).toBeHidden();
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeHidden();
  await expect(page.getByRole("contentinfo").getByRole("link", { name: "Cookies" })).toBeHidden();
});
