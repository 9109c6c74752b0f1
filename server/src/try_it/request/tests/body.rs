//! Request bodies: JSON, text, URL-encoded and multipart.

use super::*;

fn pets() -> ApiDocument {
    document(
        "/pets",
        "post",
        json!({"requestBody": {"required": true, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
            "text/plain": {},
        }}}),
    )
}

fn with_pet_schema(document: ApiDocument) -> ApiDocument {
    let mut root = document.root;
    root["components"] = json!({"schemas": {"Pet": {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
    }}});
    ApiDocument::new(root, SpecVersion::V31)
}

fn text(body: &str) -> Submitted {
    Submitted {
        body_text: Some(body.to_owned()),
        ..Submitted::default()
    }
}

#[test]
fn a_json_body_is_sent_as_written() {
    let document = with_pet_schema(pets());
    let built = run(&document, &text("{\"name\": \"Rex\"}")).expect("built");
    assert_eq!(built.method, http::Method::POST);
    assert_eq!(built.url, format!("{BASE}/pets"));
    assert_eq!(
        built.headers,
        vec![("content-type".to_owned(), "application/json".to_owned())]
    );
    assert_eq!(
        built.body,
        Some(BuiltBody {
            content_type: "application/json".to_owned(),
            bytes: b"{\"name\": \"Rex\"}".to_vec(),
            shown: "{\"name\": \"Rex\"}".to_owned(),
        })
    );
    assert_eq!(built.overridden, vec![]);
}

#[test]
fn invalid_json_says_where_and_can_be_sent_anyway() {
    let document = with_pet_schema(pets());
    let mut submitted = text("{\n  \"name\": 1,\n}");
    let expected = vec![problem(
        "body",
        "",
        "is not valid JSON: trailing comma at line 3 column 1",
    )];
    assert_eq!(run(&document, &submitted), Err(expected.clone()));
    submitted.send_anyway = true;
    let built = run(&document, &submitted).expect("sent anyway");
    assert_eq!(
        built.body.map(|body| body.bytes),
        Some(b"{\n  \"name\": 1,\n}".to_vec())
    );
    assert_eq!(built.overridden, expected);
}

#[test]
fn schema_problems_point_into_the_body_and_can_be_sent_anyway() {
    let document = with_pet_schema(pets());
    let mut submitted = text(r#"{"age": "old"}"#);
    let expected = vec![
        problem("body", "/name", "is required"),
        problem("body", "/age", "must be an integer"),
    ];
    assert_eq!(run(&document, &submitted), Err(expected.clone()));
    submitted.send_anyway = true;
    let built = run(&document, &submitted).expect("sent anyway");
    assert_eq!(
        built.body.map(|body| body.shown),
        Some(r#"{"age": "old"}"#.to_owned())
    );
    assert_eq!(built.overridden, expected);
}

#[test]
fn a_required_body_must_be_given_and_the_media_type_offered() {
    let document = with_pet_schema(pets());
    assert_eq!(
        run(&document, &text("  ")),
        Err(vec![problem("body", "", "is required")])
    );
    let mut submitted = text("a,b");
    submitted.media_type = Some("text/csv".to_owned());
    assert_eq!(
        run(&document, &submitted),
        Err(vec![problem(
            "media_type",
            "",
            "is not a media type this operation accepts"
        )])
    );
    submitted.media_type = Some("text/plain".to_owned());
    let built = run(&document, &submitted).expect("built");
    assert_eq!(
        built.body,
        Some(BuiltBody {
            content_type: "text/plain".to_owned(),
            bytes: b"a,b".to_vec(),
            shown: "a,b".to_owned(),
        })
    );
}

fn form(media_type: &str) -> ApiDocument {
    document(
        "/upload",
        "post",
        json!({"requestBody": {"content": {media_type: {"schema": {
            "type": "object",
            "required": ["photo"],
            "properties": {
                "name": {"type": "string"},
                "count": {"type": "integer"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "photo": {"type": "string", "format": "binary"},
            },
        }}}}}),
    )
}

fn fields(fields: &[(&str, &[&str])]) -> Submitted {
    Submitted {
        fields: fields
            .iter()
            .map(|(name, values)| {
                (
                    (*name).to_owned(),
                    values.iter().map(|value| (*value).to_owned()).collect(),
                )
            })
            .collect(),
        ..Submitted::default()
    }
}

#[test]
fn a_urlencoded_body_is_typed_checked_and_encoded() {
    let document = form("application/x-www-form-urlencoded");
    let mut submitted = fields(&[
        ("tags", &["x", "y&z"]),
        ("name", &["a b"]),
        ("count", &["3"]),
        ("photo", &["p"]),
    ]);
    let built = run(&document, &submitted).expect("built");
    let encoded = "name=a+b&count=3&tags=x&tags=y%26z&photo=p";
    assert_eq!(
        built.body,
        Some(BuiltBody {
            content_type: "application/x-www-form-urlencoded".to_owned(),
            bytes: encoded.as_bytes().to_vec(),
            shown: encoded.to_owned(),
        })
    );
    submitted.fields = vec![("count".to_owned(), vec!["many".to_owned()])];
    assert_eq!(
        run(&document, &submitted),
        Err(vec![
            problem("field.count", "/count", "must be an integer"),
            problem("field.photo", "/photo", "is required"),
        ])
    );
}

#[test]
fn a_multipart_body_carries_fields_and_files_intact() {
    let document = form("multipart/form-data");
    let mut submitted = fields(&[("name", &["Rex \"the\" dog"]), ("tags", &["a", "b"])]);
    let bytes = vec![0u8, 1, 2, 255, b'\r', b'\n', b'-', b'-'];
    submitted.files = vec![UploadedFile {
        property: "photo".to_owned(),
        file_name: Some("my \"pic\".png".to_owned()),
        content_type: Some("image/png".to_owned()),
        bytes: bytes.clone(),
    }];
    let body = run(&document, &submitted).expect("built").body.expect("a body");
    let boundary = body
        .content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a boundary")
        .to_owned();
    assert_eq!(boundary.len(), "portal-".len() + 32);
    let head =
        |name: &str| format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n");
    let file_head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"my %22pic%22.png\"\r\n\
         Content-Type: image/png\r\n\r\n"
    );
    let text_parts = format!(
        "{}Rex \"the\" dog\r\n{}a\r\n{}b\r\n{file_head}",
        head("name"),
        head("tags"),
        head("tags")
    );
    let mut expected = text_parts.as_bytes().to_vec();
    expected.extend_from_slice(&bytes);
    expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    assert_eq!(body.bytes, expected);
    assert_eq!(
        body.shown,
        format!("{text_parts}<my \"pic\".png, 8 bytes>\r\n--{boundary}--\r\n")
    );

    // A multipart parser reads back the same parts.
    let parsed = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
        .block_on(async {
            let stream = futures::stream::once(async { Ok::<_, std::io::Error>(body.bytes.clone()) });
            let mut multipart = multer::Multipart::new(stream, boundary.clone());
            let mut parts = Vec::new();
            while let Some(field) = multipart.next_field().await.expect("a part") {
                let name = field.name().map(str::to_owned);
                let file_name = field.file_name().map(str::to_owned);
                let content_type = field.content_type().map(ToString::to_string);
                let data = field.bytes().await.expect("its bytes").to_vec();
                parts.push((name, file_name, content_type, data));
            }
            parts
        });
    let text = |name: &str, value: &str| (Some(name.to_owned()), None, None, value.as_bytes().to_vec());
    assert_eq!(
        parsed,
        vec![
            text("name", "Rex \"the\" dog"),
            text("tags", "a"),
            text("tags", "b"),
            (
                Some("photo".to_owned()),
                Some("my %22pic%22.png".to_owned()),
                Some("image/png".to_owned()),
                bytes
            ),
        ]
    );
}

#[test]
fn a_required_file_must_be_given() {
    let document = form("multipart/form-data");
    assert_eq!(
        run(&document, &fields(&[("name", &["Rex"])])),
        Err(vec![problem("field.photo", "/photo", "is required")])
    );
}

proptest::proptest! {
    #[test]
    fn any_submission_builds_or_says_why_without_panicking(
        text in "\\PC{0,40}",
        number in "\\PC{0,8}",
        media in 0usize..4,
        anyway in proptest::bool::ANY,
    ) {
        let media_type = ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"];
        let document = document(
            "/any/{id}",
            "post",
            json!({
                "parameters": [
                    {"in": "path", "name": "id", "style": "matrix", "explode": true, "schema": {"type": "object"}},
                    {"in": "query", "name": "n", "style": "deepObject", "schema": {"type": "object"}},
                    {"in": "query", "name": "m", "schema": {"type": "array", "items": {"type": "number"}}},
                    {"in": "cookie", "name": "c", "schema": {"type": "object"}},
                ],
                "requestBody": {"content": {
                    "application/json": {"schema": {"type": "object"}},
                    "text/plain": {},
                    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"n": {"type": "number"}}}},
                    "multipart/form-data": {"schema": {"type": "object", "properties": {"f": {"type": "string", "format": "binary"}}}},
                }},
            }),
        );
        let mut submitted = values(&[
            ("path", "id", &[text.as_str()]),
            ("query", "n", &[text.as_str()]),
            ("query", "m", &[number.as_str(), text.as_str()]),
            ("cookie", "c", &[text.as_str()]),
        ]);
        submitted.media_type = media_type.get(media).map(|media| (*media).to_owned());
        submitted.body_text = Some(text.clone());
        submitted.fields = vec![("n".to_owned(), vec![number.clone()]), (text.clone(), vec![text.clone()])];
        submitted.files = vec![UploadedFile { property: "f".to_owned(), file_name: Some(text.clone()), content_type: Some(text.clone()), bytes: text.clone().into_bytes() }];
        submitted.send_anyway = anyway;
        match run(&document, &submitted) {
            Ok(built) => {
                proptest::prop_assert!(url::Url::parse(&built.url).is_ok());
                for (_, sent) in &built.headers {
                    proptest::prop_assert!(header_value_allowed(sent));
                }
            }
            Err(problems) => proptest::prop_assert!(!problems.is_empty()),
        }
    }
}
