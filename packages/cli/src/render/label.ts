import type { EnvironmentInfo } from '@strata/core';
import { formatTime } from './table.js';

/** One environment label as `esc env tag` prints it. */
export function renderLabel(info: EnvironmentInfo, name: string): string {
  let out = `Name: ${name}\nValue: ${info.labels[name] ?? ''}\n`;
  const update = info.labelUpdates[name];
  if (update !== undefined) out += `Last updated at ${formatTime(update.at)} by ${update.by}\n`;
  return out;
}

/** The JSON shape of a label for `--output json`. */
export function labelJson(info: EnvironmentInfo, name: string): Record<string, unknown> {
  const update = info.labelUpdates[name];
  return {
    name,
    value: info.labels[name],
    ...(update === undefined ? {} : { updatedAt: update.at, updatedBy: update.by }),
  };
}
