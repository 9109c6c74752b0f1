//! Query parameters: styles, encoding, required and typed values.

use super::*;

fn strings() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

fn search() -> ApiDocument {
    with_parameters(
        "/search",
        json!([
            {"in": "query", "name": "tags", "schema": strings()},
            {"in": "query", "name": "ids", "explode": false, "schema": {"type": "array", "items": {"type": "integer"}}},
            {"in": "query", "name": "words", "style": "spaceDelimited", "explode": false, "schema": strings()},
            {"in": "query", "name": "pipes", "style": "pipeDelimited", "explode": false, "schema": strings()},
            {"in": "query", "name": "filter", "style": "deepObject", "explode": true, "schema": {"type": "object"}},
            {"in": "query", "name": "point", "schema": {"type": "object"}},
            {"in": "query", "name": "pair", "explode": false, "schema": {"type": "object"}},
            {"in": "query", "name": "raw", "allowReserved": true, "schema": {"type": "string"}},
            {"in": "query", "name": "q", "schema": {"type": "string"}},
            {"in": "query", "name": "unused", "schema": {"type": "string"}},
        ]),
    )
}

#[test]
fn every_style_serialises_as_the_specification_says() {
    let submitted = values(&[
        ("query", "tags", &["a", "b c"]),
        ("query", "ids", &["1", "2"]),
        ("query", "words", &["x", "y z"]),
        ("query", "pipes", &["1", "2"]),
        ("query", "filter", &[r#"{"color": "red", "size": "L&XL"}"#]),
        ("query", "point", &[r#"{"x": 1, "y": 2}"#]),
        ("query", "pair", &[r#"{"k": "v"}"#]),
        ("query", "raw", &["a/b?c:d,e#f&g h"]),
        ("query", "q", &["a/b?c:d,e#f&g h"]),
        ("query", "unused", &[""]),
    ]);
    assert_eq!(
        url(&search(), &submitted),
        Ok(format!(
            "{BASE}/search?tags=a&tags=b+c&ids=1,2&words=x%20y+z&pipes=1|2\
             &filter[color]=red&filter[size]=L%26XL&x=1&y=2&pair=k,v\
             &raw=a/b?c:d,e%23f%26g%20h&q=a%2Fb%3Fc%3Ad%2Ce%23f%26g+h"
        ))
    );
}

#[test]
fn optional_parameters_not_given_are_left_out() {
    assert_eq!(
        url(&search(), &Submitted::default()),
        Ok(format!("{BASE}/search"))
    );
}

fn paged() -> ApiDocument {
    with_parameters(
        "/pets",
        json!([
            {"in": "query", "name": "limit", "required": true, "schema": {"type": "integer", "maximum": 100}},
            {"in": "query", "name": "flag", "schema": {"type": "boolean"}},
            {"in": "query", "name": "colour", "schema": {"type": "string", "enum": ["red", "green"]}},
            {"in": "query", "name": "sizes", "schema": {"type": "array", "items": {"type": "integer"}}},
            {"in": "query", "name": "empty", "required": true, "allowEmptyValue": true, "schema": {"type": "string"}},
        ]),
    )
}

#[test]
fn values_are_typed_by_their_schema() {
    let submitted = values(&[
        ("query", "limit", &["10"]),
        ("query", "flag", &["on"]),
        ("query", "colour", &["green"]),
        ("query", "sizes", &["1", "2"]),
        ("query", "empty", &[""]),
    ]);
    assert_eq!(
        url(&paged(), &submitted),
        Ok(format!(
            "{BASE}/pets?limit=10&flag=true&colour=green&sizes=1&sizes=2&empty="
        ))
    );
}

#[test]
fn missing_and_mismatched_values_are_problems_on_their_fields() {
    assert_eq!(
        url(&paged(), &Submitted::default()),
        Err(vec![
            problem("param.query.limit", "", "is required"),
            problem("param.query.empty", "", "is required"),
        ])
    );
    let submitted = values(&[
        ("query", "limit", &["abc"]),
        ("query", "flag", &["yes"]),
        ("query", "colour", &["purple"]),
        ("query", "sizes", &["1", "x"]),
        ("query", "empty", &["e"]),
    ]);
    let expected = vec![
        problem("param.query.limit", "", "must be an integer"),
        problem("param.query.flag", "", "must be true or false"),
        problem("param.query.colour", "", "must be one of \"red\", \"green\""),
        problem("param.query.sizes", "/1", "must be an integer"),
    ];
    assert_eq!(url(&paged(), &submitted), Err(expected.clone()));
    let mut anyway = submitted.clone();
    anyway.send_anyway = true;
    let built = run(&paged(), &anyway).expect("sent anyway");
    assert_eq!(
        built.url,
        format!("{BASE}/pets?limit=abc&flag=yes&colour=purple&sizes=1&sizes=x&empty=e")
    );
    assert_eq!(built.overridden, expected);
}

#[test]
fn a_value_above_the_maximum_points_at_the_field() {
    let submitted = values(&[("query", "limit", &["500"]), ("query", "empty", &["x"])]);
    assert_eq!(
        url(&paged(), &submitted),
        Err(vec![problem("param.query.limit", "", "must be at most 100")])
    );
}
