//! Reading durations (`10s`, `500ms`, `7d`) and sizes (`50MiB`, `1GB`, `4096`) as people write
//! them in configuration.

use std::time::Duration;

/// Parses `500ms`, `10s`, `15min`, `12h` or `7d`.
pub fn duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("`{text}` is not a duration; write it like 10s, 500ms, 15min, 12h or 7d");
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| bad())?;
    let millis = match unit.trim() {
        "ms" => 1,
        "s" | "sec" => 1_000,
        "m" | "min" => 60_000,
        "h" | "hour" => 3_600_000,
        "d" | "day" => 86_400_000,
        _ => return Err(bad()),
    };
    let millis = number.checked_mul(millis).filter(|&ms| ms > 0).ok_or_else(bad)?;
    Ok(Duration::from_millis(millis))
}

/// [`duration`], or zero (`0`, `0s`, `0ms`) for "not at all".
pub fn duration_or_zero(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let zero = !number.is_empty() && number.bytes().all(|digit| digit == b'0');
    if zero && (unit.is_empty() || duration(&format!("1{unit}")).is_ok()) {
        return Ok(Duration::ZERO);
    }
    duration(text)
}

/// Parses a positive whole number.
pub fn count(value: &str) -> Result<usize, String> {
    value
        .parse::<usize>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{value}` is not a positive whole number"))
}

/// Parses `4096`, `64KiB`, `50MiB`, `2GiB` (or `KB`/`MB`/`GB`, taken as powers of 1024 too).
pub fn bytes(text: &str) -> Result<u64, String> {
    let bad = || format!("`{text}` is not a size; write it like 50MiB, 512KiB or 1GiB");
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| bad())?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(bad()),
    };
    number.checked_mul(scale).filter(|&size| size > 0).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_readable_units() {
        assert_eq!(duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(duration("7d"), Ok(Duration::from_secs(7 * 86_400)));
        assert_eq!(duration("15min"), Ok(Duration::from_secs(900)));
        for bad in [
            "",
            "10",
            "s",
            "0s",
            "10 fortnights",
            "-1s",
            "99999999999999999999d",
        ] {
            assert!(duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_grace_may_be_zero_but_not_nonsense() {
        for zero in ["0", "0s", "00ms", " 0min "] {
            assert_eq!(duration_or_zero(zero), Ok(Duration::ZERO), "{zero}");
        }
        assert_eq!(duration_or_zero("2s"), Ok(Duration::from_secs(2)));
        for bad in ["", "0 fortnights", "s", "-1s"] {
            assert!(duration_or_zero(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sizes_read_in_binary_units() {
        assert_eq!(bytes("4096"), Ok(4096));
        assert_eq!(bytes("50MiB"), Ok(50 << 20));
        assert_eq!(bytes("1gb"), Ok(1 << 30));
        for bad in ["", "MiB", "0", "10 tons", "-5KiB"] {
            assert!(bytes(bad).is_err(), "{bad}");
        }
    }
}
