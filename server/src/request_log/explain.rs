//! What a recorded request came to, in plain words, and what to do next: one explanation per
//! [`Reason`], shown by the request log's detail view and by the console for its own calls to
//! the embedded sandbox (one source for both).

use super::reason::Reason;
use super::record::Record;
use app::ssr::console::{Explanation, Tone};

/// `2026-11-29 10:42:07 UTC`.
pub fn moment(seconds: i64) -> String {
    crate::clock::rfc3339(seconds)
        .replace('T', " ")
        .replace('Z', " UTC")
}

pub use app::model::time_words::span;

fn explained(
    tone: Tone,
    title: impl Into<String>,
    detail: impl Into<String>,
    next: Option<&str>,
) -> Explanation {
    Explanation {
        tone,
        title: title.into(),
        detail: detail.into(),
        next_step: next.map(str::to_owned),
    }
}

/// Explains `record`.
pub fn explain(record: &Record) -> Explanation {
    let detail = record.detail.as_deref().unwrap_or_default();
    let when = |fallback: &str| record.reason_at.map_or_else(|| fallback.to_owned(), moment);
    let fresh_token = Some("Request a new token with the app's current secret and send the call again.");
    match record.reason {
        Reason::Issued => explained(
            Tone::Ok,
            "Token issued",
            format!(
                "The app authenticated and got a token{}.",
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(" for {detail}")
                }
            ),
            None,
        ),
        Reason::Introspected => explained(
            Tone::Ok,
            "Introspection answered",
            "The app asked whether one of its tokens is active and was told.",
            None,
        ),
        Reason::TokenRevocationAccepted => explained(
            Tone::Ok,
            "Revocation accepted",
            "The token (if it was this app's) can no longer be used.",
            None,
        ),
        Reason::Ok => explained(Tone::Ok, "Success", "The sandbox accepted the call.", None),
        Reason::UnknownClient => explained(
            Tone::Error,
            "invalid_client: no app has this client id",
            "The client id sent does not belong to any sandbox app: a typo, a copy of another environment's id, or an app from another portal.",
            Some("Copy the MN-ClientId from your sandbox page again."),
        ),
        Reason::WrongSecret => explained(
            Tone::Error,
            "invalid_client: the client secret is wrong",
            "The client id belongs to this app, but the secret sent is neither its current secret nor the one it had before the last rotation.",
            Some(
                "Check that the secret was copied whole (it starts with mns_) and that it is this app's; if it is lost, rotate it on your sandbox page.",
            ),
        ),
        Reason::RotatedSecret => explained(
            Tone::Error,
            "invalid_client: this secret was rotated",
            format!(
                "The secret sent was this app's secret until it was rotated at {}. A rotation ends the old secret at once.",
                when("an earlier time")
            ),
            Some(
                "Put the new secret in your code's configuration (it was shown once when you rotated; rotate again if it is lost).",
            ),
        ),
        Reason::AppRevoked => explained(
            Tone::Error,
            if record.endpoint.is_oauth() {
                "invalid_client: the app was revoked"
            } else {
                "invalid_token: the app was revoked"
            },
            "This app was revoked: its credentials and every token issued to it stopped working.",
            Some("Create a new app on your sandbox page and use its credentials."),
        ),
        Reason::AppSuspended => explained(
            Tone::Error,
            "The app is suspended",
            "This app is suspended by the portal's operator: it may not get tokens, and its tokens are refused.",
            Some("Use another app, or ask the portal's operator to resume it."),
        ),
        Reason::ScopeNotGranted => explained(
            Tone::Error,
            "invalid_scope: a scope was refused",
            format!(
                "The request asked for {}, which does not exist or is not granted to this app.",
                if detail.is_empty() {
                    "a scope".to_owned()
                } else {
                    format!("\"{detail}\"")
                }
            ),
            Some(
                "Leave the scope out to get all of the app's scopes, or ask for claims.attachments.read and/or claims.attachments.write.",
            ),
        ),
        Reason::MalformedBody => explained(
            Tone::Error,
            "invalid_request: the body could not be read",
            format!(
                "{} ",
                if detail.is_empty() {
                    "The body is not valid."
                } else {
                    detail
                }
            )
            .trim_end()
            .to_owned(),
            Some(
                "Send grant_type and the credentials as application/x-www-form-urlencoded, each parameter once.",
            ),
        ),
        Reason::WrongContentType => explained(
            Tone::Error,
            "invalid_request: wrong Content-Type",
            if detail.is_empty() {
                "The request had a body but no Content-Type header.".to_owned()
            } else {
                format!("The body was sent as {detail}, which the token endpoint does not read.")
            },
            Some("Send Content-Type: application/x-www-form-urlencoded (or application/json)."),
        ),
        Reason::BodyTooLarge => explained(
            Tone::Error,
            "413: the body is too large",
            "The body was over the endpoint's size limit, so it was not read.",
            Some("Send a smaller body."),
        ),
        Reason::BothCredentials => explained(
            Tone::Error,
            "invalid_request: credentials sent twice",
            "The request authenticated with HTTP Basic and also sent client credentials in the body. RFC 6749 allows one method per request.",
            Some(
                "Keep the Authorization: Basic header and remove client_id and client_secret from the body (or the other way round).",
            ),
        ),
        Reason::CredentialsMissing => explained(
            Tone::Error,
            "invalid_client: no credentials",
            "The request did not authenticate the app: no Authorization header, and no client secret in the body.",
            Some("Send Authorization: Basic base64(client_id:client_secret)."),
        ),
        Reason::BadBasicHeader => explained(
            Tone::Error,
            "invalid_client: the Authorization header is not HTTP Basic",
            "The Authorization header could not be read as Basic base64(client_id:client_secret).",
            Some("Build it from the id and secret joined by a colon, base64-encoded, after \"Basic \"."),
        ),
        Reason::HeaderSentToV1 => explained(
            Tone::Error,
            "invalid_request: the v1 API takes the body only",
            "The legacy v1 token API reads clientId and clientSecret from the body and refuses an Authorization header.",
            Some("Remove the Authorization header, or move to the v2 token API."),
        ),
        Reason::GrantTypeMissing => explained(
            Tone::Error,
            "invalid_request: grant_type is missing",
            "The body has no grant_type parameter.",
            Some("Send grant_type=client_credentials."),
        ),
        Reason::UnsupportedGrantType => explained(
            Tone::Error,
            "unsupported_grant_type",
            format!(
                "The request asked for the grant \"{detail}\"; the sandbox issues tokens with client_credentials only."
            ),
            Some("Send grant_type=client_credentials."),
        ),
        Reason::TokenParameterMissing => explained(
            Tone::Error,
            "invalid_request: the token parameter is missing",
            "Introspection and revocation need the token in a token parameter.",
            Some("Send token=<the access token> in the form body."),
        ),
        Reason::TokenMissing => explained(
            Tone::Error,
            "401: no access token",
            "The call had no Authorization: Bearer header.",
            Some("Get a token from the v2 token endpoint and send it as Authorization: Bearer <token>."),
        ),
        Reason::AuthorizationMalformed => explained(
            Tone::Error,
            "invalid_request: the Authorization header is malformed",
            "The header must be exactly: Bearer <token> (one header, one space).",
            None,
        ),
        Reason::TokenMalformed => explained(
            Tone::Error,
            "invalid_token: not a token",
            "What followed Bearer is not a JWT: it may be cut short, quoted, or a client secret sent by mistake.",
            Some("Send the access_token value from the token response, whole."),
        ),
        Reason::BadSignature => explained(
            Tone::Error,
            "invalid_token: not signed by this sandbox",
            "The token's signature does not verify with the sandbox's key: it was issued by another environment or identity provider, or changed after it was issued.",
            fresh_token,
        ),
        Reason::ForeignIssuer => explained(
            Tone::Error,
            "invalid_token: issued for another portal",
            format!(
                "The token is genuine but was issued by {}, not by this portal: it was sent to the wrong environment.",
                if detail.is_empty() {
                    "another issuer"
                } else {
                    detail
                }
            ),
            Some("Request the token from the same environment you call."),
        ),
        Reason::WrongAudience => explained(
            Tone::Error,
            "invalid_token: for another API",
            format!("The token is for the audience \"{detail}\", not for the sandbox's Claims APIs."),
            fresh_token,
        ),
        Reason::TokenExpired => explained(
            Tone::Error,
            "invalid_token: the token expired",
            match record.reason_at {
                Some(expired) => format!(
                    "The token expired at {} ({} before this call). Tokens live for an hour.",
                    moment(expired),
                    span(record.at - expired)
                ),
                None => "The token was past its expiry. Tokens live for an hour.".to_owned(),
            },
            Some("Cache tokens until just before expires_in runs out, then request a new one."),
        ),
        Reason::TokenRevoked => explained(
            Tone::Error,
            "invalid_token: the token was revoked",
            "This token was revoked (RFC 7009) before it expired.",
            fresh_token,
        ),
        Reason::TokenOfRotatedSecret => explained(
            Tone::Error,
            "invalid_token: issued before the secret was rotated",
            format!(
                "The token was issued with the app's previous secret; the rotation at {} ended every token issued before it.",
                when("an earlier time")
            ),
            fresh_token,
        ),
        Reason::CiamTokenExpired => explained(
            Tone::Error,
            "invalid_token: the CIAM token expired",
            match record.reason_at {
                Some(expired) => format!(
                    "The token from the CIAM identity provider expired at {} ({} before this call; the sandbox allows {} seconds of clock skew).",
                    moment(expired),
                    span(record.at - expired),
                    crate::ciam::LEEWAY_SECS
                ),
                None => "The token from the CIAM identity provider was past its expiry.".to_owned(),
            },
            Some("Refresh the user's token (or sign in again in Try It) and send the call again."),
        ),
        Reason::CiamTokenNotYetValid => explained(
            Tone::Error,
            "invalid_token: the CIAM token is not valid yet",
            format!(
                "The token's nbf is {}: later than the sandbox's clock allows, even with {} seconds of skew.",
                when("in the future"),
                crate::ciam::LEEWAY_SECS
            ),
            Some("Check the clock of the system that issued the token."),
        ),
        Reason::CiamWrongAudience => explained(
            Tone::Error,
            "invalid_token: the CIAM token is for another API",
            format!(
                "The token from the CIAM identity provider is for the audience \"{detail}\", not for the audience the sandbox requires (PORTAL_CIAM_AUDIENCE)."
            ),
            Some(
                "Request the user's token for the sandbox's audience (the resource or audience parameter of your CIAM).",
            ),
        ),
        Reason::CiamUnknownKey => explained(
            Tone::Error,
            "invalid_token: signed with an unknown CIAM key",
            format!(
                "The token names the signing key \"{detail}\", which the CIAM's JWKS does not hold, even after the sandbox fetched it again. The key may be retired, or the token forged."
            ),
            Some(
                "Get a fresh token from the CIAM; if it keeps failing, check that the CIAM publishes its current key.",
            ),
        ),
        Reason::CiamBadSignature => explained(
            Tone::Error,
            "invalid_token: the CIAM token's signature does not verify",
            "The token names the CIAM as its issuer, but its signature does not match the CIAM's key: it was changed after it was issued, or not issued by the CIAM.",
            Some("Send the access token exactly as the CIAM issued it."),
        ),
        Reason::CiamAlgorithmNotAllowed => explained(
            Tone::Error,
            "invalid_token: algorithm not allowed",
            format!(
                "The token is signed with {}: the sandbox accepts CIAM tokens signed with an asymmetric algorithm matching the CIAM's key only (RS256, PS256, ES256, EdDSA…), never none or HMAC.",
                if detail.is_empty() {
                    "an algorithm that is not allowed"
                } else {
                    detail
                }
            ),
            Some("Configure the CIAM to sign access tokens with an asymmetric key."),
        ),
        Reason::CiamUnavailable => explained(
            Tone::Error,
            "invalid_token: the CIAM is unavailable",
            "The sandbox could not load the CIAM identity provider's discovery document or keys, so it cannot check its tokens right now. Platform tokens keep working.",
            Some("Retry in a minute; /readyz shows whether the CIAM is reachable."),
        ),
        Reason::MissingScope => explained(
            Tone::Error,
            "403 insufficient_scope",
            format!(
                "The token is valid but lacks {}, which this operation needs.",
                if detail.is_empty() {
                    "a scope".to_owned()
                } else {
                    format!("the {detail} scope")
                }
            ),
            Some(
                "Request a token without a scope parameter (all of the app's scopes) or with the one this operation needs.",
            ),
        ),
        Reason::InvalidSubmission => explained(
            Tone::Error,
            "400: the submission has problems",
            "The token was accepted; the submission's fields did not pass validation. The response lists each problem with its field.",
            Some("Fix the fields listed in the response and send it again."),
        ),
        Reason::BadJson => explained(
            Tone::Error,
            "400: the body is not a JSON object",
            "The token was accepted; the body could not be parsed as a JSON object.",
            None,
        ),
        Reason::UnsupportedMediaType => explained(
            Tone::Error,
            "415: not JSON",
            "The submission must be sent with Content-Type: application/json.",
            None,
        ),
        Reason::NotFound => explained(
            Tone::Error,
            "404: no such attachment",
            "This app has no attachment with that id: each app sees only its own submissions, and they are deleted after the retention period.",
            Some("Check the id returned by the submission."),
        ),
        Reason::QuotaExceeded => explained(
            Tone::Error,
            "413 quota_exceeded",
            "This app's sandbox storage is full.",
            Some("Wait for older attachments to expire, or use another app."),
        ),
        Reason::RateLimited => explained(
            Tone::Error,
            "429: rate limited",
            format!(
                "{} ",
                if detail.is_empty() {
                    "A rate limit was reached."
                } else {
                    detail
                }
            )
            .trim_end()
            .to_owned(),
            Some(
                "Reuse tokens until they expire instead of requesting one per call, and wait for Retry-After.",
            ),
        ),
        Reason::Unavailable => explained(
            Tone::Error,
            "503: temporarily unavailable",
            "The sandbox's storage was unavailable for a moment.",
            Some("Retry in a few seconds."),
        ),
        Reason::ServerError => explained(
            Tone::Error,
            "500: the sandbox failed",
            "Something failed inside the sandbox; it was logged with this request's id.",
            Some("Retry; if it keeps failing, quote the request id to the portal's operator."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request_log::record::{Endpoint, Source};

    fn record(reason: Reason) -> Record {
        Record {
            id: "1".into(),
            request_id: "r".into(),
            client_id: "mnc_x".into(),
            at: 1_795_946_400,
            endpoint: Endpoint::TokenV2,
            method: "POST".into(),
            status: 401,
            error_code: Some("invalid_client".into()),
            reason,
            reason_at: None,
            detail: None,
            jti: None,
            latency_us: 10,
            client_address: "127.0.0.1".into(),
            user_agent: "curl/8".into(),
            source: Source::Outside,
        }
    }

    #[test]
    fn every_reason_has_words_and_failures_say_what_to_do_or_why() {
        for reason in Reason::ALL {
            let explained = explain(&record(reason));
            assert!(
                !explained.title.is_empty() && !explained.detail.is_empty(),
                "{reason:?}"
            );
        }
    }

    #[test]
    fn a_rotation_and_an_expiry_are_told_with_their_time() {
        let mut rotated = record(Reason::RotatedSecret);
        rotated.reason_at = Some(1_795_946_400 - 3600);
        assert!(
            explain(&rotated).detail.contains("2026-11-29 09:00:00 UTC"),
            "{:?}",
            explain(&rotated)
        );
        let mut expired = record(Reason::TokenExpired);
        expired.reason_at = Some(1_795_946_400 - 120);
        assert!(explain(&expired).detail.contains("2 minutes before"));
    }
}
