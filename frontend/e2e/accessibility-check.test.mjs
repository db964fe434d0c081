// The accessibility check every journey relies on finds what it should: a page that passes it
// has passed a working axe-core, not one that quietly checked nothing.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { accessibilityViolations, launchBrowser, newPage } from './support.mjs'

test('the accessibility check reports an unlabelled field, an image without alt text and low contrast', async () => {
  const browser = await launchBrowser()
  try {
    const page = await newPage(browser)
    await page.setContent(`<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
      <h1>A broken page</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">
      <p style="color:#ddd;background:#fff">Pale text</p></main></body></html>`)
    const found = (await accessibilityViolations(page)).map((line) => line.split(' ')[0])
    assert.deepEqual(found.sort(), ['color-contrast', 'image-alt', 'label'])
  } finally {
    await browser.close()
  }
})
