// Unsaved edits, by environment, in this tab's memory only (never browser storage: a draft may
// hold a secret typed in plaintext). They outlive the editor screen, so going to the preview and
// back, or signing in again after a session ended, finds them where they were.

export interface Draft {
  /** The definition as edited. */
  readonly text: string;
  /** The revision the edits started from: a save is based on it. */
  readonly basedOn: number;
  /** That revision's definition, to show what changed. */
  readonly base: string;
}

const drafts = new Map<string, Draft>();

export function getDraft(env: string): Draft | undefined {
  return drafts.get(env);
}

export function setDraft(env: string, draft: Draft | undefined): void {
  if (draft === undefined || draft.text === draft.base) drafts.delete(env);
  else drafts.set(env, draft);
}

export function hasDrafts(): boolean {
  return drafts.size > 0;
}

/** At sign-out: the next person at this browser does not see them. */
export function clearDrafts(): void {
  drafts.clear();
}
