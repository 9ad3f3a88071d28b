/**
 * `client:near` — hydrate a widget when it comes within one screen of the viewport (so it is ready
 * before the reader reaches it), and only once the main thread is idle (so hydration never lands in
 * the middle of a scroll or a click). Astro's `client:visible` waits until the widget is on screen.
 */
import type { ClientDirective } from 'astro';

const whenIdle = (): Promise<void> =>
  new Promise((resolve) => ('requestIdleCallback' in window ? requestIdleCallback(() => resolve(), { timeout: 500 }) : setTimeout(resolve, 50)));

const near: ClientDirective = (load, _options, island) => {
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      void whenIdle().then(async () => (await load())());
    },
    { rootMargin: '100% 0px' },
  );
  for (const child of island.children) observer.observe(child);
};

export default near;
