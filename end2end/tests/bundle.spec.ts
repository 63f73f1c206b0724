import { test, expect } from "./fixtures";

const bundle = /^\/pkg\/.*\.(js|wasm)$/;

test("the script and the WebAssembly are fetched only by a page with an island, and only with JavaScript on", async ({
  page,
  javaScriptEnabled,
  errors,
}) => {
  const fetched: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (bundle.test(path)) fetched.push(path);
  });
  await page.goto("/your-rights", { waitUntil: "networkidle" });
  expect(fetched, "a page without an island").toEqual([]);

  await page.goto("/", { waitUntil: "networkidle" });
  if (javaScriptEnabled) {
    // The island sets this once the WebAssembly has hydrated it.
    await expect(page.locator(".exit-this-page[data-hydrated=true]")).toBeVisible();
    expect(fetched.some((path) => path.endsWith(".wasm")), `fetched: ${fetched}`).toBe(true);
  } else {
    await expect(page.getByRole("link", { name: /Exit this page/ })).toBeVisible();
    expect(fetched, "with JavaScript off").toEqual([]);
  }
  expect(errors).toEqual([]);
});
