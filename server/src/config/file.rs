//! Reading `portal.toml`: scalar settings by key, the console's `[[environments]]`, and the
//! `[ciam]` table (read as `ciam.<key>` settings).

use super::ConfigError;
use super::environments::EnvironmentSettings;
use super::variables::VARIABLES;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The raw settings of `portal.toml`, by key.
#[derive(Debug, Default)]
pub struct FileSettings {
    pub path: PathBuf,
    pub values: BTreeMap<String, String>,
    /// `[[environments]]` tables.
    pub environments: Vec<EnvironmentSettings>,
}

pub fn read_file(path: &Path, required: bool) -> Result<FileSettings, ConfigError> {
    let origin = || path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if !required && error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(FileSettings::default());
        }
        Err(error) => {
            return Err(ConfigError::new(
                origin(),
                format!("cannot read the configuration file: {error}"),
            ));
        }
    };
    let table: toml::Table = toml::from_str(&text)
        .map_err(|error| ConfigError::new(origin(), format!("not valid TOML: {}", error.message())))?;
    let mut values = BTreeMap::new();
    let mut environments = Vec::new();
    for (key, value) in table {
        if key == "environments" {
            environments = value.try_into().map_err(|error: toml::de::Error| {
                ConfigError::new(format!("{}: environments", origin()), error.message().to_owned())
            })?;
            super::environments::validate(&environments)
                .map_err(|reason| ConfigError::new(format!("{}: environments", origin()), reason))?;
            continue;
        }
        if key == "ciam" {
            read_ciam_table(value, &origin(), &mut values)?;
            continue;
        }
        // `ciam.*` keys live in the `[ciam]` table only.
        if key.contains('.') || !VARIABLES.iter().any(|variable| variable.key == key) {
            let known: Vec<_> = VARIABLES
                .iter()
                .map(|variable| variable.key)
                .filter(|known| !known.contains('.'))
                .chain(["[ciam]"])
                .collect();
            return Err(ConfigError::new(
                origin(),
                format!("unknown key `{key}`; the known keys are {}", known.join(", ")),
            ));
        }
        let text = match value {
            toml::Value::String(text) => text,
            toml::Value::Integer(number) => number.to_string(),
            toml::Value::Boolean(flag) => flag.to_string(),
            toml::Value::Float(number) => number.to_string(),
            toml::Value::Array(items) if items.iter().all(toml::Value::is_str) => items
                .iter()
                .filter_map(toml::Value::as_str)
                .collect::<Vec<_>>()
                .join(","),
            _ => {
                return Err(ConfigError::new(
                    format!("{}: {key}", origin()),
                    "must be a single value",
                ));
            }
        };
        values.insert(key, text);
    }
    Ok(FileSettings {
        path: path.to_owned(),
        values,
        environments,
    })
}

/// The `[ciam]` table's string values, kept as `ciam.<key>` (the keys of the CIAM variables).
fn read_ciam_table(
    value: toml::Value,
    origin: &str,
    values: &mut BTreeMap<String, String>,
) -> Result<(), ConfigError> {
    let toml::Value::Table(table) = value else {
        return Err(ConfigError::new(
            format!("{origin}: ciam"),
            "must be a table: [ciam] with issuer, audience, client_id, client_secret",
        ));
    };
    for (key, value) in table {
        let full = format!("ciam.{key}");
        if !VARIABLES.iter().any(|variable| variable.key == full) {
            return Err(ConfigError::new(
                format!("{origin}: ciam"),
                format!("unknown key `{key}`; the known keys are issuer, audience, client_id, client_secret"),
            ));
        }
        let toml::Value::String(text) = value else {
            return Err(ConfigError::new(format!("{origin}: {full}"), "must be a string"));
        };
        values.insert(full, text);
    }
    Ok(())
}
