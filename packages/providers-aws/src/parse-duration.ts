/** Parses a Go duration (`1h`, `90m`, `1h30m`, `3600s`) as ESC's `duration` input; whole seconds. */
export function parseDuration(text: string): number {
  const match = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?$/.exec(
    text.trim(),
  );
  if (text.trim() === '' || match === null)
    throw new Error(
      `aws-login: invalid duration ${JSON.stringify(text)}; use e.g. "1h", "90m" or "3600s"`,
    );
  const [, h, m, s] = match;
  const seconds = Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
  return Math.round(seconds);
}
