import ipaddr from 'ipaddr.js';

/**
 * Whether the bot may connect to `address` when fetching a link someone gave it: only ordinary
 * public unicast addresses. Loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
 * link-local (169.254/16 and its cloud metadata service, fe80::/10), carrier-grade NAT,
 * multicast, broadcast, unspecified, documentation, benchmarking and the IPv6 ranges that embed
 * an IPv4 address (NAT64, 6to4, Teredo) are refused: a link must never make the bot reach into
 * the network it runs in. An IPv4-mapped IPv6 address is judged as the IPv4 address it maps.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** A plain word for why an address is refused, for the user's reply. */
export function addressKind(address: string): string {
  if (!ipaddr.isValid(address)) return 'not a valid address';
  const range = ipaddr.process(address).range();
  const names: Record<string, string> = {
    loopback: 'a loopback address on this machine',
    private: 'a private network address',
    uniqueLocal: 'a private network address',
    linkLocal: 'a link-local address',
    carrierGradeNat: 'a carrier-grade NAT address',
    unspecified: 'the unspecified address',
  };
  return names[range] ?? `a special-purpose (${range}) address`;
}
