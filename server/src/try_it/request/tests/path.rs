//! Path parameters: one segment each, in every style.

use super::*;

fn pets() -> ApiDocument {
    with_parameters(
        "/pets/{id}",
        json!([{"in": "path", "name": "id", "required": true, "schema": {"type": "string"}}]),
    )
}

#[test]
fn each_value_is_exactly_one_segment() {
    let document = pets();
    for (value, encoded) in [
        ("a/b", "a%2Fb"),
        ("%2F", "%252F"),
        ("@evil.example", "%40evil.example"),
        ("http://evil.example/x", "http%3A%2F%2Fevil.example%2Fx"),
        ("a\r\nb", "a%0D%0Ab"),
        ("é", "%C3%A9"),
        ("x?y#z", "x%3Fy%23z"),
        ("...", "..."),
    ] {
        assert_eq!(
            url(&document, &values(&[("path", "id", &[value])])),
            Ok(format!("{BASE}/pets/{encoded}")),
            "{value}"
        );
    }
}

#[test]
fn dot_segments_and_missing_values_are_refused_even_when_sending_anyway() {
    let document = pets();
    for value in [".", ".."] {
        let mut submitted = values(&[("path", "id", &[value])]);
        submitted.send_anyway = true;
        assert_eq!(
            url(&document, &submitted),
            Err(vec![problem("param.path.id", "", "cannot be `.` or `..`")])
        );
    }
    assert_eq!(
        url(&document, &values(&[("path", "id", &[""])])),
        Err(vec![problem("param.path.id", "", "is required")])
    );
    assert_eq!(
        url(&document, &Submitted::default()),
        Err(vec![problem("param.path.id", "", "is required")])
    );
}

#[test]
fn a_template_name_the_document_does_not_declare_is_still_one_segment() {
    let document = with_parameters("/files/{name}", json!([]));
    assert_eq!(
        url(&document, &values(&[("path", "name", &["../etc"])])),
        Ok(format!("{BASE}/files/..%2Fetc"))
    );
}

fn styled(style: &str, explode: bool, schema: Value) -> ApiDocument {
    with_parameters(
        "/pets/{id}/x",
        json!([{"in": "path", "name": "id", "required": true, "style": style, "explode": explode, "schema": schema}]),
    )
}

#[test]
fn simple_label_and_matrix_styles() {
    let array = json!({"type": "array", "items": {"type": "string"}});
    let object = json!({"type": "object"});
    let two = values(&[("path", "id", &["a b", "c/d"])]);
    let colours = values(&[("path", "id", &[r#"{"r": 1, "g": "x,y"}"#])]);
    let five = values(&[("path", "id", &["5"])]);
    for (style, explode, schema, submitted, expected) in [
        ("simple", false, &array, &two, "a%20b,c%2Fd"),
        ("simple", false, &object, &colours, "r,1,g,x%2Cy"),
        ("simple", true, &object, &colours, "r=1,g=x%2Cy"),
        ("label", false, &json!({"type": "string"}), &five, ".5"),
        ("label", false, &array, &two, ".a%20b,c%2Fd"),
        ("label", true, &array, &two, ".a%20b.c%2Fd"),
        ("label", true, &object, &colours, ".r=1.g=x%2Cy"),
        ("matrix", false, &json!({"type": "integer"}), &five, ";id=5"),
        ("matrix", false, &array, &two, ";id=a%20b,c%2Fd"),
        ("matrix", true, &array, &two, ";id=a%20b;id=c%2Fd"),
        ("matrix", false, &object, &colours, ";id=r,1,g,x%2Cy"),
        ("matrix", true, &object, &colours, ";r=1;g=x%2Cy"),
    ] {
        assert_eq!(
            url(&styled(style, explode, schema.clone()), submitted),
            Ok(format!("{BASE}/pets/{expected}/x")),
            "{style} {explode} {schema}"
        );
    }
}

#[test]
fn a_label_that_would_make_a_dot_segment_is_refused() {
    let document = styled("label", false, json!({"type": "string"}));
    assert_eq!(
        url(&document, &values(&[("path", "id", &["."])])),
        Err(vec![problem("param.path.id", "", "cannot be `.` or `..`")])
    );
}

#[test]
fn a_base_url_the_parser_would_change_is_refused() {
    let document = pets();
    let operation = document.operations.first().expect("one operation");
    let submitted = values(&[("path", "id", &["1"])]);
    assert_eq!(
        build(&document, operation, "https://api.example.com/a/../b", &submitted).map(|built| built.url),
        Err(vec![problem("url", "", "the request URL could not be built")])
    );
    assert_eq!(
        build(&document, operation, "not a url", &submitted).map(|built| built.url),
        Err(vec![problem("url", "", "the request URL could not be built")])
    );
}

proptest::proptest! {
    #[test]
    fn any_value_in_any_style_stays_one_segment(value in "\\PC{0,40}", style in 0usize..3) {
        let style = ["simple", "label", "matrix"][style];
        let document = styled(style, false, json!({"type": "string"}));
        if let Ok(built) = url(&document, &values(&[("path", "id", &[value.as_str()])])) {
            let parsed = url::Url::parse(&built).expect("a URL");
            let segments: Vec<&str> = parsed.path_segments().expect("segments").collect();
            proptest::prop_assert_eq!(segments.len(), 4);
            proptest::prop_assert_eq!(segments.first().copied(), Some("v1"));
            proptest::prop_assert_eq!(segments.get(1).copied(), Some("pets"));
            proptest::prop_assert_eq!(segments.get(3).copied(), Some("x"));
            proptest::prop_assert_eq!(parsed.host_str(), Some("api.example.com"));
            proptest::prop_assert_eq!(parsed.query(), None);
        }
    }
}
