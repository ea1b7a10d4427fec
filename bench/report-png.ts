// Renders the HTML report in Debian's headless Chromium to a PNG next to it, to check it reads
// well (and to attach to a review):  node bench/report-png.ts [bench/results/http.html]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../test/helpers/chromium.ts';

const html = process.argv[2] ?? join(import.meta.dirname, 'results', 'http.html');
const png = html.replace(/\.html$/, '.png');
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(pathToFileURL(html).href);
  await page.screenshot({ path: png, fullPage: true });
  console.log(png);
} finally {
  await browser.close();
}
