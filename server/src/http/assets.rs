//! Static files: the fingerprinted browser bundle under `/pkg/{fingerprint}/` (cached for a
//! year) and the public files at the site root (cached for an hour).
//!
//! The fingerprint is a hash of the bundle's contents, computed once at start-up, so a new
//! build gets new URLs and browsers never run a stale bundle.

use axum::Router;
use axum::extract::Request;
use axum::response::Response;
use http::{HeaderValue, header};
use sha2::{Digest, Sha256};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The browser assets found at start-up.
#[derive(Debug, Clone)]
pub struct Assets {
    site_dir: PathBuf,
    fingerprint: String,
    /// Whether the wasm bundle was found (pages still render without it, but do not hydrate).
    pub has_bundle: bool,
}

impl Assets {
    /// Looks at `site_dir/pkg` and fingerprints what is there.
    pub fn discover(site_dir: &Path) -> std::io::Result<Self> {
        let pkg = site_dir.join("pkg");
        let mut files = Vec::new();
        if pkg.is_dir() {
            collect_files(&pkg, &mut files)?;
        }
        files.sort();
        let mut hasher = Sha256::new();
        for file in &files {
            hasher.update(
                file.strip_prefix(&pkg)
                    .unwrap_or(file)
                    .to_string_lossy()
                    .as_bytes(),
            );
            hasher.update(std::fs::read(file)?);
        }
        let digest = hex::encode(hasher.finalize());
        Ok(Self {
            site_dir: site_dir.to_owned(),
            fingerprint: digest[..16].to_owned(),
            has_bundle: pkg.join("portal.wasm").is_file() && pkg.join("portal.js").is_file(),
        })
    }

    /// The bundle's URL path below the site root (`pkg/3f2a…`), for Leptos' options.
    pub fn pkg_path(&self) -> String {
        format!("pkg/{}", self.fingerprint)
    }

    /// Serves the bundle at `/pkg/{fingerprint}/…`, precompressed where the build made
    /// `.br`/`.gz` siblings, with immutable caching.
    pub fn bundle_router<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        let bundle = ServeDir::new(self.site_dir.join("pkg"))
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(false);
        Router::new().nest_service(
            &format!("/{}", self.pkg_path()),
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(bundle),
        )
    }

    /// Serves the public files at the site root as `router`'s fallback; paths that are not
    /// files go on to `not_found` (the portal's 404 page).
    pub fn with_public_files<S, F>(&self, router: Router<S>, not_found: F) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
        F: tower::Service<Request, Response = Response, Error = Infallible> + Clone + Send + Sync + 'static,
        F::Future: Send + 'static,
    {
        let files = ServeDir::new(&self.site_dir)
            .append_index_html_on_directories(false)
            .fallback(not_found);
        router.fallback_service(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ))
                .service(files),
        )
    }
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, files)?;
        } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_follows_the_bundle_contents() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pkg = dir.path().join("pkg");
        std::fs::create_dir_all(&pkg).expect("mkdir");
        std::fs::write(pkg.join("portal.css"), "a{}").expect("write");
        let first = Assets::discover(dir.path()).expect("discover");
        assert!(!first.has_bundle);
        assert_eq!(first.pkg_path().len(), "pkg/".len() + 16);

        std::fs::write(pkg.join("portal.css.br"), "compressed").expect("write");
        assert_eq!(
            Assets::discover(dir.path()).expect("discover").pkg_path(),
            first.pkg_path()
        );

        std::fs::write(pkg.join("portal.css"), "b{}").expect("write");
        assert_ne!(
            Assets::discover(dir.path()).expect("discover").pkg_path(),
            first.pkg_path()
        );
    }

    #[test]
    fn a_missing_site_folder_still_gives_a_fingerprint() {
        let assets = Assets::discover(Path::new("/no/such/site")).expect("discover");
        assert!(!assets.has_bundle);
    }
}
