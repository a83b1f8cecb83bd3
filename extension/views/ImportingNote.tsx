import { Text } from '@hubspot/ui-extensions';

/** This company was fetched on its own for the card while the first sync still imports the rest of the account. */
export function ImportingNote() {
  return (
    <Text variant="microcopy" testId="importing-note">
      Fetched for this card ahead of the first sync: the rest of the account is still importing, so portfolio
      totals and comparisons are not complete yet.
    </Text>
  );
}
