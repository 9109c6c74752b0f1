//! `Limit`: at most N requests per window, written the way people say it (`120/min`).

use std::fmt;
use std::str::FromStr;

/// At most `max` requests per `per_secs` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Requests allowed in a window.
    pub max: u32,
    /// The window, in seconds.
    pub per_secs: u32,
}

impl FromStr for Limit {
    type Err = String;

    /// Parses `120/min`, `5/s`, `1000/hour` or `10/30s`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a rate limit; write it like 120/min, 5/s or 1000/hour");
        let (max, per) = text.trim().split_once('/').ok_or_else(bad)?;
        let max: u32 = max.trim().parse().map_err(|_| bad())?;
        let per = per.trim();
        let (count, unit) = per.split_at(per.find(|c: char| !c.is_ascii_digit()).unwrap_or(per.len()));
        let count: u32 = if count.is_empty() {
            1
        } else {
            count.parse().map_err(|_| bad())?
        };
        let unit_secs = match unit {
            "s" | "sec" | "second" => 1,
            "m" | "min" | "minute" => 60,
            "h" | "hour" => 3600,
            "d" | "day" => 86_400,
            _ => return Err(bad()),
        };
        if max == 0 || count == 0 {
            return Err(bad());
        }
        let per_secs = count.checked_mul(unit_secs).ok_or_else(bad)?;
        Ok(Self { max, per_secs })
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}s", self.max, self.per_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_in_readable_units() {
        assert_eq!(
            "120/min".parse(),
            Ok(Limit {
                max: 120,
                per_secs: 60
            })
        );
        assert_eq!("5/s".parse(), Ok(Limit { max: 5, per_secs: 1 }));
        assert_eq!(
            "10/30s".parse(),
            Ok(Limit {
                max: 10,
                per_secs: 30
            })
        );
        assert_eq!(
            "1000/hour".parse(),
            Ok(Limit {
                max: 1000,
                per_secs: 3600
            })
        );
        assert_eq!(
            "10/15min".parse(),
            Ok(Limit {
                max: 10,
                per_secs: 900
            })
        );
        for bad in [
            "",
            "10",
            "x/min",
            "0/min",
            "10/fortnight",
            "10/0s",
            "1/99999999day",
        ] {
            assert!(bad.parse::<Limit>().is_err(), "{bad}");
        }
    }
}
