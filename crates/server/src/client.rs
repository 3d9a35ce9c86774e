//! Who a request is from, for per-client limits (login codes per hour, a fair share of slots):
//! the socket's address, or behind a configured proxy the address it saw (`X-Forwarded-For`);
//! an IPv6 client is its /64, since one phone may use any address of it.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use axum::http::HeaderMap;

/// Proxies (`HEALTHCODE_TRUSTED_PROXIES`) whose `X-Forwarded-For` is believed: addresses or
/// CIDR ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Arc<[(IpAddr, u8)]>);

impl TrustedProxies {
    /// Parses `10.0.0.1, 10.1.0.0/16, fd00::/8`; the error is the first bad entry.
    pub fn parse(text: &str) -> Result<Self, String> {
        let ranges = text
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|entry| {
                let (addr, bits) = entry.split_once('/').unwrap_or((entry, ""));
                let addr: IpAddr = addr.parse().map_err(|_| entry.to_owned())?;
                let max = if addr.is_ipv4() { 32 } else { 128 };
                let bits = if bits.is_empty() {
                    max
                } else {
                    bits.parse().map_err(|_| entry.to_owned())?
                };
                if bits > max {
                    return Err(entry.to_owned());
                }
                Ok((addr, bits))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self(ranges.into()))
    }

    fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|(net, bits)| within(ip, *net, *bits))
    }
}

fn within(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

/// The client of a request from `peer` with `headers`, as a limit's key.
pub fn client_key(peer: Option<IpAddr>, headers: &HeaderMap, proxies: &TrustedProxies) -> String {
    let Some(mut client) = peer else {
        return "unknown".into();
    };
    // Walk X-Forwarded-For from the right while the hop is one of our proxies: the first
    // address a proxy of ours did not add is the client (anything left of it is the client's
    // own claim).
    if proxies.contains(client) {
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        for hop in hops.iter().rev() {
            let Ok(ip) = hop.parse::<IpAddr>() else { break };
            client = ip;
            if !proxies.contains(ip) {
                break;
            }
        }
    }
    match client {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => match ip.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let prefix = u128::from(ip) & (u128::MAX << 64);
                format!("{}/64", Ipv6Addr::from(prefix))
            }
        },
    }
}

/// The client of a request, from its parts.
pub fn of_parts(parts: &Parts, proxies: &TrustedProxies) -> String {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if let Some(peer) = peer.filter(|p| !proxies.contains(*p)) {
        if parts.headers.contains_key("x-forwarded-for") && !WARNED.swap(true, Ordering::Relaxed) {
            // A proxy we were not told about: every client behind it shares one set of limits.
            tracing::warn!(
                %peer,
                "X-Forwarded-For from a peer not in HEALTHCODE_TRUSTED_PROXIES: clients behind it share one limit"
            );
        }
    }
    client_key(peer, &parts.headers, proxies)
}

static WARNED: AtomicBool = AtomicBool::new(false);

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let proxy = Some("10.0.0.5".parse().unwrap());
        let stranger = Some("203.0.113.9".parse().unwrap());
        let headers = forwarded("198.51.100.1, 203.0.113.7, 10.0.0.9");
        // 10.0.0.9 is our inner proxy; 203.0.113.7 is the client; the first entry is its claim.
        assert_eq!(client_key(proxy, &headers, &proxies), "203.0.113.7");
        assert_eq!(client_key(stranger, &headers, &proxies), "203.0.113.9");
        assert_eq!(client_key(proxy, &HeaderMap::new(), &proxies), "10.0.0.5");
        assert_eq!(
            client_key(proxy, &headers, &TrustedProxies::default()),
            "10.0.0.5"
        );
    }

    #[test]
    fn an_ipv6_client_is_its_64() {
        let none = TrustedProxies::default();
        let a = client_key(
            Some("2001:db8:1:2:aaaa::1".parse().unwrap()),
            &HeaderMap::new(),
            &none,
        );
        let b = client_key(
            Some("2001:db8:1:2:ffff::9".parse().unwrap()),
            &HeaderMap::new(),
            &none,
        );
        let other = client_key(Some("2001:db8:1:3::1".parse().unwrap()), &HeaderMap::new(), &none);
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(a, b);
        assert_ne!(a, other);
        let mapped = client_key(
            Some("::ffff:192.0.2.1".parse().unwrap()),
            &HeaderMap::new(),
            &none,
        );
        assert_eq!(mapped, "192.0.2.1");
    }

    #[test]
    fn bad_proxy_entries_are_named() {
        assert_eq!(TrustedProxies::parse("10.0.0.1, nope").unwrap_err(), "nope");
        assert_eq!(TrustedProxies::parse("10.0.0.0/33").unwrap_err(), "10.0.0.0/33");
        assert!(TrustedProxies::parse("").unwrap().0.is_empty());
    }
}
