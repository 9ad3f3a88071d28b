/**
 * Where the site lives, for "copy link" and "copy embed code". On the site and its embed pages that is
 * the page's own origin; a standalone custom-element bundle sets it from its own script URL.
 */
let origin: string | undefined;

export function setSiteOrigin(value: string): void {
  origin = value;
}

export function embedUrl(slug: string, query: string): string {
  const base = origin ?? (typeof location === 'undefined' ? 'http://127.0.0.1:4321' : location.origin);
  return `${base}/embed/${slug}/${query ? `?${query}` : ''}`;
}

/** The iframe snippet for one widget; height is a first guess the page then corrects by postMessage. */
export function iframeSnippet(slug: string, title: string, query: string): string {
  return `<iframe src="${embedUrl(slug, query)}" title="${title}" width="100%" height="760" style="border:0" loading="lazy"></iframe>`;
}
