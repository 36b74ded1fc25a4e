import { CloseButton, createTheme, darken, defaultVariantColorsResolver, parseThemeColor, type VariantColorsResolver } from '@mantine/core';

/**
 * Colours that pass WCAG AA (4.5:1) on white: Mantine's shade 6 does not for most colours (axe color-contrast),
 * so filled components use a darkened shade 8 under white text, and light ones a darkened shade 9 as text.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const out = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || !input.theme.colors[parsed.color]) return out;
  const shades = input.theme.colors[parsed.color];
  if (input.variant === 'filled') return { ...out, background: darken(shades[8], 0.25), hover: darken(shades[9], 0.3), color: '#fff' };
  if (input.variant === 'light' || input.variant === 'outline' || input.variant === 'subtle') return { ...out, color: darken(shades[9], 0.25) };
  return out;
};

export const theme = createTheme({
  primaryColor: 'indigo',
  // shade 8 in light mode: links reach 4.5:1 on white (shade 6 does not)
  primaryShade: { light: 8, dark: 6 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  defaultRadius: 'sm',
  variantColorResolver,
  // notifications and alerts have a close button with no text: give it a name
  components: { CloseButton: CloseButton.extend({ defaultProps: { 'aria-label': 'Fermer' } as never }) },
});

/** Mantine's "dimmed" grey (#868e96, 3.3:1) fails contrast: a darker grey. */
export const cssVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#495057', '--mantine-color-placeholder': '#5c636a', '--mantine-color-anchor': 'var(--mantine-color-indigo-8)', '--mantine-color-error': '#c92a2a' },
  dark: {},
});
