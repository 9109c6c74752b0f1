//! The token inspector, independent of HTTP: reads a pasted token (header and claims decoded,
//! never kept), checks its signature against the sandbox's own key, its issuer, audience,
//! expiry and standing (revoked, app revoked or suspended, secret rotated), and, for the
//! signed-in account's own app, adds the app and the token's last uses from the request log.
//! A genuine token of another account's app is told apart only as "not one of your apps".
//!
//! Nothing here logs, and the token is never stored: it is read, checked and dropped.
//!
//! - [`parts`]: the pasted text as a token's decoded parts; [`verdict`]: what each check found.

mod parts;
mod verdict;

pub use parts::{MAX_TOKEN_BYTES, Unverified, normalize, read};
pub use verdict::{issued_here, not_issued_here, standing_finding, token_use};

use super::tokens::Check;
use super::{AccessError, Sandbox};
use crate::db::StoreError;
use crate::request_log::explain::moment;
use app::error::AppError;
use app::model::inspection::{InspectedApp, Inspection};
use app::ssr::paths::request_log_url;
use app::ssr::services::{BoxFuture, InspectorPort};
use std::sync::Arc;

/// How many of a token's last uses are shown.
pub const USES_SHOWN: u32 = 10;

/// Inspects `input` for the signed-in account `viewer`.
pub async fn inspect(sandbox: &Sandbox, viewer: &str, input: &str) -> Result<Inspection, StoreError> {
    let token = normalize(input);
    let parts = match read(&token) {
        Ok(parts) => parts,
        Err(message) => return Ok(Inspection::Unreadable { message }),
    };
    let now = sandbox.clock.now();
    let check = sandbox.tokens.check(&token);
    let claims = match &check {
        Check::Valid(claims)
        | Check::Expired(claims)
        | Check::ForeignIssuer(claims)
        | Check::WrongAudience(claims) => claims.clone(),
        Check::Malformed | Check::BadSignature => {
            return Ok(Inspection::Decoded(Box::new(not_issued_here(
                &sandbox.tokens,
                &parts,
                &check,
                now,
            ))));
        }
    };
    // A genuine signature: from here on, only the owner learns anything more.
    let client = sandbox.db.client(&claims.client_id).await?;
    let app = match client {
        Some(client) if client.account_id.as_deref() == Some(viewer) => client,
        None if matches!(check, Check::ForeignIssuer(_)) => {
            return Ok(Inspection::Decoded(Box::new(not_issued_here(
                &sandbox.tokens,
                &parts,
                &check,
                now,
            ))));
        }
        _ => return Ok(Inspection::NotYours),
    };
    if matches!(check, Check::ForeignIssuer(_)) {
        return Ok(Inspection::Decoded(Box::new(not_issued_here(
            &sandbox.tokens,
            &parts,
            &check,
            now,
        ))));
    }
    let standing = sandbox.standing(claims.clone()).await;
    if let Err(AccessError::Store(error)) = standing {
        return Err(error);
    }
    let uses = sandbox
        .db
        .request_log_of_token(&app.id, &claims.jti, USES_SHOWN)
        .await?;
    let inspected = InspectedApp {
        log_url: request_log_url(&app.id),
        client_id: app.id,
        name: app.name,
        scopes: claims.scope.clone(),
        issued: moment(claims.iat),
        issued_iso: crate::clock::rfc3339(claims.iat),
        uses: uses.iter().map(token_use).collect(),
    };
    Ok(Inspection::Decoded(Box::new(issued_here(
        &sandbox.tokens,
        &parts,
        &claims,
        &standing,
        Some(inspected),
        now,
    ))))
}

/// The [`InspectorPort`] over the sandbox.
pub struct Inspector {
    sandbox: Arc<Sandbox>,
}

impl Inspector {
    /// The inspector of `sandbox`.
    pub fn new(sandbox: Arc<Sandbox>) -> Self {
        Self { sandbox }
    }
}

impl InspectorPort for Inspector {
    fn inspect<'a>(
        &'a self,
        account_id: &'a str,
        token: &'a str,
    ) -> BoxFuture<'a, Result<Inspection, AppError>> {
        Box::pin(async move {
            inspect(&self.sandbox, account_id, token).await.map_err(|error| {
                tracing::error!(%error, "the token inspector could not read the store");
                AppError::Unavailable(
                    "The sandbox's storage did not answer in time, so the token could not be checked. Try again in a moment."
                        .into(),
                )
            })
        })
    }
}
