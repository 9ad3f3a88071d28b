/**
 * Where the site lives, for "copy link" and "copy embed code". On the site and its embed pages that is
 * the page's own origin; a standalone custom-element bundle sets it from its own script URL; pages
 * built ahead of time pass the configured site origin.
 */
let origin: string | undefined;

export function setSiteOrigin(value: string): void {
  origin = value;
}

function siteOrigin(): string {
  return origin ?? (typeof location === 'undefined' ? '' : location.origin);
}

export function embedUrl(slug: string, query: string, base = siteOrigin()): string {
  return `${base}/embed/${slug}/${query ? `?${query}` : ''}`;
}

/** The iframe snippet for one widget; the height is a first guess that the page corrects by postMessage. */
export function iframeSnippet(slug: string, title: string, query: string, base = siteOrigin()): string {
  return `<iframe src="${embedUrl(slug, query, base)}" title="${title}" width="100%" height="760" style="border:0" loading="lazy"></iframe>`;
}
