// Number formatting for values, rates and scores: few digits, so tiles and tables stay narrow.

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const byDigits = [0, 1, 2, 3].map((digits) => new Intl.NumberFormat('en', { maximumFractionDigits: digits }));

export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const size = Math.abs(value);
  if (size >= 1e6) return compact.format(value);
  const digits = size >= 100 ? 1 : size >= 1 || size === 0 ? 2 : 3;
  return (byDigits[digits] ?? compact).format(value);
}

/** Points per second. */
export function formatRate(rate: number | null | undefined): string {
  return `${formatValue(rate)}/s`;
}

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** Scores are integers; a shared formatter (toLocaleString builds one per call: measured hot). */
export function formatScore(score: number): string {
  return Number.isFinite(score) ? integer.format(score) : '–';
}

/** An error's message for a person (fetch failures, rejected commands). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
