//! Why the sandbox answered a request as it did, precisely: the internal reason behind a bare
//! `401 invalid_client` or `invalid_token` (a secret rotated at 10:42, an expired token, a
//! missing scope). Answers carry it to the request log as an [`Outcome`] in their response
//! extensions; it is never sent to the caller, who only sees the RFC error code.

/// The precise reason for an answer. Stored by name ([`Reason::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    // What worked.
    /// A token was issued.
    Issued,
    /// An introspection was answered.
    Introspected,
    /// A revocation was accepted.
    TokenRevocationAccepted,
    /// A sandbox API call worked.
    Ok,

    // Token requests.
    /// No app has the client id presented (never attributed to an app; the console sees it).
    UnknownClient,
    /// The client id exists; the secret is not its secret.
    WrongSecret,
    /// The secret presented was the app's secret until it was rotated.
    RotatedSecret,
    /// The app was revoked.
    AppRevoked,
    /// The app is suspended.
    AppSuspended,
    /// A requested scope is unknown or not granted to the app.
    ScopeNotGranted,
    /// The body could not be read: not UTF-8, a repeated parameter, broken JSON.
    MalformedBody,
    /// The body's `Content-Type` is missing or not one the endpoint reads.
    WrongContentType,
    /// The body is over the endpoint's limit.
    BodyTooLarge,
    /// Both HTTP Basic and body credentials were sent.
    BothCredentials,
    /// No client credentials at all, or an id without its secret.
    CredentialsMissing,
    /// The `Authorization` header is not valid HTTP Basic.
    BadBasicHeader,
    /// An `Authorization` header sent to the v1 API, which takes the body only.
    HeaderSentToV1,
    /// No `grant_type`.
    GrantTypeMissing,
    /// A `grant_type` other than `client_credentials`.
    UnsupportedGrantType,
    /// Introspection or revocation without a `token` parameter.
    TokenParameterMissing,

    // Sandbox API calls.
    /// No bearer token.
    TokenMissing,
    /// The `Authorization` header is not `Bearer <token>`.
    AuthorizationMalformed,
    /// The token is not a JWT at all.
    TokenMalformed,
    /// The token's signature does not verify with the sandbox's key (another issuer's token,
    /// or a tampered one); never attributed, since nothing in it can be believed.
    BadSignature,
    /// Signed by the sandbox's key but for another issuer (another portal's URL).
    ForeignIssuer,
    /// Signed by the sandbox's key but for another audience.
    WrongAudience,
    /// Past its expiry.
    TokenExpired,
    /// Revoked on its own (RFC 7009).
    TokenRevoked,
    /// Issued before the app's secret was rotated.
    TokenOfRotatedSecret,
    /// A CIAM token past its expiry (and the leeway).
    CiamTokenExpired,
    /// A CIAM token not valid yet (`nbf` ahead, beyond the leeway).
    CiamTokenNotYetValid,
    /// A CIAM token for another audience.
    CiamWrongAudience,
    /// A CIAM token signed with a key its JWKS does not hold (after a refresh).
    CiamUnknownKey,
    /// A CIAM token whose signature does not verify with its key.
    CiamBadSignature,
    /// A CIAM token with `none`, HMAC, or an algorithm its key does not allow.
    CiamAlgorithmNotAllowed,
    /// A CIAM token arrived while the CIAM's keys could not be loaded.
    CiamUnavailable,
    /// The token lacks the scope the operation needs.
    MissingScope,
    /// The submission failed validation.
    InvalidSubmission,
    /// The body is not a JSON object.
    BadJson,
    /// Not `application/json`.
    UnsupportedMediaType,
    /// No such attachment for this app.
    NotFound,
    /// The app's sandbox storage is full.
    QuotaExceeded,

    // Either.
    /// A rate limit was reached.
    RateLimited,
    /// Storage was down for a moment.
    Unavailable,
    /// The sandbox failed.
    ServerError,
}

impl Reason {
    /// Every reason (for round-trip tests and the docs).
    pub const ALL: [Self; 45] = [
        Self::Issued,
        Self::Introspected,
        Self::TokenRevocationAccepted,
        Self::Ok,
        Self::UnknownClient,
        Self::WrongSecret,
        Self::RotatedSecret,
        Self::AppRevoked,
        Self::AppSuspended,
        Self::ScopeNotGranted,
        Self::MalformedBody,
        Self::WrongContentType,
        Self::BodyTooLarge,
        Self::BothCredentials,
        Self::CredentialsMissing,
        Self::BadBasicHeader,
        Self::HeaderSentToV1,
        Self::GrantTypeMissing,
        Self::UnsupportedGrantType,
        Self::TokenParameterMissing,
        Self::TokenMissing,
        Self::AuthorizationMalformed,
        Self::TokenMalformed,
        Self::BadSignature,
        Self::ForeignIssuer,
        Self::WrongAudience,
        Self::TokenExpired,
        Self::TokenRevoked,
        Self::TokenOfRotatedSecret,
        Self::CiamTokenExpired,
        Self::CiamTokenNotYetValid,
        Self::CiamWrongAudience,
        Self::CiamUnknownKey,
        Self::CiamBadSignature,
        Self::CiamAlgorithmNotAllowed,
        Self::CiamUnavailable,
        Self::MissingScope,
        Self::InvalidSubmission,
        Self::BadJson,
        Self::UnsupportedMediaType,
        Self::NotFound,
        Self::QuotaExceeded,
        Self::RateLimited,
        Self::Unavailable,
        Self::ServerError,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Issued => "issued",
            Self::Introspected => "introspected",
            Self::TokenRevocationAccepted => "revocation_accepted",
            Self::Ok => "ok",
            Self::UnknownClient => "unknown_client",
            Self::WrongSecret => "wrong_secret",
            Self::RotatedSecret => "rotated_secret",
            Self::AppRevoked => "app_revoked",
            Self::AppSuspended => "app_suspended",
            Self::ScopeNotGranted => "scope_not_granted",
            Self::MalformedBody => "malformed_body",
            Self::WrongContentType => "wrong_content_type",
            Self::BodyTooLarge => "body_too_large",
            Self::BothCredentials => "both_credentials",
            Self::CredentialsMissing => "credentials_missing",
            Self::BadBasicHeader => "bad_basic_header",
            Self::HeaderSentToV1 => "header_sent_to_v1",
            Self::GrantTypeMissing => "grant_type_missing",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::TokenParameterMissing => "token_parameter_missing",
            Self::TokenMissing => "token_missing",
            Self::AuthorizationMalformed => "authorization_malformed",
            Self::TokenMalformed => "token_malformed",
            Self::BadSignature => "bad_signature",
            Self::ForeignIssuer => "foreign_issuer",
            Self::WrongAudience => "wrong_audience",
            Self::TokenExpired => "token_expired",
            Self::TokenRevoked => "token_revoked",
            Self::TokenOfRotatedSecret => "token_of_rotated_secret",
            Self::CiamTokenExpired => "ciam_token_expired",
            Self::CiamTokenNotYetValid => "ciam_token_not_yet_valid",
            Self::CiamWrongAudience => "ciam_wrong_audience",
            Self::CiamUnknownKey => "ciam_unknown_key",
            Self::CiamBadSignature => "ciam_bad_signature",
            Self::CiamAlgorithmNotAllowed => "ciam_algorithm_not_allowed",
            Self::CiamUnavailable => "ciam_unavailable",
            Self::MissingScope => "missing_scope",
            Self::InvalidSubmission => "invalid_submission",
            Self::BadJson => "bad_json",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::NotFound => "not_found",
            Self::QuotaExceeded => "quota_exceeded",
            Self::RateLimited => "rate_limited",
            Self::Unavailable => "unavailable",
            Self::ServerError => "server_error",
        }
    }

    /// The reason a stored name stands for (a name from a newer version reads as a server
    /// error rather than failing the page).
    pub fn parse(name: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|reason| reason.as_str() == name)
            .unwrap_or(Self::ServerError)
    }
}

/// What an answer tells the request log about itself: the reason, and the facts that go with
/// it. Put in the response's extensions by the error types and handlers; taken out (never
/// sent) by the log's layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Why.
    pub reason: Reason,
    /// The OAuth or API error code answered, for failures.
    pub error_code: Option<&'static str>,
    /// A time the reason refers to (a rotation, an expiry).
    pub at: Option<i64>,
    /// A short non-secret detail (the scope missing, the content type sent).
    pub detail: Option<String>,
}

impl Outcome {
    /// Just the reason.
    pub fn because(reason: Reason) -> Self {
        Self {
            reason,
            error_code: None,
            at: None,
            detail: None,
        }
    }

    /// With the error code answered.
    #[must_use]
    pub fn code(mut self, code: &'static str) -> Self {
        self.error_code = Some(code);
        self
    }

    /// With the time it refers to.
    #[must_use]
    pub fn at(mut self, at: Option<i64>) -> Self {
        self.at = at;
        self
    }

    /// With a detail (bounded by the log before it is kept).
    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_round_trips_through_its_name() {
        for reason in Reason::ALL {
            assert_eq!(Reason::parse(reason.as_str()), reason);
        }
        assert_eq!(Reason::parse("from_the_future"), Reason::ServerError);
    }
}
