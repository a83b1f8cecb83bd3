import { Accordion, DescriptionList, DescriptionListItem, Text } from '@hubspot/ui-extensions';

/** Every number on a tile with its definition, folded away until asked for. */
export function KpiDefinitions({
  items,
  testId,
}: {
  items: { label: string; definition: string }[];
  testId: string;
}) {
  return (
    <Accordion title="How these are computed" size="xs" testId={testId}>
      <DescriptionList direction="column">
        {items.map((item) => (
          <DescriptionListItem key={item.label} label={item.label}>
            <Text>{item.definition}</Text>
          </DescriptionListItem>
        ))}
      </DescriptionList>
    </Accordion>
  );
}
