//! Documents that cannot be used, or only partly: the portal still starts, and the catalogue
//! and the API's page say what is wrong, naming the file and the JSON pointer.

use super::spawn_with_apis;

#[tokio::test]
async fn broken_documents_are_named_with_file_and_pointer_and_the_rest_still_works() {
    let swagger =
        std::fs::read_to_string(super::fixtures().join("2.0/petstore-minimal.json")).expect("the fixture");
    let broken_ref = r##"{"openapi": "3.1.0", "info": {"title": "Refs", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}}}}"##;
    let (app, _content) = spawn_with_apis(&[
        ("legacy", &[("openapi.json", swagger.as_str())]),
        ("not-json", &[("openapi.json", "{\"openapi\": ")]),
        ("refs", &[("openapi.json", broken_ref)]),
        (
            "yaml",
            &[(
                "openapi.yaml",
                "openapi: 3.0.3\ninfo: {title: From YAML, version: '1'}\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses: {'204': {description: pong}}\n",
            )],
        ),
    ]).await;
    let page = app.get_page("/apis", 200).await;
    assert!(
        page.contains("Swagger 2.0 document"),
        "Swagger is refused with advice"
    );
    assert!(page.contains("not valid JSON"), "a parse error is named");
    assert!(
        page.contains("#/paths/~1a/get/responses/200/content/application~1json/schema"),
        "the broken reference's pointer is named"
    );
    assert!(page.contains("From YAML"), "a YAML document loads");
    let refs = app.get_page("/apis/refs", 200).await;
    assert!(refs.contains("Missing"), "the overview names the problem too");
    let ping = app.get_page("/apis/yaml/ping", 200).await;
    assert!(ping.contains("pong"));
}
