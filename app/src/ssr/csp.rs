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

#[cfg(test)]
mod tests {
    use super::*;

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
