import { useSyncExternalStore } from 'react';
import { NARROW_SCREEN_QUERY as NARROW } from './narrow-screen-query';

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
