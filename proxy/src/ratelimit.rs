//! Per-client request rate: a token bucket per client address, in memory. Losing it (a restart,
//! another copy behind the load balancer) only forgives a few requests, which is why the server
//! may keep it: with N copies a client gets at most N times the rate (documented in README).
//! IPv6 clients are keyed by their /64, which is what one subscriber usually gets.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::Rate;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Buckets for one kind of request.
#[derive(Debug)]
pub struct Limiter {
    rate: Rate,
    shards: Vec<Mutex<HashMap<IpAddr, Bucket>>>,
}

/// Most clients remembered per shard before idle (full) buckets are swept.
const SWEEP_AT: usize = 50_000;

fn key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

impl Limiter {
    /// Buckets refilling at `rate`.
    pub fn new(rate: Rate) -> Limiter {
        Limiter { rate, shards: (0..16).map(|_| Mutex::new(HashMap::new())).collect() }
    }

    /// Takes one token for `ip`: `Ok` or the time until one is there.
    pub fn take(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        if self.rate.per_second <= 0.0 {
            return Ok(());
        }
        let k = key(ip);
        let shard = match k {
            IpAddr::V4(a) => a.octets()[3] as usize,
            IpAddr::V6(a) => a.octets()[7] as usize,
        } % self.shards.len();
        let mut map = self.shards[shard].lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= SWEEP_AT {
            let (rate, burst) = (self.rate.per_second, self.rate.burst);
            map.retain(|_, b| b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < burst);
        }
        let b = map.entry(k).or_insert(Bucket { tokens: self.rate.burst, at: now });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.rate.per_second).min(self.rate.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - b.tokens) / self.rate.per_second))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refill() {
        let l = Limiter::new(Rate { per_second: 2.0, burst: 3.0 });
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.take(ip, t0).is_ok());
        }
        let wait = l.take(ip, t0).unwrap_err();
        assert!(wait > Duration::from_millis(400) && wait <= Duration::from_millis(500), "{wait:?}");
        assert!(l.take("203.0.113.10".parse().unwrap(), t0).is_ok(), "another client has its own bucket");
        assert!(l.take(ip, t0 + Duration::from_millis(500)).is_ok());
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let l = Limiter::new(Rate { per_second: 1.0, burst: 1.0 });
        let t0 = Instant::now();
        assert!(l.take("2001:db8:1:2::1".parse().unwrap(), t0).is_ok());
        assert!(l.take("2001:db8:1:2::ffff".parse().unwrap(), t0).is_err());
        assert!(l.take("2001:db8:1:3::1".parse().unwrap(), t0).is_ok());
    }

    #[test]
    fn zero_rate_is_off() {
        let l = Limiter::new(Rate { per_second: 0.0, burst: 0.0 });
        for _ in 0..100 {
            assert!(l.take("198.51.100.1".parse().unwrap(), Instant::now()).is_ok());
        }
    }
}
