/** Cases of the shared corpus that miss level 2, with the reason (filled in as they are found). */
export const L2_KNOWN_GAPS: Readonly<Record<string, string>> = {};
