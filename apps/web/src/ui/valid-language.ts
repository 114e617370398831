/**
 * Chromium on Linux reports `navigator.language` as e.g. "en-US@posix" when the process locale is
 * C or POSIX (LANG=C.UTF-8, as in CI and many containers), which Intl rejects as a language tag.
 * uPlot builds an Intl.NumberFormat from it when its module loads, and would fail there; this
 * module, imported before uplot, gives the page a valid tag in its place (the same language,
 * the "@…" suffix cut off, or "en-US").
 */
export function validLanguage(language: string): string | undefined {
  try {
    new Intl.NumberFormat(language);
    return undefined;
  } catch {
    const cut = language.replace(/@.*$/, '');
    try {
      new Intl.NumberFormat(cut);
      return cut;
    } catch {
      return 'en-US';
    }
  }
}

const replacement =
  typeof navigator === 'undefined' ? undefined : validLanguage(navigator.language);
if (replacement !== undefined) {
  Object.defineProperty(navigator, 'language', { value: replacement, configurable: true });
}
