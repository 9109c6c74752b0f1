//! The Content-Security-Policy of every response: pages get a per-request nonce, everything
//! else the strictest policy.

/// The policy for anything that is not an HTML page (JSON, static files, errors).
pub const NON_PAGE_POLICY: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The policy for an HTML page. `interactive` pages load the wasm bundle, so only they may
/// compile WebAssembly; scripts run only with this response's `nonce` or from this origin.
pub fn page_policy(nonce: &str, interactive: bool) -> String {
    let wasm = if interactive { " 'wasm-unsafe-eval'" } else { "" };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}'{wasm}; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// `policy` with forms also allowed to lead to `issuer`'s origin: the console's CIAM sign-in
/// and sign-out are forms the portal answers with a redirect there, which `form-action`
/// governs too.
pub fn with_form_target(policy: &str, issuer: &str) -> String {
    let origin = match issuer.split_once("://") {
        Some((scheme, rest)) => {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
            format!("{scheme}://{authority}")
        }
        None => return policy.to_owned(),
    };
    let safe = origin
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-.:/[]".contains(&b));
    if !safe {
        return policy.to_owned();
    }
    policy.replace("form-action 'self'", &format!("form-action 'self' {origin}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ciam_origin_may_be_a_form_target() {
        let policy = with_form_target(&page_policy("n", false), "https://login.example.com/tenant/");
        assert!(
            policy.contains("form-action 'self' https://login.example.com;"),
            "{policy}"
        );
        let odd = with_form_target(&page_policy("n", false), "https://x.example; script-src *");
        assert!(odd.contains("form-action 'self';"), "{odd}");
    }

    #[test]
    fn page_policy_has_no_unsafe_inline_or_eval() {
        for interactive in [true, false] {
            let policy = page_policy("abc", interactive);
            assert!(!policy.contains("'unsafe-inline'"));
            assert!(!policy.contains("'unsafe-eval'"));
            assert!(policy.contains("'nonce-abc'"));
            assert!(policy.contains("frame-ancestors 'none'"));
        }
    }

    #[test]
    fn only_interactive_pages_may_compile_wasm() {
        assert!(page_policy("n", true).contains("'wasm-unsafe-eval'"));
        assert!(!page_policy("n", false).contains("wasm"));
    }
}
