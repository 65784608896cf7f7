//! The server's settings: what the build wrote to `server.json` (katalog.toml's `[proxy]` and
//! `[sandbox]`), plus what the command line adds. Limits have defaults meant for a public
//! deployment; every one is a knob.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::netpolicy::{BadCidr, Cidr};

/// The shape of `server.json` this server reads (the build writes `format: 1`).
pub const SERVER_JSON_FORMAT: u64 = 1;

/// `server.json`, as the build writes it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ServerJson {
    /// Shape version.
    #[serde(default)]
    pub format: u64,
    /// `[proxy]`.
    #[serde(default)]
    pub proxy: ProxyJson,
    /// `[sandbox]`.
    #[serde(default)]
    pub sandbox: SandboxJson,
}

/// `server.json`'s `proxy`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProxyJson {
    /// CIDRs allowed although private.
    #[serde(default)]
    pub allow_private: Vec<String>,
}

/// `server.json`'s `sandbox`.
#[derive(Debug, Clone, Deserialize)]
pub struct SandboxJson {
    /// The sandbox is offered at all.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// APIs whose front matter says `sandbox: false`.
    #[serde(default)]
    pub disabled_apis: Vec<String>,
}

impl Default for SandboxJson {
    fn default() -> Self {
        SandboxJson { enabled: true, disabled_apis: Vec::new() }
    }
}

fn yes() -> bool {
    true
}

/// A problem with the settings.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `server.json` cannot be read or parsed.
    #[error("{path}: {message}")]
    ServerJson {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A CIDR is wrong.
    #[error(transparent)]
    Cidr(#[from] BadCidr),
}

impl ServerJson {
    /// Reads `<site>/server.json`; a site built without one gets the defaults.
    pub fn read(site: &Path) -> Result<ServerJson, ConfigError> {
        let path = site.join("server.json");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ServerJson::default()),
            Err(e) => return Err(ConfigError::ServerJson { path: path.display().to_string(), message: e.to_string() }),
        };
        let json: ServerJson = serde_json::from_str(&text).map_err(|e| ConfigError::ServerJson { path: path.display().to_string(), message: e.to_string() })?;
        if json.format > SERVER_JSON_FORMAT {
            return Err(ConfigError::ServerJson {
                path: path.display().to_string(),
                message: format!("format {} is newer than this server understands ({SERVER_JSON_FORMAT})", json.format),
            });
        }
        Ok(json)
    }
}

/// Per-client request rate: a token bucket (`per_second` refill, `burst` capacity).
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    /// Tokens per second; `0` turns the limit off.
    pub per_second: f64,
    /// Bucket size.
    pub burst: f64,
}

/// Everything the server needs besides the site.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Ranges the proxy may reach although private (server.json's plus `--allow-private`).
    pub allow_private: Vec<Cidr>,
    /// Whether `/sandbox/` answers.
    pub sandbox_enabled: bool,
    /// APIs without a sandbox.
    pub sandbox_disabled_apis: Vec<String>,
    /// Largest request body forwarded or validated.
    pub max_request_body: usize,
    /// Largest upstream response body relayed.
    pub max_response_body: usize,
    /// Connecting to an upstream (resolution included).
    pub connect_timeout: Duration,
    /// A whole proxied call, request sent to last response byte.
    pub total_timeout: Duration,
    /// Proxied calls in flight at once (per process).
    pub max_concurrent_upstream: usize,
    /// Per-client rate on `/try/`.
    pub try_rate: Rate,
    /// Per-client rate on `/sandbox/`.
    pub sandbox_rate: Rate,
    /// A header set by a trusted load balancer carrying the client address (e.g.
    /// `X-Forwarded-For`, whose last entry is taken). `None`: the peer address.
    pub client_ip_header: Option<String>,
    /// The audit log's salt for client hashes; random per process when `None`.
    pub audit_salt: Option<String>,
    /// Idle upstream connections kept per host.
    pub pool_idle_per_host: usize,
    /// How long an idle upstream connection is kept.
    pub pool_idle_timeout: Duration,
    /// How long a client may take over a request: `katalog proxy` closes a connection on which
    /// no call has begun for one to two of these with none in flight, and a route stops waiting
    /// for a request body after one. A client that sends nothing, or trickles a head or body,
    /// cannot hold a connection for good.
    pub client_timeout: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            allow_private: Vec::new(),
            sandbox_enabled: true,
            sandbox_disabled_apis: Vec::new(),
            max_request_body: 1024 * 1024,
            max_response_body: 8 * 1024 * 1024,
            connect_timeout: Duration::from_secs(5),
            total_timeout: Duration::from_secs(20),
            max_concurrent_upstream: 256,
            try_rate: Rate { per_second: 5.0, burst: 20.0 },
            sandbox_rate: Rate { per_second: 50.0, burst: 100.0 },
            client_ip_header: None,
            audit_salt: None,
            pool_idle_per_host: 32,
            pool_idle_timeout: Duration::from_secs(30),
            client_timeout: Duration::from_secs(30),
        }
    }
}

impl Settings {
    /// Defaults, then what `server.json` says.
    pub fn from_server_json(json: &ServerJson) -> Result<Settings, ConfigError> {
        let mut s = Settings::default();
        s.apply_server_json(json)?;
        Ok(s)
    }

    /// Adds `server.json`'s settings to these.
    pub fn apply_server_json(&mut self, json: &ServerJson) -> Result<(), ConfigError> {
        for c in &json.proxy.allow_private {
            let cidr: Cidr = c.parse()?;
            if !self.allow_private.contains(&cidr) {
                self.allow_private.push(cidr);
            }
        }
        // The site and the operator both must want it.
        self.sandbox_enabled &= json.sandbox.enabled;
        for api in &json.sandbox.disabled_apis {
            if !self.sandbox_disabled_apis.contains(api) {
                self.sandbox_disabled_apis.push(api.clone());
            }
        }
        Ok(())
    }
}
