import { useSyncExternalStore } from 'react';

/** The phone breakpoint the stylesheet uses too (`@media (max-width: 720px)` in styles.css). */
const NARROW = '(max-width: 720px)';

const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(NARROW);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

/**
 * Whether the screen is phone-narrow, following rotation and resizing. A media query rather than antd's Grid, whose
 * breakpoint machinery would be shipped for this one question.
 */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(NARROW).matches,
    () => false,
  );
}
