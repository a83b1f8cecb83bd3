import { z } from 'zod';

/**
 * The account's company currency as every view receives it: an ISO 4217 code from HubSpot's account details
 * (`companyCurrency`), or null before Pulse has read them. Amounts in a response are all in it.
 */
export const ZCurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'currencyCode must be an ISO 4217 code such as "EUR"')
  .nullable();
export type CurrencyCode = z.infer<typeof ZCurrencyCode>;
