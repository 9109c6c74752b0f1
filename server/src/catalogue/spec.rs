//! Which OpenAPI a document is written in: 3.0's `nullable` and boolean `exclusiveMinimum`
//! against 3.1's type arrays and numeric bounds. Swagger 2.0 and anything else is refused with
//! a message that says what to do.

/// The OpenAPI version of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    /// OpenAPI 3.0.x (a JSON Schema draft-4/5 dialect with `nullable`).
    V30,
    /// OpenAPI 3.1.x (JSON Schema 2020-12).
    V31,
}

impl SpecVersion {
    /// The version `root` declares, or why the portal cannot show it.
    pub fn of(root: &serde_json::Value) -> Result<Self, String> {
        if let Some(swagger) = root.get("swagger") {
            return Err(format!(
                "this is a Swagger {} document; the catalogue reads OpenAPI 3.0 and 3.1: convert it first \
                 (for example with swagger2openapi, or by importing it into an editor that exports 3.x)",
                swagger.as_str().unwrap_or("2.0")
            ));
        }
        match root.get("openapi").and_then(serde_json::Value::as_str) {
            Some(version) if version.starts_with("3.0.") || version == "3.0" => Ok(Self::V30),
            Some(version) if version.starts_with("3.1.") || version == "3.1" => Ok(Self::V31),
            Some(version) => Err(format!(
                "OpenAPI {version} is not supported; the catalogue reads OpenAPI 3.0.x and 3.1.x"
            )),
            None => Err("the document has no `openapi` field (it should start with `openapi: 3.1.0`)".into()),
        }
    }

    /// `3.0` or `3.1`, for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::V30 => "3.0",
            Self::V31 => "3.1",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SpecVersion;
    use serde_json::json;

    #[test]
    fn versions_are_read_and_swagger_is_refused_with_advice() {
        assert_eq!(
            SpecVersion::of(&json!({"openapi": "3.0.3"})),
            Ok(SpecVersion::V30)
        );
        assert_eq!(
            SpecVersion::of(&json!({"openapi": "3.1.0"})),
            Ok(SpecVersion::V31)
        );
        let swagger = SpecVersion::of(&json!({"swagger": "2.0"})).unwrap_err();
        assert!(
            swagger.contains("Swagger 2.0") && swagger.contains("convert"),
            "{swagger}"
        );
        assert!(
            SpecVersion::of(&json!({"openapi": "4.0.0"}))
                .unwrap_err()
                .contains("4.0.0")
        );
        assert!(SpecVersion::of(&json!({})).unwrap_err().contains("no `openapi`"));
    }
}
