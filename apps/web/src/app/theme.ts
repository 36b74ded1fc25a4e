import { createTheme } from '@mantine/core';

/** Mantine's default theme with a darker "dimmed" grey: the default (#868e96) fails WCAG AA contrast on white. */
export const theme = createTheme({
  primaryColor: 'indigo',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  defaultRadius: 'sm',
  other: {},
  components: {},
});

export const cssVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#495057', '--mantine-color-placeholder': '#5c636a' },
  dark: {},
});
