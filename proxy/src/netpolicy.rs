//! Which addresses the try-it proxy may connect to. Everything that is not a public unicast
//! address is refused — loopback, private, link-local, unique-local, CGNAT, multicast,
//! broadcast, documentation and benchmarking ranges, cloud metadata — and IPv6 forms that
//! embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by the address they embed.
//! An operator may allow named ranges (an intranet deployment); nothing else overrides.
//!
//! Literal hosts are parsed the way browsers and `inet_aton` read them (decimal `2130706433`,
//! octal `0177.0.0.1`, hex `0x7f.1`, short `127.1`, trailing dot) by the `url` crate's WHATWG
//! host parser, so a spelling can never reach the resolver as a "name".

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// An address range in CIDR notation (`10.0.0.0/8`, `fd00::/8`, or a lone address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

/// A CIDR that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a CIDR range: {0:?} (expected e.g. 10.1.0.0/16, 127.0.0.1 or fd00::/8)")]
pub struct BadCidr(pub String);

impl FromStr for Cidr {
    type Err = BadCidr;

    fn from_str(s: &str) -> Result<Cidr, BadCidr> {
        let bad = || BadCidr(s.to_string());
        let (a, p) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let addr: IpAddr = a.parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(Cidr { addr, prefix })
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

impl Cidr {
    /// Whether `ip` is inside the range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => in_v4(ip, net, self.prefix),
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let shift = 128 - self.prefix as u32;
                let mask = if shift == 128 { 0 } else { u128::MAX << shift };
                u128::from(ip) & mask == u128::from(net) & mask
            }
            _ => false,
        }
    }
}

fn in_v4(ip: Ipv4Addr, net: Ipv4Addr, prefix: u8) -> bool {
    let shift = 32 - prefix as u32;
    let mask = if shift == 32 { 0 } else { u32::MAX << shift };
    u32::from(ip) & mask == u32::from(net) & mask
}

/// Why an address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `0.0.0.0/8`, `::`.
    Unspecified,
    /// `127.0.0.0/8`, `::1`.
    Loopback,
    /// RFC 1918 (`10/8`, `172.16/12`, `192.168/16`).
    Private,
    /// Carrier-grade NAT, `100.64/10`.
    SharedCgnat,
    /// `169.254/16`, `fe80::/10` — and with it the cloud metadata address.
    LinkLocal,
    /// Cloud metadata services (`169.254.169.254`, `fd00:ec2::254`).
    Metadata,
    /// `fc00::/7`, and the deprecated `fec0::/10`.
    UniqueLocal,
    /// `224/4`, `ff00::/8`.
    Multicast,
    /// `255.255.255.255`.
    Broadcast,
    /// Documentation, benchmarking, reserved and protocol-assignment ranges; Teredo, ORCHID,
    /// discard-only and IPv4-compatible IPv6.
    Reserved,
}

impl Refusal {
    /// A short machine-readable name (used in problem details and metrics).
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::Unspecified => "unspecified",
            Refusal::Loopback => "loopback",
            Refusal::Private => "private",
            Refusal::SharedCgnat => "cgnat",
            Refusal::LinkLocal => "link-local",
            Refusal::Metadata => "metadata",
            Refusal::UniqueLocal => "unique-local",
            Refusal::Multicast => "multicast",
            Refusal::Broadcast => "broadcast",
            Refusal::Reserved => "reserved",
        }
    }
}

/// What is refused and what an operator allowed.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Ranges allowed although they are not public (from `[proxy] allow_private` and
    /// `--allow-private`).
    pub allow: Vec<Cidr>,
}

impl Policy {
    /// `Ok` when the proxy may connect to `ip`.
    pub fn check(&self, ip: IpAddr) -> Result<(), Refusal> {
        match classify(ip) {
            None => Ok(()),
            Some(why) => {
                let inner = embedded_v4(ip);
                let allowed = self.allow.iter().any(|c| c.contains(ip) || inner.is_some_and(|v4| c.contains(IpAddr::V4(v4))));
                if allowed {
                    Ok(())
                } else {
                    Err(why)
                }
            }
        }
    }
}

/// The IPv4 address an IPv6 address stands for: IPv4-mapped, IPv4-compatible, NAT64
/// (`64:ff9b::/96`) or 6to4 (`2002::/16`).
pub fn embedded_v4(ip: IpAddr) -> Option<Ipv4Addr> {
    let IpAddr::V6(v6) = ip else { return None };
    let o = v6.octets();
    let seg = v6.segments();
    let tail = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
    if seg[..5] == [0, 0, 0, 0, 0] && (seg[5] == 0xffff || seg[5] == 0) && !(seg[5] == 0 && seg[6] == 0) {
        return Some(tail);
    }
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(tail);
    }
    if seg[0] == 0x2002 {
        return Some(Ipv4Addr::new(o[2], o[3], o[4], o[5]));
    }
    None
}

/// Why `ip` is not a public unicast address, or `None` when it is one.
pub fn classify(ip: IpAddr) -> Option<Refusal> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<Refusal> {
    let r = |a: [u8; 4], p: u8| in_v4(ip, Ipv4Addr::from(a), p);
    Some(if ip == Ipv4Addr::new(169, 254, 169, 254) {
        Refusal::Metadata
    } else if r([0, 0, 0, 0], 8) {
        Refusal::Unspecified
    } else if r([127, 0, 0, 0], 8) {
        Refusal::Loopback
    } else if r([10, 0, 0, 0], 8) || r([172, 16, 0, 0], 12) || r([192, 168, 0, 0], 16) {
        Refusal::Private
    } else if r([100, 64, 0, 0], 10) {
        Refusal::SharedCgnat
    } else if r([169, 254, 0, 0], 16) {
        Refusal::LinkLocal
    } else if ip == Ipv4Addr::BROADCAST {
        Refusal::Broadcast
    } else if r([224, 0, 0, 0], 4) {
        Refusal::Multicast
    } else if r([192, 0, 0, 0], 24)       // IETF protocol assignments (incl. 192.0.0.170/171 NAT64 discovery)
        || r([192, 0, 2, 0], 24)          // TEST-NET-1
        || r([192, 88, 99, 0], 24)        // 6to4 relay anycast
        || r([198, 18, 0, 0], 15)         // benchmarking
        || r([198, 51, 100, 0], 24)       // TEST-NET-2
        || r([203, 0, 113, 0], 24)        // TEST-NET-3
        || r([240, 0, 0, 0], 4)
    {
        Refusal::Reserved
    } else {
        return None;
    })
}

fn classify_v6(ip: Ipv6Addr) -> Option<Refusal> {
    if let Some(v4) = embedded_v4(IpAddr::V6(ip)) {
        let seg = ip.segments();
        // IPv4-compatible addresses (::a.b.c.d) are deprecated: never a legitimate target.
        if seg[..6] == [0, 0, 0, 0, 0, 0] {
            return Some(Refusal::Reserved);
        }
        return classify_v4(v4);
    }
    let seg = ip.segments();
    let net = |p: [u16; 8], len: u8| Cidr { addr: IpAddr::V6(Ipv6Addr::from(p)), prefix: len }.contains(IpAddr::V6(ip));
    Some(if ip.is_unspecified() {
        Refusal::Unspecified
    } else if ip.is_loopback() {
        Refusal::Loopback
    } else if ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254) {
        Refusal::Metadata
    } else if seg[0] & 0xffc0 == 0xfe80 {
        Refusal::LinkLocal
    } else if seg[0] & 0xfe00 == 0xfc00 || seg[0] & 0xffc0 == 0xfec0 {
        Refusal::UniqueLocal
    } else if seg[0] & 0xff00 == 0xff00 {
        Refusal::Multicast
    } else if net([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48) // local-use NAT64: translates to anything
        || net([0x100, 0, 0, 0, 0, 0, 0, 0], 64)       // discard-only
        || net([0x2001, 0, 0, 0, 0, 0, 0, 0], 32)      // Teredo: embeds an obfuscated IPv4 address
        || net([0x2001, 0x2, 0, 0, 0, 0, 0, 0], 48)    // benchmarking
        || net([0x2001, 0x10, 0, 0, 0, 0, 0, 0], 28)   // ORCHID
        || net([0x2001, 0x20, 0, 0, 0, 0, 0, 0], 28)   // ORCHIDv2
        || net([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32)  // documentation
        || net([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20)      // documentation (RFC 9637)
        || seg[0] & 0xe000 != 0x2000
    // outside global unicast 2000::/3
    {
        Refusal::Reserved
    } else {
        return None;
    })
}

/// The host of a target URL, as a connector must treat it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A literal address: checked as it is, never resolved.
    Ip(IpAddr),
    /// A name: resolved, then every address checked.
    Name(String),
}

/// Reads the host of an `http`/`https` URL the way a browser would (WHATWG URL host parsing:
/// `0177.0.0.1`, `2130706433`, `0x7f.1`, `127.1` and `127.0.0.1.` are all 127.0.0.1); a name
/// loses a trailing dot and is lower-cased.
pub fn host_of(url: &url::Url) -> Option<Host> {
    match url.host()? {
        url::Host::Ipv4(a) => Some(Host::Ip(IpAddr::V4(a))),
        url::Host::Ipv6(a) => Some(Host::Ip(IpAddr::V6(a))),
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            // A last label made of digits (or hex) is an IPv4 spelling the parser did not accept
            // (e.g. out of range): never hand it to a resolver that might read it its own way.
            let last = d.rsplit('.').next().unwrap_or("");
            let numeric =
                !last.is_empty() && (last.bytes().all(|b| b.is_ascii_digit()) || (last.starts_with("0x") && last[2..].bytes().all(|b| b.is_ascii_hexdigit())));
            if d.is_empty() || numeric {
                return None;
            }
            Some(Host::Name(d))
        }
    }
}

/// Reads a host string as it appears in a request URI (`example.org`, `127.0.0.1`, `[::1]`):
/// the connector's view of the same rules as [`host_of`].
pub fn host_of_authority(host: &str) -> Option<Host> {
    let url = url::Url::parse(&format!("http://{host}/")).ok()?;
    host_of(&url)
}

#[cfg(test)]
#[path = "netpolicy_tests.rs"]
mod tests;
