//! Header and cookie parameters.

use super::*;

fn headed() -> ApiDocument {
    with_parameters(
        "/h",
        json!([
            {"in": "header", "name": "X-Trace", "schema": {"type": "string"}},
            {"in": "header", "name": "X-List", "schema": {"type": "array", "items": {"type": "integer"}}},
            {"in": "header", "name": "Authorization", "schema": {"type": "string"}},
            {"in": "header", "name": "X-Forwarded-For", "schema": {"type": "string"}},
            {"in": "cookie", "name": "session", "schema": {"type": "string"}},
            {"in": "cookie", "name": "theme", "schema": {"type": "string"}},
        ]),
    )
}

#[test]
fn header_and_cookie_parameters_become_headers() {
    let submitted = values(&[
        ("header", "X-Trace", &["abc\tdef"]),
        ("header", "X-List", &["1", "2"]),
        ("cookie", "session", &["a b;c"]),
        ("cookie", "theme", &["dark"]),
    ]);
    let built = run(&headed(), &submitted).expect("built");
    assert_eq!(
        built.headers,
        vec![
            ("x-trace".to_owned(), "abc\tdef".to_owned()),
            ("x-list".to_owned(), "1,2".to_owned()),
            ("cookie".to_owned(), "session=a%20b%3Bc; theme=dark".to_owned()),
        ]
    );
    assert_eq!(built.method, http::Method::GET);
    assert_eq!(built.body, None);
}

#[test]
fn headers_the_portal_controls_are_refused_only_when_given() {
    assert_eq!(
        run(&headed(), &Submitted::default()).map(|built| built.headers),
        Ok(vec![])
    );
    let mut submitted = values(&[
        ("header", "Authorization", &["Bearer x"]),
        ("header", "X-Forwarded-For", &["1.2.3.4"]),
    ]);
    submitted.send_anyway = true;
    assert_eq!(
        run(&headed(), &submitted),
        Err(vec![
            problem(
                "param.header.Authorization",
                "",
                "the portal does not send this header"
            ),
            problem(
                "param.header.X-Forwarded-For",
                "",
                "the portal does not send this header"
            ),
        ])
    );
}

#[test]
fn values_that_could_break_lines_are_refused() {
    let not_plain = "may contain only visible ASCII characters, spaces and tabs";
    for value in ["a\r\nX-Evil: 1", "a\nb", "a\0b", "é"] {
        let mut submitted = values(&[("header", "X-Trace", &[value]), ("cookie", "theme", &[value])]);
        submitted.send_anyway = true;
        assert_eq!(
            run(&headed(), &submitted),
            Err(vec![
                problem("param.header.X-Trace", "", not_plain),
                problem("param.cookie.theme", "", not_plain),
            ]),
            "{value:?}"
        );
    }
}

#[test]
fn header_rules() {
    for allowed in ["X-Trace", "accept", "If-None-Match", "x-api-version"] {
        assert!(header_allowed(allowed), "{allowed}");
    }
    for refused in [
        "Host",
        "content-length",
        "Content-Type",
        "transfer-encoding",
        "Connection",
        "keep-alive",
        "upgrade",
        "TE",
        "trailer",
        "Proxy-Authorization",
        "authorization",
        "Cookie",
        "forwarded",
        "X-Forwarded-Host",
        "x-real-ip",
        "x-request-id",
        "x-portal-console-attribution",
        "via",
        "expect",
        "",
        "bad name",
        "bad:name",
        "é",
    ] {
        assert!(!header_allowed(refused), "{refused}");
    }
    assert!(header_value_allowed("visible ascii\tand ~ tabs"));
    assert!(header_value_allowed(""));
    for refused in ["a\rb", "a\nb", "a\0b", "é", "\u{7f}"] {
        assert!(!header_value_allowed(refused), "{refused:?}");
    }
}

proptest::proptest! {
    #[test]
    fn any_header_or_cookie_value_is_sent_plain_or_refused(value in "\\PC{0,40}|[\\r\\n\\x00a-z:]{0,10}") {
        let submitted = values(&[("header", "X-Trace", &[value.as_str()]), ("cookie", "theme", &[value.as_str()])]);
        if let Ok(built) = run(&headed(), &submitted) {
            for (name, sent) in &built.headers {
                proptest::prop_assert!(header_allowed(name) || name == "cookie");
                proptest::prop_assert!(header_value_allowed(sent));
                proptest::prop_assert!(http::HeaderValue::from_str(sent).is_ok());
            }
        }
    }
}
