import { Alert, Flex, Link, Text } from '@hubspot/ui-extensions';
import { unavailableSourceMessage, type UnavailableSource } from '@pulse/shared';

export type UnavailableSourcesProps = {
  sources: readonly UnavailableSource[] | undefined;
  /** shown to admins on the settings page: HubSpot's consent screen, where a left-out scope can be granted */
  reauthorizeUrl?: string | null | undefined;
};

/**
 * Says plainly which HubSpot data this account does not give Pulse and what that means for the numbers, e.g.
 * "NPS and CSAT need HubSpot feedback surveys (Service Hub Professional): …". Nothing when every source is there.
 */
export function UnavailableSources({ sources, reauthorizeUrl }: UnavailableSourcesProps) {
  if (sources === undefined || sources.length === 0) return null;
  return (
    <Alert title="Some HubSpot data is not available to Pulse" variant="info" testId="unavailable-sources">
      <Flex direction="column" gap="xs">
        {sources.map((source) => (
          <Text key={source.source} testId={`unavailable-${source.source}`}>
            {unavailableSourceMessage(source)}
          </Text>
        ))}
        {reauthorizeUrl ? (
          <Text>
            If your HubSpot subscription now includes it,{' '}
            <Link href={{ url: reauthorizeUrl, external: true }} testId="reauthorize">
              re-authorize Pulse
            </Link>{' '}
            and grant the access on HubSpot&apos;s consent screen.
          </Text>
        ) : null}
      </Flex>
    </Alert>
  );
}
