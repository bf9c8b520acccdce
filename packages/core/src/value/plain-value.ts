// Plain data exchanged with providers, rotators and hosts, with secret parts marked.

/** Plain data exchanged with providers, rotators and the host (no flags, no traces). */
export type PlainValue =
  null | boolean | number | string | readonly PlainValue[] | { readonly [key: string]: PlainValue };

/** A value handed back by a provider: plain data, any part of it optionally marked secret. */
export type ProviderOutput =
  | null
  | boolean
  | number
  | string
  | SecretOutput
  | readonly ProviderOutput[]
  | { readonly [key: string]: ProviderOutput };

/** Marks part of a provider's output as secret. */
export class SecretOutput {
  constructor(readonly value: ProviderOutput) {}
}
