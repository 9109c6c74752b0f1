//! What the inspector says of a decoded token: each check (signature, issuer, audience,
//! standing) and the verdict, for a token this sandbox issued to the viewer's app and for one
//! it did not issue (shown unverified); and a request-log record as a use of the token.

use super::parts::Unverified;
use crate::oauth::AccessError;
use crate::oauth::tokens::{AUDIENCE, Check, TokenClaims, TokenService};
use crate::request_log::explain::{explain, moment};
use crate::request_log::record::Record;
use app::model::inspection::{Decoded, Finding, InspectedApp, Level, Subject, TokenUse};
use app::model::time_words::{expiry_in_words, span};
use app::ssr::paths::request_entry_url;
use serde_json::{Map, Value};

fn pretty(map: &Map<String, Value>) -> String {
    serde_json::to_string_pretty(map).unwrap_or_default()
}

fn finding(subject: Subject, level: Level, text: impl Into<String>) -> Finding {
    Finding {
        subject,
        level,
        text: text.into(),
    }
}

/// Where the sandbox publishes its key.
fn jwks_url(tokens: &TokenService) -> String {
    format!("{}/.well-known/jwks.json", tokens.issuer())
}

/// The view of a token this sandbox did not issue: a bad signature, a foreign key or
/// algorithm, another issuer, or a shape the sandbox never issues. Every part is unverified.
pub fn not_issued_here(tokens: &TokenService, parts: &Unverified, check: &Check, now: i64) -> Decoded {
    let ours = tokens.key_id();
    let alg = parts.header_text("alg").unwrap_or("none");
    let kid = parts.header_text("kid");
    let (signature, detail) = match (check, kid) {
        (Check::ForeignIssuer(claims), _) => (
            finding(
                Subject::Signature,
                Level::Pass,
                format!("Signed with this sandbox's key ({ours}), which another portal shares."),
            ),
            format!(
                "It is signed with this sandbox's key but was issued by {}, another portal that shares the key: it belongs to that environment, and this sandbox refuses it.",
                claims.iss
            ),
        ),
        (_, Some(kid)) if kid == ours => (
            finding(
                Subject::Signature,
                Level::Fail,
                format!(
                    "Its header names this sandbox's key ({ours}), but the signature does not verify: the token was changed or cut after it was issued."
                ),
            ),
            "Its signature does not verify with this sandbox's key, so it was changed after it was issued (or is not of the shape this sandbox issues). Everything below is decoded but unverified.".to_owned(),
        ),
        _ => (
            finding(
                Subject::Signature,
                Level::Fail,
                format!(
                    "Signed with {} ({alg}); this sandbox signs with its EdDSA key {ours}, published at {}.",
                    kid.map_or_else(|| "no key id".to_owned(), |kid| format!("the key {kid}")),
                    jwks_url(tokens)
                ),
            ),
            "It was not signed with this sandbox's key: it is a token from another environment or identity provider (a staging or production gateway, a CIAM login). Everything below is decoded but unverified: anyone can write anything in it.".to_owned(),
        ),
    };
    let issuer = match parts.text("iss") {
        Some(iss) if iss == tokens.issuer() => finding(
            Subject::Issuer,
            Level::Note,
            format!("Says {iss} (this sandbox), but an unverified claim proves nothing."),
        ),
        Some(iss) => finding(
            Subject::Issuer,
            Level::Fail,
            format!("{iss}, not this sandbox ({}).", tokens.issuer()),
        ),
        None => finding(Subject::Issuer, Level::Fail, "No iss claim."),
    };
    let audience = finding(
        Subject::Audience,
        Level::Note,
        match parts.text("aud") {
            Some(aud) => format!("Says {aud} (unverified)."),
            None => "No aud claim.".to_owned(),
        },
    );
    let expires_at = parts.expires_at();
    let detail = match expires_at {
        Some(exp) => format!("{detail} Its exp claim says it {}.", expiry_in_words(exp, now)),
        None => detail,
    };
    Decoded {
        issued_here: false,
        accepted: false,
        title: "Not issued by this sandbox".into(),
        detail,
        header: pretty(&parts.header),
        claims: pretty(&parts.claims),
        findings: vec![signature, issuer, audience],
        expires: expires_at.map(moment),
        expires_at,
        app: None,
    }
}

/// What the store says of a genuine token: still standing, or why not.
pub fn standing_finding(standing: &Result<TokenClaims, AccessError>) -> Finding {
    let refused = |text: String| finding(Subject::Revocation, Level::Fail, text);
    match standing {
        Ok(_) => finding(
            Subject::Revocation,
            Level::Pass,
            "No: not revoked, its app is active and its secret has not been rotated since it was issued.",
        ),
        Err(AccessError::Revoked(_)) => refused("Yes: the token itself was revoked (RFC 7009).".into()),
        Err(AccessError::AppRevoked(_)) => {
            refused("Yes: its app was revoked, which ended every token issued to it.".into())
        }
        Err(AccessError::AppSuspended(_)) => refused(
            "Refused: its app is suspended by the portal's operator, so its tokens are refused.".into(),
        ),
        Err(AccessError::Rotated { rotated_at, .. }) => refused(format!(
            "Yes, in effect: it was issued before the app's secret was rotated{}, which ended every token issued before.",
            rotated_at
                .map(|at| format!(" at {}", moment(at)))
                .unwrap_or_default()
        )),
        Err(_) => refused("Refused by the sandbox.".into()),
    }
}

/// The view of a genuine token of the viewer's own app.
pub fn issued_here(
    tokens: &TokenService,
    parts: &Unverified,
    claims: &TokenClaims,
    standing: &Result<TokenClaims, AccessError>,
    app: Option<InspectedApp>,
    now: i64,
) -> Decoded {
    let signature = finding(
        Subject::Signature,
        Level::Pass,
        format!(
            "Valid: signed with this sandbox's key {}, as published at {}.",
            tokens.key_id(),
            jwks_url(tokens)
        ),
    );
    let issuer = finding(
        Subject::Issuer,
        Level::Pass,
        format!("{}: this sandbox.", claims.iss),
    );
    let audience_ok = claims.aud == AUDIENCE;
    let audience = if audience_ok {
        finding(
            Subject::Audience,
            Level::Pass,
            format!("{}: the sandbox's Claims Attachment APIs.", claims.aud),
        )
    } else {
        finding(
            Subject::Audience,
            Level::Fail,
            format!("{}, not {AUDIENCE}: the sandbox's APIs refuse it.", claims.aud),
        )
    };
    let revocation = standing_finding(standing);
    let expired = claims.exp <= now;
    let app_name = app
        .as_ref()
        .map_or_else(|| claims.client_id.clone(), |app| app.name.clone());
    let (accepted, title, detail) = if expired {
        (
            false,
            "Expired: the sandbox refuses this token".to_owned(),
            format!(
                "It expired {} ago, at {}. Tokens live for {}; request a new one with the app's credentials.",
                span(now - claims.exp),
                moment(claims.exp),
                span(claims.exp - claims.iat)
            ),
        )
    } else if revocation.level == Level::Fail {
        (
            false,
            "Revoked: the sandbox refuses this token".to_owned(),
            revocation.text.clone(),
        )
    } else if !audience_ok {
        (
            false,
            "For another API: the sandbox refuses this token".to_owned(),
            audience.text.clone(),
        )
    } else {
        (
            true,
            "Active: the sandbox accepts this token".to_owned(),
            format!(
                "Issued by this sandbox to {app_name}; it {} (at {}).",
                expiry_in_words(claims.exp, now),
                moment(claims.exp)
            ),
        )
    };
    Decoded {
        issued_here: true,
        accepted,
        title,
        detail,
        header: pretty(&parts.header),
        claims: pretty(&parts.claims),
        findings: vec![signature, issuer, audience, revocation],
        expires_at: Some(claims.exp),
        expires: Some(moment(claims.exp)),
        app,
    }
}

/// One request-log record as a use of the token.
pub fn token_use(record: &Record) -> TokenUse {
    TokenUse {
        when: moment(record.at),
        when_iso: crate::clock::rfc3339(record.at),
        what: record.endpoint.label().to_owned(),
        status: record.status,
        outcome: explain(record).title,
        source: record.source.as_str().to_owned(),
        url: request_entry_url(&record.client_id, &record.request_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::crypto::PortalKey;
    use crate::oauth::inspect::parts::read;
    use crate::oauth::tokens::TokenApi;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use std::sync::Arc;

    const NOW: i64 = 1_800_000_000;

    fn service(clock: &ManualClock, key: u8, issuer: &str) -> TokenService {
        TokenService::new(
            &PortalKey::from_bytes([key; 32]),
            issuer.into(),
            3600,
            Arc::new(clock.clone()),
        )
    }

    #[test]
    fn a_token_of_another_key_is_not_issued_here_and_shown_unverified() {
        let clock = ManualClock::starting_at(NOW);
        let ours = service(&clock, 1, "http://portal");
        let theirs = service(&clock, 2, "http://portal");
        let token = theirs
            .issue("mnc_1", &["claims.attachments.read"], TokenApi::V2, 0)
            .access_token;
        let check = ours.check(&token);
        assert_eq!(check, Check::BadSignature);
        let parts = read(&token).expect("decodes");
        let view = not_issued_here(&ours, &parts, &check, NOW);
        assert!(!view.issued_here && !view.accepted);
        assert_eq!(view.title, "Not issued by this sandbox");
        assert!(
            view.detail.contains("another environment or identity provider"),
            "{}",
            view.detail
        );
        assert!(view.detail.contains("expires in 1 hour"), "{}", view.detail);
        let signature = view.finding(Subject::Signature).expect("signature");
        assert_eq!(signature.level, Level::Fail);
        assert!(signature.text.contains(theirs.key_id()) && signature.text.contains(ours.key_id()));
        assert!(view.claims.contains("mnc_1"), "decoded anyway: {}", view.claims);
        assert!(view.finding(Subject::Revocation).is_none(), "not checked");
    }

    #[test]
    fn a_changed_token_of_this_key_says_it_was_changed() {
        let clock = ManualClock::starting_at(NOW);
        let ours = service(&clock, 1, "http://portal");
        let token = ours.issue("mnc_1", &[], TokenApi::V2, 0).access_token;
        let (signed, _) = token.rsplit_once('.').expect("signature");
        let changed = format!("{signed}.{}", URL_SAFE_NO_PAD.encode([7u8; 64]));
        let check = ours.check(&changed);
        let view = not_issued_here(&ours, &read(&changed).expect("decodes"), &check, NOW);
        assert!(
            view.finding(Subject::Signature)
                .expect("signature")
                .text
                .contains("changed or cut")
        );
    }

    #[test]
    fn a_token_of_another_portal_sharing_the_key_names_its_issuer() {
        let clock = ManualClock::starting_at(NOW);
        let ours = service(&clock, 1, "http://portal");
        let token = service(&clock, 1, "http://staging")
            .issue("mnc_1", &[], TokenApi::V2, 0)
            .access_token;
        let check = ours.check(&token);
        assert!(matches!(check, Check::ForeignIssuer(_)));
        let view = not_issued_here(&ours, &read(&token).expect("decodes"), &check, NOW);
        assert!(view.detail.contains("http://staging"), "{}", view.detail);
        assert_eq!(view.finding(Subject::Issuer).expect("issuer").level, Level::Fail);
    }

    #[test]
    fn an_own_token_reads_active_expired_or_revoked_with_its_times_in_words() {
        let clock = ManualClock::starting_at(NOW);
        let ours = service(&clock, 1, "http://portal");
        let issued = ours.issue("mnc_1", &["claims.attachments.read"], TokenApi::V2, 0);
        let parts = read(&issued.access_token).expect("decodes");
        let claims = issued.claims.clone();

        let view = issued_here(&ours, &parts, &claims, &Ok(claims.clone()), None, NOW + 180);
        assert!(view.accepted, "{view:?}");
        assert!(view.detail.contains("expires in 57 minutes"), "{}", view.detail);
        assert!(view.findings.iter().all(|finding| finding.level == Level::Pass));

        let view = issued_here(
            &ours,
            &parts,
            &claims,
            &Ok(claims.clone()),
            None,
            NOW + 3600 + 180,
        );
        assert!(!view.accepted);
        assert!(view.title.starts_with("Expired"));
        assert!(view.detail.contains("expired 3 minutes ago"), "{}", view.detail);

        let revoked = Err(AccessError::Revoked(Box::new(claims.clone())));
        let view = issued_here(&ours, &parts, &claims, &revoked, None, NOW);
        assert!(view.title.starts_with("Revoked"), "{}", view.title);
        assert_eq!(
            view.finding(Subject::Revocation).expect("checked").level,
            Level::Fail
        );

        let rotated = Err(AccessError::Rotated {
            claims: Box::new(claims.clone()),
            rotated_at: Some(NOW + 60),
        });
        assert!(
            standing_finding(&rotated)
                .text
                .contains("rotated at 2027-01-15 08:01:00 UTC")
        );
    }
}
