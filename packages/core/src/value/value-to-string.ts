import { compareUtf8 } from '../internal/_compare-utf8.js';
import { goQuote } from '../internal/_go-quote.js';
import { arrayItems, objectEntries, valueKeys, valueProperty, type Value } from './value.js';

/** The result of the internal string conversion: the text and the flags it inherits. */
export interface StringConversion {
  readonly text: string;
  readonly unknown: boolean;
  readonly secret: boolean;
}

/**
 * The internal string conversion used by interpolation and `fn::toString` (language-spec §3.7):
 * array elements and object pairs are Go-quoted and comma-joined; objects show only their own
 * keys, so an unknown or secret reachable only through the merge base does not taint the result.
 */
export function toInternalString(value: Value): StringConversion {
  if (value.unknown || value.kind === 'unknown') {
    return { text: '[unknown]', unknown: true, secret: value.secret };
  }
  let unknown = false;
  let secret = value.secret;
  let text = '';
  switch (value.kind) {
    case 'null':
      break;
    case 'boolean':
      text = value.data === true ? 'true' : 'false';
      break;
    case 'number':
    case 'string':
      text = value.data as string;
      break;
    case 'array':
      text = (arrayItems(value) ?? [])
        .map((item) => {
          const converted = toInternalString(item);
          unknown ||= converted.unknown;
          secret ||= converted.secret;
          return goQuote(converted.text);
        })
        .join(',');
      break;
    case 'object': {
      const entries = objectEntries(value) ?? new Map<string, Value>();
      text = [...entries.keys()]
        .sort(compareUtf8)
        .map((key) => {
          const converted = toInternalString(entries.get(key)!);
          unknown ||= converted.unknown;
          secret ||= converted.secret;
          return `${goQuote(key)}=${goQuote(converted.text)}`;
        })
        .join(',');
      break;
    }
  }
  return { text, unknown, secret };
}

export interface ExportedStringOptions {
  /** Render secret values as `[secret]`. */
  readonly redact: boolean;
}

/**
 * The exported string conversion (language-spec §10.4, ESC `Value.ToString`) used by
 * `--format string`, environment variables and files: like {@link toInternalString} but objects use
 * their full merged key set, and secrets render as `[secret]` when redacting.
 */
export function toExportedString(value: Value, options: ExportedStringOptions): string {
  if (value.secret && options.redact) return '[secret]';
  if (value.unknown || value.kind === 'unknown') return '[unknown]';
  switch (value.kind) {
    case 'null':
      return '';
    case 'boolean':
      return value.data === true ? 'true' : 'false';
    case 'number':
    case 'string':
      return value.data as string;
    case 'array':
      return (arrayItems(value) ?? [])
        .map((item) => goQuote(toExportedString(item, options)))
        .join(',');
    case 'object':
      return valueKeys(value)
        .flatMap((key) => {
          const property = valueProperty(value, key);
          if (property === undefined) return [];
          return [`${goQuote(key)}=${goQuote(toExportedString(property, options))}`];
        })
        .join(',');
  }
}
