//! Plain-words explanations of what an exchange came to, and what to do next: token errors
//! (RFC 6749), bearer errors (RFC 6750), rate limits, gateway "proxy errors", and transport
//! failures such as refused connections, DNS, TLS and timeouts.

use super::proxy::Failure;
use app::ssr::console::{Explanation, Tone};
use serde_json::Value;

fn explanation(tone: Tone, title: &str, detail: &str, next_step: Option<&str>) -> Explanation {
    Explanation {
        tone,
        title: title.to_owned(),
        detail: detail.to_owned(),
        next_step: next_step.map(str::to_owned),
    }
}

/// Explains a request that got no response.
pub fn failure(failure: &Failure, host: &str) -> Explanation {
    match failure {
        Failure::Refused => explanation(
            Tone::Error,
            "Connection refused",
            &format!("Nothing is listening at {host}: the service is down or the port is wrong."),
            Some("Check the environment's URL, or try again when the service is back."),
        ),
        Failure::Dns => explanation(
            Tone::Error,
            "Host name not found",
            &format!("The name {host} could not be resolved (DNS)."),
            Some("Check the environment's URL for a typo; the portal's operator configures it."),
        ),
        Failure::Tls => explanation(
            Tone::Error,
            "Secure connection failed",
            &format!(
                "The TLS handshake with {host} failed: the certificate is not trusted, or the server does not speak HTTPS on that port."
            ),
            Some("Check that the URL uses the right scheme (https://) and that the certificate is valid."),
        ),
        Failure::Timeout => explanation(
            Tone::Error,
            "The request timed out",
            &format!("{host} did not answer in time."),
            Some("The service may be slow or overloaded: try again in a moment."),
        ),
        Failure::Redirect { location, status } => explanation(
            Tone::Error,
            "Redirected elsewhere",
            &format!(
                "{host} answered {status} pointing to {location}; the console never follows redirects, so nothing leaves the configured environment."
            ),
            Some("Use the final URL in the environment's configuration."),
        ),
        Failure::TooLarge => explanation(
            Tone::Error,
            "The response was too large",
            "The answer was over 8 MiB, so the console stopped reading it.",
            None,
        ),
        Failure::Network => explanation(
            Tone::Error,
            "Network error",
            &format!("The connection to {host} failed before an answer arrived."),
            Some("Try again; if it keeps happening, the service may be unreachable from the portal."),
        ),
    }
}

/// Explains a token endpoint's answer.
pub fn token(status: u16, body: &Value, is_json: bool, retry_after: Option<&str>) -> Explanation {
    if let Some(common) = common(status, is_json, retry_after) {
        return common;
    }
    if (200..300).contains(&status) {
        return explanation(
            Tone::Ok,
            "Token received",
            "The console keeps the token on the portal's server for this session and uses it for the API calls below until it expires.",
            None,
        );
    }
    let code = body["error"].as_str().unwrap_or_default();
    match code {
        "invalid_client" => explanation(
            Tone::Error,
            "invalid_client: the credentials were not accepted",
            "The client id or secret is wrong, the secret was rotated (the old one stops working at once), or the app was revoked.",
            Some("Check the id and secret; on your sandbox page you can rotate the secret to get a new one."),
        ),
        "unauthorized_client" => explanation(
            Tone::Error,
            "unauthorized_client: this client may not get tokens",
            "The app exists but is suspended or not allowed the client credentials grant.",
            Some("Use another app, or ask the portal's operator to resume it."),
        ),
        "unsupported_grant_type" => explanation(
            Tone::Error,
            "unsupported_grant_type",
            "The token endpoint only supports the client_credentials grant.",
            Some("Send grant_type=client_credentials."),
        ),
        "invalid_scope" => explanation(
            Tone::Error,
            "invalid_scope: a scope was refused",
            "A requested scope does not exist or is not granted to this app.",
            Some(
                "Leave the scope empty to get all of the app's scopes, or request claims.attachments.read and/or claims.attachments.write.",
            ),
        ),
        "invalid_request" => explanation(
            Tone::Error,
            "invalid_request: the request was malformed",
            body["error_description"]
                .as_str()
                .unwrap_or("A parameter was missing, repeated or malformed."),
            None,
        ),
        _ => explanation(
            Tone::Error,
            &format!("The token request failed with {status}"),
            "See the response below.",
            None,
        ),
    }
}

/// Explains a sandbox API's answer.
pub fn api(status: u16, body: &Value, is_json: bool, retry_after: Option<&str>) -> Explanation {
    if let Some(common) = common(status, is_json, retry_after) {
        return common;
    }
    let description = body["error_description"].as_str().unwrap_or_default();
    match status {
        200..=299 => explanation(Tone::Ok, "Success", "The sandbox accepted the request.", None),
        401 => explanation(
            Tone::Error,
            "401: the access token was refused",
            &format!(
                "{description} Tokens expire after an hour and stop working when revoked, when the app is revoked, or when its secret is rotated."
            ),
            Some("Get a new token above and send the request again."),
        ),
        403 => explanation(
            Tone::Error,
            "403 insufficient_scope: the token lacks a scope",
            description,
            Some(
                "Get a token with the scope this operation needs (or with no scope parameter, for all of your app's scopes).",
            ),
        ),
        404 => explanation(
            Tone::Error,
            "404: not found",
            "There is no attachment with that id for this client. Each client sees only its own submissions.",
            Some("Check the id, or submit an attachment first."),
        ),
        400 | 413 | 415 => explanation(
            Tone::Error,
            &format!("{status}: the request was refused"),
            description,
            Some("Fix the problems listed in the response and send it again."),
        ),
        _ => explanation(
            Tone::Error,
            &format!("The request failed with {status}"),
            "See the response below.",
            None,
        ),
    }
}

/// What any endpoint's answer can mean: rate limits, gateway errors, bodies that are not JSON.
fn common(status: u16, is_json: bool, retry_after: Option<&str>) -> Option<Explanation> {
    match status {
        429 => Some(explanation(
            Tone::Error,
            "429: too many requests",
            &format!(
                "The rate limit was reached{}.",
                retry_after
                    .map(|s| format!("; try again in {s} seconds"))
                    .unwrap_or_default()
            ),
            Some("Cache tokens and reuse them until they expire instead of asking for a new one per call."),
        )),
        502..=504 if !is_json => Some(explanation(
            Tone::Error,
            &format!("{status}: a gateway or proxy between the portal and the service failed"),
            "This is the \"proxy error\" browser-side consoles show for their own CORS and proxy problems. Here the portal's server made the call itself, so it is the service's gateway that answered with an error page.",
            Some(
                "The service may be restarting or unreachable behind its gateway: try again shortly; if it persists, tell the service's operator.",
            ),
        )),
        _ if !is_json && status >= 400 => Some(explanation(
            Tone::Error,
            &format!("{status}: the answer was not JSON"),
            "The endpoint answered with something other than JSON, so it is probably not the API you expected (a web page, a gateway, or a wrong URL).",
            Some("Check the environment's URLs."),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn token_errors_are_explained_by_their_code() {
        let explained = token(401, &json!({"error": "invalid_client"}), true, None);
        assert_eq!(explained.tone, Tone::Error);
        assert!(explained.detail.contains("rotated"));
        assert!(
            token(400, &json!({"error": "invalid_scope"}), true, None)
                .title
                .starts_with("invalid_scope")
        );
        assert_eq!(token(200, &json!({}), true, None).tone, Tone::Ok);
    }

    #[test]
    fn gateway_pages_and_rate_limits_are_recognised() {
        assert!(api(502, &Value::Null, false, None).detail.contains("proxy error"));
        assert!(
            token(429, &Value::Null, true, Some("30"))
                .detail
                .contains("30 seconds")
        );
        assert!(api(500, &Value::Null, false, None).title.contains("not JSON"));
    }

    #[test]
    fn failures_name_the_host() {
        assert!(
            failure(&Failure::Dns, "nosuch.invalid")
                .detail
                .contains("nosuch.invalid")
        );
        assert!(
            failure(
                &Failure::Redirect {
                    location: "https://x".into(),
                    status: 302
                },
                "h"
            )
            .detail
            .contains("never follows")
        );
    }
}
