//! What is counted, under which key, against which configured limit: one place that lists
//! every rate limit of the portal.

use super::Limit;

/// A kind of counted request. Each is counted per key (an address, a client, a person).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// Every request to the OAuth endpoints, per client address.
    OAuthSource,
    /// Tokens issued, per authenticated client.
    TokensIssued,
    /// Failed client authentications, per (client id, client address).
    TokenFailures,
    /// Sign-ups, per client address.
    SignUpSource,
    /// Sign-in attempts, per client address.
    SignInSource,
    /// Failed sign-ins, per (e-mail address, client address).
    SignInFailures,
    /// Try It requests, per person (account, or session for anonymous people).
    ConsolePerson,
    /// Try It requests, per client address.
    ConsoleSource,
    /// Claims Attachment API calls, per client.
    ClaimsClient,
}

impl Bucket {
    /// The name in counter keys, logs and metrics.
    pub fn name(self) -> &'static str {
        match self {
            Self::OAuthSource => "oauth-source",
            Self::TokensIssued => "tokens-issued",
            Self::TokenFailures => "token-failures",
            Self::SignUpSource => "sign-up-source",
            Self::SignInSource => "sign-in-source",
            Self::SignInFailures => "sign-in-failures",
            Self::ConsolePerson => "console-person",
            Self::ConsoleSource => "console-source",
            Self::ClaimsClient => "claims-client",
        }
    }
}

/// The configured limits, one per bucket.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// `PORTAL_TOKEN_RATE_LIMIT`: tokens issued per client.
    pub tokens_per_client: Limit,
    /// `PORTAL_TOKEN_IP_RATE_LIMIT`: OAuth requests per client address.
    pub oauth_per_source: Limit,
    /// `PORTAL_TOKEN_FAILURE_LIMIT`: failed client authentications per (client id, address).
    pub token_failures: Limit,
    /// `PORTAL_SIGNUP_RATE_LIMIT`: sign-ups per address.
    pub sign_ups_per_source: Limit,
    /// `PORTAL_SIGNIN_RATE_LIMIT`: sign-in attempts per address.
    pub sign_ins_per_source: Limit,
    /// `PORTAL_SIGNIN_ACCOUNT_RATE_LIMIT`: failed sign-ins per (e-mail, address).
    pub sign_in_failures: Limit,
    /// `PORTAL_CONSOLE_RATE_LIMIT`: console requests per person and per address.
    pub console: Limit,
    /// `PORTAL_CLAIMS_RATE_LIMIT`: Claims API calls per client.
    pub claims_per_client: Limit,
}

impl Limits {
    /// The limit of `bucket`.
    pub fn of(&self, bucket: Bucket) -> Limit {
        match bucket {
            Bucket::OAuthSource => self.oauth_per_source,
            Bucket::TokensIssued => self.tokens_per_client,
            Bucket::TokenFailures => self.token_failures,
            Bucket::SignUpSource => self.sign_ups_per_source,
            Bucket::SignInSource => self.sign_ins_per_source,
            Bucket::SignInFailures => self.sign_in_failures,
            Bucket::ConsolePerson | Bucket::ConsoleSource => self.console,
            Bucket::ClaimsClient => self.claims_per_client,
        }
    }
}
