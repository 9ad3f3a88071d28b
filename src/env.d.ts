// `client:near` (src/integrations/near-directive.ts): hydrate a screen ahead, when the main thread is idle.
declare module 'astro' {
  interface AstroClientDirectives {
    'client:near'?: boolean;
  }
}
export {};
