//! The Go snippet: a complete program with net/http (and mime/multipart for uploads),
//! placeholders read with `os.Getenv`.

use std::collections::BTreeSet;

use super::quote::{self, Piece};
use super::{BODY_FILE, Body, MultipartPart, SnippetAuth, SnippetRequest, TOKEN};

/// `text` as a Go string literal: raw if that spares escapes, else interpreted.
fn literal(text: &str) -> String {
    if text.contains(['"', '\\']) && !text.contains(['`', '\r']) && !text.contains(char::is_control) {
        format!("`{text}`")
    } else {
        format!("\"{}\"", quote::escape(text, false, quote::utf16_escape))
    }
}

/// The code written so far's imports.
struct Go {
    imports: BTreeSet<&'static str>,
}

impl Go {
    /// `pieces` as a Go string expression.
    fn string(&mut self, pieces: &[Piece]) -> String {
        if pieces.iter().any(|piece| matches!(piece, Piece::Var(_))) {
            self.imports.insert("os");
        }
        quote::concat(
            &quote::parts(pieces, |name| format!("os.Getenv(\"{name}\")")),
            literal,
        )
    }

    /// `value` (with placeholders) as a Go string expression.
    fn value(&mut self, value: &str) -> String {
        self.string(&quote::pieces(value))
    }
}

/// The `addFile` helper of multipart uploads.
const ADD_FILE: &str = r#"

// addFile adds the file at path to form as field.
func addFile(form *multipart.Writer, field, path, contentType string) {
	header := textproto.MIMEHeader{}
	header.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, field, path))
	header.Set("Content-Type", contentType)
	part, err := form.CreatePart(header)
	if err != nil {
		log.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := part.Write(data); err != nil {
		log.Fatal(err)
	}
}"#;

/// A Go program for `request`.
pub fn code(request: &SnippetRequest) -> String {
    let mut go = Go {
        imports: ["fmt", "io", "log", "net/http"].into(),
    };
    let mut setup = Vec::new();
    let mut headers = Vec::new();
    if let Some((user, password)) = request.basic() {
        let (user, password) = (go.string(&user), go.string(&password));
        headers.push(format!("req.SetBasicAuth({user}, {password})"));
    }
    if let SnippetAuth::Bearer = request.auth {
        let token = go.value(&format!("Bearer ${TOKEN}"));
        headers.push(format!("req.Header.Set(\"Authorization\", {token})"));
    }
    for (name, value) in &request.headers {
        let value = go.value(value);
        headers.push(format!("req.Header.Set({}, {value})", literal(name)));
    }
    let mut helper = "";
    let body = match request.body() {
        Body::None => "nil".to_owned(),
        Body::File(content_type) => {
            go.imports.insert("os");
            setup.push(format!(
                "body, err := os.Open(\"{BODY_FILE}\") // the request body shown above"
            ));
            setup.push("if err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tdefer body.Close()".into());
            headers.push(format!(
                "req.Header.Set(\"Content-Type\", {})",
                literal(content_type)
            ));
            "body".to_owned()
        }
        Body::Inline(content_type, text) => {
            go.imports.insert("strings");
            headers.push(format!(
                "req.Header.Set(\"Content-Type\", {})",
                literal(content_type)
            ));
            format!("strings.NewReader({})", go.value(text))
        }
        Body::Form(fields) => {
            go.imports.extend(["net/url", "strings"]);
            let mut names: Vec<&str> = Vec::new();
            for (name, _) in fields.iter() {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
            let mut entries = Vec::new();
            for name in names {
                let values: Vec<String> = fields
                    .iter()
                    .filter(|(field, _)| field == name)
                    .map(|(_, value)| go.value(value))
                    .collect();
                entries.push(format!("\t\t{}: {{{}}},", literal(name), values.join(", ")));
            }
            setup.push(format!("form := url.Values{{\n{}\n\t}}", entries.join("\n")));
            headers.push("req.Header.Set(\"Content-Type\", \"application/x-www-form-urlencoded\")".into());
            "strings.NewReader(form.Encode())".to_owned()
        }
        Body::Multipart(parts) => {
            go.imports.extend(["bytes", "mime/multipart"]);
            setup.push("var body bytes.Buffer\n\tform := multipart.NewWriter(&body)".into());
            for part in parts {
                match part {
                    MultipartPart::Text { name, value } => {
                        let value = go.value(value);
                        setup.push(format!("form.WriteField({}, {value})", literal(name)));
                    }
                    MultipartPart::File {
                        name,
                        file_name,
                        content_type,
                    } => {
                        go.imports.extend(["net/textproto", "os"]);
                        helper = ADD_FILE;
                        let kind = content_type.as_deref().unwrap_or("application/octet-stream");
                        let (name, file, kind) = (literal(name), literal(file_name), literal(kind));
                        setup.push(format!("addFile(form, {name}, {file}, {kind})"));
                    }
                }
            }
            setup.push("form.Close()".into());
            headers.push("req.Header.Set(\"Content-Type\", form.FormDataContentType())".into());
            "&body".to_owned()
        }
    };
    let method = literal(&request.method());
    let url = go.value(&request.url);
    let mut lines = setup;
    lines.push(format!(
        "req, err := http.NewRequest({method}, {url}, {body})\n\tif err != nil {{\n\t\tlog.Fatal(err)\n\t}}"
    ));
    lines.extend(headers);
    lines.push(
        "resp, err := http.DefaultClient.Do(req)\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tdefer resp.Body.Close()"
            .into(),
    );
    lines.push("out, err := io.ReadAll(resp.Body)\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}".into());
    lines.push("fmt.Println(resp.Status, string(out))".into());
    let imports: Vec<String> = go
        .imports
        .iter()
        .map(|import| format!("\t\"{import}\""))
        .collect();
    format!(
        "package main\n\nimport (\n{}\n)\n\nfunc main() {{\n\t{}\n}}{helper}",
        imports.join("\n"),
        lines.join("\n\t")
    )
}
