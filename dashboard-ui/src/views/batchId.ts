// A fresh batch id per command a person issues: the gateway applies a command with a given batchId
// once, so retrying after an `unavailable` error with the same id cannot count a click twice.

export function newBatchId(random: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto): string {
  // randomUUID exists only in secure contexts (https, localhost); a LAN http address has just getRandomValues.
  if (typeof random.randomUUID === 'function') return random.randomUUID();
  const bytes = random.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
