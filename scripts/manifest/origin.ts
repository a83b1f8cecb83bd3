/**
 * The one origin every URL in the HubSpot project files comes from (redirect URL, permittedUrls.fetch, webhook
 * target, support and documentation links, the API origin the cards call, the listing's legal links).
 */
import { ZOrigin } from '@pulse/shared';

/**
 * What the committed files carry until an operator gives their origin. `.invalid` is reserved (RFC 2606): it can
 * never resolve, and `npm run upload:check` refuses to upload a project that still has it.
 */
export const PLACEHOLDER_ORIGIN = 'https://origin-not-set.pulse.invalid';

export type OriginChoice = {
  origin: string;
  /** where it came from, for the generator's message */
  source: '--origin' | 'PUBLIC_URL' | 'the committed project files' | 'the placeholder';
};

function parseOrigin(value: string, from: string): string {
  const trimmed = value.trim().replace(/\/+$/, '');
  const parsed = ZOrigin.safeParse(trimmed);
  if (!parsed.success) {
    throw new Error(
      `${from} "${value}" is not an https origin (https://host[:port], no path): HubSpot calls Pulse over https only.`,
    );
  }
  return parsed.data;
}

/**
 * `--origin` wins, then PUBLIC_URL (the server's own setting), then the origin already in the project files (so
 * regenerating after a manifest edit keeps it), else the placeholder. `--placeholder` resets to the placeholder.
 */
export function chooseOrigin(options: {
  origin?: string | undefined;
  placeholder?: boolean | undefined;
  publicUrl?: string | undefined;
  committed?: string | null | undefined;
}): OriginChoice {
  if (options.placeholder && options.origin !== undefined)
    throw new Error('Give either --origin or --placeholder, not both.');
  if (options.placeholder) return { origin: PLACEHOLDER_ORIGIN, source: 'the placeholder' };
  if (options.origin !== undefined)
    return { origin: parseOrigin(options.origin, '--origin'), source: '--origin' };
  if (options.publicUrl !== undefined && options.publicUrl !== '')
    return { origin: parseOrigin(options.publicUrl, 'PUBLIC_URL'), source: 'PUBLIC_URL' };
  if (options.committed) return { origin: options.committed, source: 'the committed project files' };
  return { origin: PLACEHOLDER_ORIGIN, source: 'the placeholder' };
}
