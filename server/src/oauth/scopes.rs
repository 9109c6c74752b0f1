//! The sandbox's scopes and the `scope` parameter's syntax (RFC 6749 §3.3).

/// Read access to the Claims Attachment APIs (status and retrieval).
pub const READ: &str = "claims.attachments.read";
/// Write access to the Claims Attachment APIs (submission).
pub const WRITE: &str = "claims.attachments.write";
/// Every scope the sandbox knows, in the order they are listed.
pub const ALL: [&str; 2] = [READ, WRITE];

/// Why a `scope` parameter cannot be granted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    /// A character outside RFC 6749's `scope-token` syntax.
    #[error("The scope parameter is malformed: scopes are separated by single spaces.")]
    Malformed,
    /// A scope the sandbox does not have.
    #[error("Unknown scope {0}. Known scopes: claims.attachments.read claims.attachments.write.")]
    Unknown(String),
    /// A scope this client may not request.
    #[error("This client may not request scope {0}.")]
    NotAllowed(String),
}

/// Parses a space-separated scope list, keeping the sandbox's order and dropping repeats.
pub fn parse(raw: &str) -> Result<Vec<&'static str>, ScopeError> {
    let tokens: Vec<&str> = raw.split(' ').collect();
    let well_formed = |token: &&str| {
        !token.is_empty()
            && token
                .bytes()
                .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
    };
    if !tokens.iter().all(well_formed) {
        return Err(ScopeError::Malformed);
    }
    let mut scopes = Vec::new();
    for token in tokens {
        let known = ALL
            .iter()
            .find(|scope| **scope == token)
            .ok_or_else(|| ScopeError::Unknown(token.to_owned()))?;
        if !scopes.contains(known) {
            scopes.push(*known);
        }
    }
    scopes.sort_by_key(|scope| ALL.iter().position(|known| known == scope));
    Ok(scopes)
}

/// The scopes to grant: the requested ones if the client holds them all, else an error;
/// the client's whole set when none are requested.
pub fn grant(requested: Option<&str>, allowed: &str) -> Result<Vec<&'static str>, ScopeError> {
    let allowed = parse(allowed)?;
    let Some(requested) = requested else {
        return Ok(allowed);
    };
    let requested = parse(requested)?;
    if let Some(denied) = requested.iter().find(|scope| !allowed.contains(scope)) {
        return Err(ScopeError::NotAllowed((*denied).to_owned()));
    }
    Ok(requested)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_scope_requested_grants_the_clients_set() {
        assert_eq!(
            grant(None, "claims.attachments.read claims.attachments.write"),
            Ok(ALL.to_vec())
        );
    }

    #[test]
    fn a_subset_can_be_requested_in_any_order() {
        assert_eq!(
            grant(Some(WRITE), "claims.attachments.read claims.attachments.write"),
            Ok(vec![WRITE])
        );
        let both = format!("{WRITE} {READ} {WRITE}");
        assert_eq!(grant(Some(&both), &format!("{READ} {WRITE}")), Ok(ALL.to_vec()));
    }

    #[test]
    fn unknown_malformed_and_unheld_scopes_are_refused() {
        assert_eq!(
            grant(Some("admin"), READ),
            Err(ScopeError::Unknown("admin".into()))
        );
        assert_eq!(grant(Some("a  b"), READ), Err(ScopeError::Malformed));
        assert_eq!(grant(Some(""), READ), Err(ScopeError::Malformed));
        assert_eq!(grant(Some("x\"y"), READ), Err(ScopeError::Malformed));
        assert_eq!(
            grant(Some(WRITE), READ),
            Err(ScopeError::NotAllowed(WRITE.into()))
        );
    }
}
