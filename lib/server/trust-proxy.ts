/**
 * `TRUST_PROXY`: which reverse proxies the standalone server believes about the client's address and scheme
 * (`X-Forwarded-For`, `X-Forwarded-Proto`). Unset, it believes none, so a client cannot choose the address the
 * admin sign-in throttle counts by sending the header itself. Set, it takes Express's `trust proxy` forms.
 */
import express from 'express';

/** A value for Express's `trust proxy` setting: trust all or none, a hop count, or addresses and subnets. */
export type TrustProxy = boolean | number | string;

/**
 * Reads `TRUST_PROXY`: unset or blank → `false` (trust none); `true`/`false`; a hop count (`1`: the nearest proxy);
 * or a comma list of addresses, CIDR subnets and Express's names (`loopback`, `linklocal`, `uniquelocal`), e.g.
 * `loopback, 10.0.0.0/8`. Throws a message naming the variable for anything Express would refuse.
 */
export function readTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text.toLowerCase() === 'false') return false;
  if (text.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  const list = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(', ');
  try {
    // Express compiles the list when it is set, and refuses what is no address, subnet or known name.
    express().set('trust proxy', list);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`TRUST_PROXY must be true, a hop count or a comma list of addresses/subnets (or loopback, linklocal, uniquelocal); got "${value}" (${reason}).`);
  }
  return list;
}
