//! Times in words, as pages say them: `3 minutes`, `expires in 57 minutes`, `expired 2 days
//! ago`. Shared by the token inspector, the console's token panel and the request log.

/// How far apart two moments are, in words: `3 minutes`, `2 hours`, `5 days`.
pub fn span(seconds: i64) -> String {
    let seconds = seconds.unsigned_abs();
    let (count, unit) = match seconds {
        0..60 => (seconds, "second"),
        60..3600 => (seconds / 60, "minute"),
        3600..86_400 => (seconds / 3600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    format!("{count} {unit}{}", if count == 1 { "" } else { "s" })
}

/// `expires in 57 minutes` or `expired 3 minutes ago`, as of `now`.
pub fn expiry_in_words(expires_at: i64, now: i64) -> String {
    if expires_at > now {
        format!("expires in {}", span(expires_at - now))
    } else {
        format!("expired {} ago", span(now - expires_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_reads_as_words_both_ways() {
        assert_eq!(expiry_in_words(1_000 + 57 * 60, 1_000), "expires in 57 minutes");
        assert_eq!(expiry_in_words(1_000, 1_000 + 180), "expired 3 minutes ago");
        assert_eq!(expiry_in_words(1_000, 1_000), "expired 0 seconds ago");
        assert_eq!(expiry_in_words(1_001, 1_000), "expires in 1 second");
        assert_eq!(expiry_in_words(0, 2 * 86_400), "expired 2 days ago");
        assert_eq!(expiry_in_words(3600, 0), "expires in 1 hour");
    }
}
