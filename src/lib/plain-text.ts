/**
 * Plain text from an MDX chapter body, for the search index. Crude on purpose: it drops imports and
 * exports, JSX/HTML tags (keeping their text children), math, images and Markdown punctuation, and
 * keeps words. The result is only ever searched and shown with `textContent`, never as HTML.
 */
export function mdxToPlainText(body: string): string {
  let s = body.replace(/\r\n?/g, '\n');
  // import / export statements (possibly spanning lines up to the closing semicolon or quote)
  s = s.replace(/^(?:import|export)\s[\s\S]*?(?:;|['"]\s*)$/gm, ' ');
  // fenced code keeps its content, loses the fences
  s = s.replace(/^```[^\n]*$/gm, ' ');
  // display math, then inline math
  s = s.replace(/\$\$[\s\S]*?\$\$/g, ' ');
  s = s.replace(/(?<!\\)\$(?:\\\$|[^$\n])+\$/g, ' ');
  // HTML comments and MDX expression comments
  s = s.replace(/<!--[\s\S]*?-->/g, ' ').replace(/\{\/\*[\s\S]*?\*\/\}/g, ' ');
  // JSX / HTML tags (attributes may span lines and contain '>' inside quotes or braces)
  s = s.replace(/<\/?[A-Za-z][\w.:-]*(?:\s+(?:"[^"]*"|'[^']*'|\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|[^\s"'{}>/]+|\/(?!>))*)*\s*\/?>/g, ' ');
  // remaining JSX expressions
  s = s.replace(/\{[^{}]*\}/g, ' ');
  // images, then links -> their text
  s = s.replace(/!\[([^\]]*)\]\([^)]*\)/g, ' ');
  s = s.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  s = s.replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1');
  // Markdown punctuation
  s = s.replace(/^\s{0,3}#{1,6}\s+/gm, '');
  s = s.replace(/^\s{0,3}>\s?/gm, '');
  s = s.replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '');
  s = s.replace(/^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$/gm, ' ');
  s = s.replace(/\|/g, ' ');
  s = s.replace(/(\*\*|__|\*|_|~~|`)(?=\S)([^\n]*?\S)\1/g, '$2');
  s = s.replace(/`/g, '');
  return s.replace(/\s+/g, ' ').trim();
}

/** Trim to at most `max` characters, at a word boundary. */
export function trimText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd() + '…';
}
