// A device name people recognise ("Chrome 156 on macOS", "Safari on iPhone"), made once from the
// User-Agent when a session is created and stored with it: listings never parse again.
// Parsing is bowser's (MIT, no dependencies); only the wording is ours.
import { parse } from 'bowser';

/** The longest device name stored. */
export const MAX_DEVICE_NAME = 64;

// Bowser's names, shortened to what people call them.
const SHORT: Record<string, string> = {
  'Microsoft Edge': 'Edge',
  'Samsung Internet for Android': 'Samsung Internet',
  'Chrome OS': 'ChromeOS',
  'Yandex Browser': 'Yandex',
  Mozilla: '', // bowser's answer for `Mozilla/5.0 (…)` it could not read: no name at all
};
// Devices people know by their model name rather than their operating system.
const MODELS = new Set(['iPhone', 'iPad', 'iPod']);
// What a non-browser client puts first: `curl/8.5.0`, `okhttp/4.12.0`, `python-httpx/0.27.0`.
const PRODUCT = /^([A-Za-z][A-Za-z0-9._-]{0,31})(?:\/(\d{1,6}))?/;

const short = (name: string | undefined): string => (name ? (SHORT[name] ?? name) : '');

/**
 * The short name of the device a User-Agent describes: browser (with its major version on a
 * desktop) and system or model, e.g. `Chrome 156 on macOS`, `Safari on iPhone`, `Chrome on
 * Android`; a non-browser client by its product, e.g. `curl 8`. Undefined when nothing is known.
 */
export function deviceName(userAgent: string | undefined): string | undefined {
  const ua = userAgent?.trim();
  if (!ua) return undefined;
  // Browsers of one version send one string (User-Agent reduction), so sign-ins repeat a few
  // hundred strings: remember their names instead of paying ~25 µs of parsing for each.
  if (recent.has(ua)) return recent.get(ua);
  const name = nameOf(ua);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(ua, name);
  return name;
}

const RECENT_MAX = 512;
const recent = new Map<string, string | undefined>();

function nameOf(ua: string): string | undefined {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(ua);
  } catch {
    return undefined; // a parser failure costs the name, never the sign-in
  }
  const model = parsed.platform.model;
  const where = model && MODELS.has(model) ? model : short(parsed.os.name);
  const browser = short(parsed.browser.name);
  const desktop = parsed.platform.type === 'desktop' || parsed.platform.type === undefined;
  const major = desktop ? parsed.browser.version?.split('.')[0] : undefined;
  const what = browser && major && /^\d+$/.test(major) ? `${browser} ${major}` : browser;
  let name: string | undefined;
  if (what && where) name = `${what} on ${where}`;
  else if (what) name = what;
  else if (where) name = `Browser on ${where}`;
  else {
    // `Mozilla/5.0 (…)` that bowser could not read names no product.
    const product = PRODUCT.exec(ua);
    name =
      product && product[1] !== 'Mozilla' ? [product[1], product[2]].filter(Boolean).join(' ') : undefined;
  }
  return name?.slice(0, MAX_DEVICE_NAME);
}
