/**
 * The one pluralization helper: "1 response", "3 responses", "1 company", "2 companies". Counts get thousands
 * separators ("1,204 tickets"). Every count-with-a-noun Pulse shows goes through here.
 */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : plural}`;
}
