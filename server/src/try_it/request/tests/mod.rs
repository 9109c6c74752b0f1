//! Unit tests of request building: small documents, exact URLs, headers, bodies and problems.

mod body;
mod headers;
mod path;
mod query;

use super::*;
use crate::catalogue::SpecVersion;
use serde_json::{Value, json};

const BASE: &str = "https://api.example.com/v1";

/// A 3.1 document with one operation, `method` on `path`.
fn document(path: &str, method: &str, operation: Value) -> ApiDocument {
    ApiDocument::new(
        json!({
            "openapi": "3.1.0",
            "info": {"title": "Test", "version": "1"},
            "paths": {path: {method: operation}},
        }),
        SpecVersion::V31,
    )
}

/// A GET operation on `path` with these parameters.
fn with_parameters(path: &str, parameters: Value) -> ApiDocument {
    document(path, "get", json!({"parameters": parameters}))
}

/// Submitted parameter values.
fn values(parameters: &[(&str, &str, &[&str])]) -> Submitted {
    Submitted {
        parameters: parameters
            .iter()
            .map(|(location, name, values)| {
                (
                    (*location).to_owned(),
                    (*name).to_owned(),
                    values.iter().map(|value| (*value).to_owned()).collect(),
                )
            })
            .collect(),
        ..Submitted::default()
    }
}

/// Builds the document's only operation.
fn run(document: &ApiDocument, submitted: &Submitted) -> Result<Built, Vec<FieldProblem>> {
    let operation = document.operations.first().expect("one operation");
    build(document, operation, BASE, submitted)
}

/// The URL built, or the problems.
fn url(document: &ApiDocument, submitted: &Submitted) -> Result<String, Vec<FieldProblem>> {
    run(document, submitted).map(|built| built.url)
}

fn problem(field: &str, pointer: &str, message: &str) -> FieldProblem {
    FieldProblem {
        field: field.to_owned(),
        pointer: pointer.to_owned(),
        message: message.to_owned(),
    }
}

#[test]
fn field_names_follow_the_form() {
    assert_eq!(parameter_field("query", "limit"), "param.query.limit");
    assert_eq!(body_field("name"), "field.name");
}

#[test]
fn append_query_adds_an_encoded_pair() {
    assert_eq!(
        append_query("https://a.example/x", "api key", "a&b=c"),
        "https://a.example/x?api+key=a%26b%3Dc"
    );
    assert_eq!(
        append_query("https://a.example/x?y=1", "k", "v"),
        "https://a.example/x?y=1&k=v"
    );
    assert_eq!(
        append_query("https://a.example/x?", "k", "v"),
        "https://a.example/x?k=v"
    );
    assert_eq!(
        append_query("https://a.example/x#top", "k", "é"),
        "https://a.example/x?k=%C3%A9#top"
    );
}
