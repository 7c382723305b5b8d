// Light and dark: the person's choice when they made one (persisted), else the system's.

export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'livedash.theme';

export function resolveTheme(stored: string | null, prefersDark: boolean): Theme {
  if (stored === 'light' || stored === 'dark') return stored;
  return prefersDark ? 'dark' : 'light';
}

type ThemeListener = (theme: Theme) => void;

/** Owns `<html data-theme>`; charts (canvas, so not styled by CSS) listen to redraw in the new colours. */
export class ThemeController {
  private readonly listeners = new Set<ThemeListener>();
  private readonly media = matchMedia('(prefers-color-scheme: dark)');
  private current: Theme;

  constructor() {
    this.current = resolveTheme(this.stored(), this.media.matches);
    this.apply();
    this.media.addEventListener('change', () => {
      if (this.stored() !== null) return; // an explicit choice wins over the system
      this.set(this.media.matches ? 'dark' : 'light', false);
    });
  }

  get theme(): Theme {
    return this.current;
  }

  toggle(): void {
    this.set(this.current === 'dark' ? 'light' : 'dark', true);
  }

  onChange(listener: ThemeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(theme: Theme, persist: boolean): void {
    if (persist) {
      try {
        localStorage.setItem(THEME_STORAGE_KEY, theme);
      } catch {
        // storage full or blocked: the choice lasts for this page only
      }
    }
    if (theme === this.current) return;
    this.current = theme;
    this.apply();
    for (const listener of this.listeners) listener(theme);
  }

  private apply(): void {
    colorCache.clear();
    document.documentElement.dataset.theme = this.current;
    document.documentElement.style.colorScheme = this.current;
  }

  private stored(): string | null {
    try {
      return localStorage.getItem(THEME_STORAGE_KEY);
    } catch {
      return null;
    }
  }
}

const colorCache = new Map<string, string>();

/**
 * Reads a CSS custom property of the current theme (charts draw on canvas with these colours).
 * Cached until the theme changes: reading computed style inside a frame that wrote to the DOM
 * would force a style recalculation per widget.
 */
export function cssColor(name: string, fallback: string): string {
  const cached = colorCache.get(name);
  if (cached !== undefined) return cached;
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
  colorCache.set(name, value);
  return value;
}

/** Series colours, in order; chosen for at least 3:1 against the theme's chart background. */
export function seriesPalette(): string[] {
  return Array.from({ length: 8 }, (_, i) => cssColor(`--series-${i}`, '#0b5cad'));
}
