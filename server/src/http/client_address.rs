//! The one client address of a request, worked out once and used by logs and every rate limit.
//!
//! - Without trusted proxies (`PORTAL_TRUSTED_PROXIES` empty, the default) it is the TCP peer:
//!   `X-Forwarded-For` and `Forwarded` are ignored, since anyone can send them.
//! - When the peer is a trusted proxy, the forwarded chain (`Forwarded` if present, else
//!   `X-Forwarded-For`) is read from the right, skipping trusted proxies: the first address that
//!   is not one is the client. A hop that is not an address (`unknown`, an obfuscated name)
//!   stops the walk at the proxy that reported it.
//! - IPv6 clients are counted by their /64, which one subscriber holds whole and can rotate
//!   through freely.
//! - The console's own calls to the embedded sandbox arrive from loopback; they carry a signed
//!   [`ConsoleAttribution`] naming the browser's address (or the signed-in person), which is
//!   what they are counted and logged under.

use app::ssr::request::{ClientAddress, REQUEST_ID_HEADER};
use axum::extract::ConnectInfo;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderName, HeaderValue};
use ipnet::IpNet;
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

/// The header the console's sandbox calls carry their attribution in.
pub const ATTRIBUTION_HEADER: &str = "x-portal-console-attribution";
/// [`ATTRIBUTION_HEADER`], parsed once.
const ATTRIBUTION: HeaderName = HeaderName::from_static(ATTRIBUTION_HEADER);
/// The request id header, parsed once.
const REQUEST_ID: HeaderName = HeaderName::from_static(REQUEST_ID_HEADER);
/// How long an attribution is good for after it was made (seconds).
const ATTRIBUTION_LIFETIME_SECS: i64 = 60;

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    /// Parses `10.0.0.0/8, 192.168.1.7 ::1` (commas or spaces; a bare address is one host).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.parse::<IpNet>()
                    .or_else(|_| part.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!(
                            "`{part}` is not an address or CIDR range; write it like 10.0.0.0/8 or 127.0.0.1"
                        )
                    })
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

impl TrustedProxies {
    /// Whether `ip` is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An IPv4-mapped IPv6 address as the IPv4 address it is.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// What rate limits count `ip` under: the IPv4 address, or the IPv6 /64.
pub fn rate_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => ipv4_text(v4),
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            let prefix = Ipv6Addr::new(segments[0], segments[1], segments[2], segments[3], 0, 0, 0, 0);
            format!("{prefix}/64")
        }
    }
}

/// `v4` in dotted decimal, as `Display` writes it, without the formatting machinery (this runs
/// for every request).
fn ipv4_text(v4: std::net::Ipv4Addr) -> String {
    let mut text = String::with_capacity(15);
    for (index, octet) in v4.octets().into_iter().enumerate() {
        if index > 0 {
            text.push('.');
        }
        if octet >= 100 {
            text.push(char::from(b'0' + octet / 100));
        }
        if octet >= 10 {
            text.push(char::from(b'0' + octet / 10 % 10));
        }
        text.push(char::from(b'0' + octet % 10));
    }
    text
}

/// The client's address: the peer, or behind trusted proxies the right-most forwarded address
/// that is not a proxy.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = canonical(peer);
    if !trusted.contains(peer) {
        return peer;
    }
    let chain = forwarded_chain(headers);
    let mut client = peer;
    for hop in chain.iter().rev() {
        match hop {
            Some(ip) if trusted.contains(*ip) => client = *ip,
            Some(ip) => return *ip,
            None => return client,
        }
    }
    client
}

/// The addresses of the forwarding chain, left (client side) to right; `None` for a hop that is
/// not an address. `Forwarded` (RFC 7239) wins over `X-Forwarded-For` when both are present.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name: http::header::HeaderName| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .collect()
    };
    let forwarded = values(http::header::FORWARDED);
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|value| value.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, node)| parse_node(node.trim().trim_matches('"')))
            })
            .collect();
    }
    values(HeaderName::from_static("x-forwarded-for"))
        .iter()
        .flat_map(|value| value.split(','))
        .map(|hop| parse_node(hop.trim()))
        .collect()
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`,
/// `[2001:db8::1]:4711`.
fn parse_node(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(socket) = node.parse::<SocketAddr>() {
        return Some(canonical(socket.ip()));
    }
    node.strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(ip, _)| ip.parse::<IpAddr>().ok())
        .map(canonical)
}

/// Signs and checks the console's attribution of its sandbox calls: who the call is on behalf
/// of, until when, under an HMAC of the portal key (so nobody else can claim to be the console).
pub struct ConsoleAttribution {
    key: SecretBox<[u8; 32]>,
}

impl ConsoleAttribution {
    /// An attribution signer under the portal key's `console-attribution` subkey.
    pub fn new(key: &crate::crypto::PortalKey) -> Self {
        Self {
            key: key.derive("console-attribution"),
        }
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(self.key.expose_secret()).expect("HMAC takes any key length");
        mac.update(payload.as_bytes());
        mac
    }

    /// The header value attributing a call to `client`, good until `now` + a minute.
    pub fn sign(&self, client: &ClientAddress, now: i64) -> String {
        let payload = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(client.ip.to_string()),
            URL_SAFE_NO_PAD.encode(&client.key),
            now + ATTRIBUTION_LIFETIME_SECS
        );
        let tag = URL_SAFE_NO_PAD.encode(self.mac(&payload).finalize().into_bytes());
        format!("{payload}.{tag}")
    }

    /// The client a genuine, unexpired attribution names.
    pub fn verify(&self, value: &str, now: i64) -> Option<ClientAddress> {
        let (payload, tag) = value.rsplit_once('.')?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.mac(payload).verify_slice(&tag).ok()?;
        let mut parts = payload.split('.');
        let ip = String::from_utf8(URL_SAFE_NO_PAD.decode(parts.next()?).ok()?).ok()?;
        let key = String::from_utf8(URL_SAFE_NO_PAD.decode(parts.next()?).ok()?).ok()?;
        let expires: i64 = parts.next()?.parse().ok()?;
        (expires >= now && parts.next().is_none()).then_some(())?;
        Some(ClientAddress {
            ip: ip.parse().ok()?,
            key,
        })
    }
}

/// What the middleware needs.
#[derive(Clone)]
pub struct ClientAddressing {
    /// `PORTAL_TRUSTED_PROXIES`.
    pub trusted: TrustedProxies,
    /// Checks the console's attributions.
    pub attribution: Arc<ConsoleAttribution>,
    /// The time, for attribution expiry.
    pub clock: crate::clock::SharedClock,
}

impl ClientAddressing {
    /// The client address of a request from `peer` with `headers`, and whether it is the
    /// console's own call (it carries a genuine attribution).
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> (ClientAddress, bool) {
        if let Some(attributed) = headers
            .get(ATTRIBUTION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| self.attribution.verify(value, self.clock.now()))
        {
            return (attributed, true);
        }
        let ip = resolve(peer, headers, &self.trusted);
        (
            ClientAddress {
                ip,
                key: rate_key(ip),
            },
            false,
        )
    }
}

/// The layer in front of everything: puts each request's [`ClientAddress`] into its
/// extensions, drops a request id the client made up unless a trusted proxy set it (a
/// well-formed one), and gives every request without one an id of its own. It does its work
/// before the request goes on and none after, so it adds no future of its own.
#[derive(Clone)]
pub struct ClientAddressLayer(Arc<ClientAddressing>);

impl ClientAddressLayer {
    /// The layer for `addressing`.
    pub fn new(addressing: ClientAddressing) -> Self {
        Self(Arc::new(addressing))
    }
}

impl<S> tower::Layer<S> for ClientAddressLayer {
    type Service = ClientAddressService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ClientAddressService {
            inner,
            addressing: self.0.clone(),
        }
    }
}

/// The service of [`ClientAddressLayer`].
#[derive(Clone)]
pub struct ClientAddressService<S> {
    inner: S,
    addressing: Arc<ClientAddressing>,
}

impl<S, B> tower::Service<http::Request<B>> for ClientAddressService<S>
where
    S: tower::Service<http::Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        self.addressing.prepare(&mut request);
        self.inner.call(request)
    }
}

impl ClientAddressing {
    /// Resolves `request`'s client address and settles its request id.
    fn prepare<B>(&self, request: &mut http::Request<B>) {
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |info| info.0.ip());
        let (client, from_console) = self.client_of(peer, request.headers());
        let headers = request.headers_mut();
        headers.remove(ATTRIBUTION);
        // A trusted proxy's id is kept, and so is the console's (its exchange and the call it
        // made share one id, which is how the console links to the call's request-log entry).
        let keep_request_id = (from_console || self.trusted.contains(peer))
            && headers
                .get(REQUEST_ID)
                .is_some_and(|value| is_plain_request_id(value.as_bytes()));
        if !keep_request_id {
            headers.insert(REQUEST_ID, new_request_id());
        }
        if from_console {
            request
                .extensions_mut()
                .insert(crate::request_log::layer::ConsoleCall);
        }
        request.extensions_mut().insert(client);
    }
}

/// A fresh request id: a random (version 4) UUID, from the thread's CSPRNG rather than a
/// system call per request.
pub fn new_request_id() -> HeaderValue {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = [0u8; 36];
    let mut at = 0;
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            text[at] = b'-';
            at += 1;
        }
        text[at] = HEX[usize::from(byte >> 4)];
        text[at + 1] = HEX[usize::from(byte & 0x0f)];
        at += 2;
    }
    HeaderValue::from_bytes(&text).unwrap_or(HeaderValue::from_static("00000000-0000-4000-8000-000000000000"))
}

/// A request id a proxy may pass on: 1–64 letters, digits, `-`, `_` or `.`.
fn is_plain_request_id(value: &[u8]) -> bool {
    (1..=64).contains(&value.len())
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::PortalKey;
    use http::HeaderValue;
    use proptest::prelude::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).expect("name"),
                HeaderValue::from_str(value).expect("value"),
            );
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn without_trusted_proxies_forwarding_headers_are_ignored() {
        let spoofed = headers(&[("x-forwarded-for", "203.0.113.7")]);
        assert_eq!(
            resolve(ip("198.51.100.1"), &spoofed, &TrustedProxies::default()),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let trusted: TrustedProxies = "10.0.0.0/8, 192.168.1.7".parse().expect("trusted");
        let chain = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.7, 10.1.2.3")]);
        assert_eq!(
            resolve(ip("192.168.1.7"), &chain, &trusted),
            ip("203.0.113.7"),
            "1.1.1.1 is what the client claimed"
        );
        let split = headers(&[
            ("x-forwarded-for", "203.0.113.7"),
            ("x-forwarded-for", "10.1.2.3"),
        ]);
        assert_eq!(resolve(ip("10.9.9.9"), &split, &trusted), ip("203.0.113.7"));
        assert_eq!(
            resolve(ip("10.9.9.9"), &HeaderMap::new(), &trusted),
            ip("10.9.9.9")
        );
        let all_trusted = headers(&[("x-forwarded-for", "10.1.1.1, 10.2.2.2")]);
        assert_eq!(resolve(ip("10.9.9.9"), &all_trusted, &trusted), ip("10.1.1.1"));
    }

    #[test]
    fn an_untrusted_peer_cannot_spoof_through_a_trusted_looking_chain() {
        let trusted: TrustedProxies = "10.0.0.0/8".parse().expect("trusted");
        let chain = headers(&[("x-forwarded-for", "203.0.113.7, 10.1.1.1")]);
        assert_eq!(resolve(ip("198.51.100.1"), &chain, &trusted), ip("198.51.100.1"));
    }

    #[test]
    fn forwarded_is_read_with_ports_brackets_and_quotes_and_wins() {
        let trusted: TrustedProxies = "127.0.0.1".parse().expect("trusted");
        let both = headers(&[
            (
                "forwarded",
                "for=192.0.2.60;proto=http;by=203.0.113.43, for=\"[2001:db8:cafe::17]:4711\"",
            ),
            ("x-forwarded-for", "198.51.100.99"),
        ]);
        assert_eq!(resolve(ip("127.0.0.1"), &both, &trusted), ip("2001:db8:cafe::17"));
        let unknown = headers(&[("forwarded", "for=192.0.2.60, for=unknown")]);
        assert_eq!(
            resolve(ip("127.0.0.1"), &unknown, &trusted),
            ip("127.0.0.1"),
            "the walk stops at the proxy"
        );
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(rate_key(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(rate_key(ip("2001:db8:1:2:ffff::9")), "2001:db8:1:2::/64");
        assert_eq!(rate_key(ip("::ffff:203.0.113.7")), "203.0.113.7");
        assert!(TrustedProxies::from_str("::ffff:127.0.0.1").is_ok());
        let trusted: TrustedProxies = "127.0.0.0/8".parse().expect("trusted");
        assert!(trusted.contains(ip("::ffff:127.0.0.1")));
    }

    #[test]
    fn bad_proxy_lists_name_the_bad_entry() {
        let error = TrustedProxies::from_str("10.0.0.0/8, proxy.example").expect_err("bad");
        assert!(error.contains("proxy.example"), "{error}");
        assert!(TrustedProxies::from_str("").expect("empty").is_empty());
    }

    #[test]
    fn attributions_verify_only_when_genuine_and_fresh() {
        let attribution = ConsoleAttribution::new(&PortalKey::from_bytes([7; 32]));
        let client = ClientAddress {
            ip: ip("203.0.113.7"),
            key: "account:acc_1".into(),
        };
        let value = attribution.sign(&client, 1_000);
        assert_eq!(attribution.verify(&value, 1_030), Some(client.clone()));
        assert_eq!(attribution.verify(&value, 1_061), None, "expired");
        let forged = value.replacen('.', "x.", 1);
        assert_eq!(attribution.verify(&forged, 1_000), None);
        let other = ConsoleAttribution::new(&PortalKey::from_bytes([8; 32]));
        assert_eq!(other.verify(&value, 1_000), None, "another key");
    }

    #[test]
    fn request_ids_are_fresh_version_4_uuids() {
        let first = new_request_id();
        let text = first.to_str().expect("ascii");
        assert_eq!(text.len(), 36);
        assert_eq!(text.as_bytes()[14], b'4', "{text}");
        assert!(matches!(text.as_bytes()[19], b'8' | b'9' | b'a' | b'b'), "{text}");
        assert_eq!(text.matches('-').count(), 4);
        assert!(is_plain_request_id(text.as_bytes()));
        assert_ne!(new_request_id(), first);
    }

    proptest! {
        #[test]
        fn ipv4_keys_are_written_as_display_writes_them(octets in any::<[u8; 4]>()) {
            let v4 = std::net::Ipv4Addr::from(octets);
            prop_assert_eq!(ipv4_text(v4), v4.to_string());
        }

        #[test]
        fn any_forwarding_header_resolves_without_panicking(value in "\\PC{0,300}", peer in any::<[u8; 4]>()) {
            let trusted: TrustedProxies = "0.0.0.0/0".parse().expect("all");
            let mut map = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_str(&value) {
                map.insert(http::header::FORWARDED, value.clone());
                map.insert(HeaderName::from_static("x-forwarded-for"), value);
            }
            let _ = resolve(IpAddr::from(peer), &map, &trusted);
        }

        #[test]
        fn any_attribution_value_is_refused_or_genuine(value in "\\PC{0,200}") {
            let attribution = ConsoleAttribution::new(&PortalKey::from_bytes([7; 32]));
            prop_assert_eq!(attribution.verify(&value, 0), None);
        }
    }
}
