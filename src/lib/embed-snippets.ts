/** The snippets the gallery and the embed docs print, in one place so they never drift apart. */
import { iframeSnippet } from '~/embed/site';
import type { ParamSpec } from '~/widgets/params';
import type { WidgetInfo } from '~/widgets/registry';

/** Sizes each embedded widget's iframe to its content (the gallery runs it; the docs print it). */
export const RESIZE_SCRIPT = `
  // Size each embedded widget to its content.
  addEventListener('message', (event) => {
    const data = event.data;
    if (!data || data.type !== 'dl-embed:height') return;
    for (const frame of document.querySelectorAll('iframe')) {
      if (frame.contentWindow === event.source) frame.style.height = data.height + 'px';
    }
  });
`;

export const RESIZE_LISTENER = `<script>${RESIZE_SCRIPT}</script>`;

export function snippets(widget: WidgetInfo, origin: string) {
  const iframe = iframeSnippet(widget.slug, widget.title, widget.example, origin);
  const attributes = new URLSearchParams(widget.example);
  const attrText = [...attributes].map(([k, v]) => ` ${k}="${v}"`).join('');
  const element = `<script type="module" src="${origin}/widgets/${widget.slug}.js"></script>\n<${widget.tag}${attrText}></${widget.tag}>`;
  return { iframe, element };
}

/** The accepted values of one parameter, in words, for the docs table. */
export function describeRange(spec: ParamSpec): string {
  switch (spec.type) {
    case 'int':
      return `whole number ${spec.min} to ${spec.max}`;
    case 'number':
      return `number ${spec.min} to ${spec.max}`;
    case 'bool':
      return 'true or false (a bare attribute means true)';
    case 'enum':
      return spec.options.join(' · ');
    case 'grid':
      return `rows split by “;”, values by “,”; up to ${spec.maxSize}×${spec.maxSize}, values ${spec.minValue} to ${spec.maxValue}`;
    case 'text':
      return `text, up to ${spec.maxLength} characters (see the description)`;
  }
}
