// GET /account-info/v3/details: the portal's id, currencies, time zone and hosting, for any valid token
// (OAuth or a private app's static token) and without any scope. Field list from HubSpot's generated SDK
// (hubspot-sdk-typescript `account-info/v3`): accountType, additionalCurrencies, companyCurrency,
// dataHostingLocation, portalId, timeZone, uiDomain, utcOffset, utcOffsetMilliseconds.
import { json } from '../hubspot-responses';
import type { RouteContext } from './route-context';

/** The zone's offset from UTC at `at`, as "+01:00" and in milliseconds (DST included). */
export function utcOffsetOf(timeZone: string, at: number): { text: string; ms: number } {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? '');
  if (!match) return { text: '+00:00', ms: 0 };
  const sign = match[1] === '-' ? -1 : 1;
  const ms = sign * (Number(match[2]) * 60 + Number(match[3])) * 60_000;
  return { text: `${match[1]}${match[2]}:${match[3]}`, ms };
}

export function getAccountDetails(ctx: RouteContext): Response {
  const { account } = ctx;
  const offset = utcOffsetOf(account.timeZone, ctx.clock());
  return json(200, {
    portalId: ctx.portal.portalId,
    accountType: account.accountType,
    timeZone: account.timeZone,
    companyCurrency: account.companyCurrency,
    additionalCurrencies: account.additionalCurrencies,
    utcOffset: offset.text,
    utcOffsetMilliseconds: offset.ms,
    uiDomain: account.uiDomain,
    dataHostingLocation: account.dataHostingLocation,
  });
}
