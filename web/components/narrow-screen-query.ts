/** The phone breakpoint the stylesheet uses too (`@media (max-width: 720px)` in styles.css). No React here: the boot script's first paint asks it too. */
export const NARROW_SCREEN_QUERY = '(max-width: 720px)';
