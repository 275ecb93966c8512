/** What the Data section's panels share. */
export type Line = { kind: 'ok' | 'error' | 'info'; text: string } | null;

/** A file name's date: the day in UTC, as ISO. */
export const today = (now: number) => new Date(now).toISOString().slice(0, 10);
