//! `--config FILE`: every flag can also come from a TOML file.
//!
//! The file's keys are the flags' long names (`max-connections` or `max_connections`), its
//! values strings, integers, booleans (for switches) or arrays (for flags that repeat). The
//! file is turned into the flags it stands for and parsed by the same clap definition, so
//! that every flag, present and future, is accepted with the same checks and messages.
//! Precedence, highest first: flags, environment variables, the file, the defaults.

use std::ffi::OsString;
use std::time::Duration;

use clap::{ArgAction, CommandFactory as _, FromArgMatches as _, parser::ValueSource};

use crate::Config;

pub(crate) fn load<I, T>(args: I) -> Result<Config, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let mut command = Config::command();
    let matches = command.try_get_matches_from_mut(&args)?;
    let Some(path) = matches.get_one::<std::path::PathBuf>("config") else {
        return Config::from_arg_matches(&matches);
    };
    let invalid =
        |message: String| Config::command().error(clap::error::ErrorKind::InvalidValue, message);
    let text = std::fs::read_to_string(path)
        .map_err(|error| invalid(format!("cannot read --config {}: {error}", path.display())))?;
    let table: toml::Table = text
        .parse()
        .map_err(|error| invalid(format!("--config {} is not TOML: {error}", path.display())))?;

    let mut from_file: Vec<OsString> = Vec::new();
    for (key, value) in &table {
        let id = key.replace('-', "_");
        let Some(arg) = command
            .get_arguments()
            .find(|arg| arg.get_id().as_str() == id && arg.get_long().is_some() && id != "config")
        else {
            let keys: Vec<String> = command
                .get_arguments()
                .filter_map(|arg| arg.get_long())
                .filter(|long| *long != "config" && *long != "help" && *long != "version")
                .map(str::to_owned)
                .collect();
            return Err(invalid(format!(
                "--config {}: unknown key `{key}` (the keys are the flags' long names: {})",
                path.display(),
                keys.join(", ")
            )));
        };
        // A flag or an environment variable given for this setting wins over the file.
        if matches!(
            matches.value_source(&id),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        ) {
            continue;
        }
        let long = arg.get_long().unwrap_or(key.as_str());
        let flag = format!("--{long}");
        let scalar = |value: &toml::Value| -> Result<String, clap::Error> {
            match value {
                toml::Value::String(text) => Ok(text.clone()),
                toml::Value::Integer(number) => Ok(number.to_string()),
                toml::Value::Float(number) => Ok(number.to_string()),
                toml::Value::Boolean(flag) => Ok(flag.to_string()),
                other => Err(invalid(format!(
                    "--config {}: `{key}` must be a string, a number or a boolean, not {}",
                    path.display(),
                    other.type_str()
                ))),
            }
        };
        match (arg.get_action(), value) {
            (ArgAction::SetTrue, toml::Value::Boolean(on)) => {
                if *on {
                    from_file.push(flag.into());
                }
            }
            (ArgAction::SetTrue, _) => {
                return Err(invalid(format!(
                    "--config {}: `{key}` is a switch: give true or false",
                    path.display()
                )));
            }
            (ArgAction::Append, toml::Value::Array(values)) => {
                for value in values {
                    from_file.push(format!("{flag}={}", scalar(value)?).into());
                }
            }
            (_, value) => from_file.push(format!("{flag}={}", scalar(value)?).into()),
        }
    }

    let mut merged = Vec::with_capacity(args.len() + from_file.len());
    merged.extend(args.first().cloned());
    merged.extend(from_file);
    merged.extend(args.into_iter().skip(1));
    command
        .try_get_matches_from_mut(merged)
        .and_then(|matches| Config::from_arg_matches(&matches))
}

/// Parses a duration: a number and a unit (`500ms`, `10s`, `5m`, `1h`), or plain seconds.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let amount: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration (e.g. `500ms`, `10s`, `5m`)"))?;
    let seconds = match unit.trim() {
        "ms" => amount / 1000.0,
        "" | "s" => amount,
        "m" | "min" => amount * 60.0,
        "h" => amount * 3600.0,
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{text}` (ms, s, m or h)"
            ));
        }
    };
    Duration::try_from_secs_f64(seconds).map_err(|error| format!("`{text}`: {error}"))
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        file
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1.5h"), Ok(Duration::from_secs(5400)));
        assert!(parse_duration("ten seconds").is_err());
        assert!(parse_duration("10 fortnights").is_err());
    }

    #[test]
    fn the_file_sets_what_flags_do_not() {
        let config = file(
            "addr = \"127.0.0.1:6000\"\nmax-connections = 7\nin_memory = true\n\
             grpc-web = true\ncors-allow-origin = [\"https://a.example\", \"https://b.example\"]\n\
             idle-timeout = \"90s\"\n",
        );
        let path = config.path().to_str().unwrap();
        let loaded = load(["lede-server", "--config", path, "--max-connections", "9"]).unwrap();
        assert_eq!(loaded.addr.port(), 6000);
        assert_eq!(loaded.max_connections, 9, "the flag overrides the file");
        assert!(loaded.in_memory);
        assert!(loaded.grpc_web);
        assert_eq!(
            loaded.cors_allow_origin,
            ["https://a.example", "https://b.example"]
        );
        assert_eq!(loaded.idle_timeout, Duration::from_secs(90));
    }

    #[test]
    fn bad_files_are_refused_with_the_key() {
        for (text, expected) in [
            ("max-connectionz = 3\n", "unknown key `max-connectionz`"),
            ("in-memory = \"yes\"\n", "is a switch"),
            ("addr = [1]\n", "must be a string"),
            ("max-connections = \"many\"\n", "many"),
            ("not toml at all", "is not TOML"),
        ] {
            let config = file(text);
            let error = load(["lede-server", "--config", config.path().to_str().unwrap()])
                .unwrap_err()
                .to_string();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
        let error = load(["lede-server", "--config", "/nonexistent/lede.toml"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("cannot read --config"), "{error}");
    }
}
