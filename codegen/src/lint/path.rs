//! Endpoint paths: what the client appends to the family's base URL, the mock routes and
//! the CLI names its subcommand after, so all three must read it the same way.

/// Why `path` is not `/`-separated, non-empty segments of RFC 3986 unreserved characters
/// (ALPHA DIGIT `-` `.` `_` `~`) without `.` or `..` segments or a trailing `/`, with the
/// byte offset of the offending character.
pub fn problem(path: &str) -> Option<(usize, String)> {
    let Some(rest) = path.strip_prefix('/') else {
        return Some((0, "path must start with `/`".to_string()));
    };
    let mut start = 1;
    for segment in rest.split('/') {
        if segment.is_empty() {
            let message = match start == path.len() {
                true if start > 1 => "path must not end with `/`",
                _ => "path has an empty segment (`//`, or nothing after `/`)",
            };
            return Some((start.min(path.len().saturating_sub(1)), message.to_string()));
        }
        if segment == "." || segment == ".." {
            let message = format!("path segment `{segment}` would leave the base URL's path");
            return Some((start, message));
        }
        if let Some((at, bad)) = segment.char_indices().find(|(_, c)| !is_unreserved(*c)) {
            let message = format!(
                "path holds {bad:?}: segments use only letters, digits, `-`, `.`, `_` and `~`"
            );
            return Some((start + at, message));
        }
        start += segment.len() + 1;
    }
    None
}

/// RFC 3986 §2.3: the characters a URL carries as they are.
fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_segments_only() {
        assert_eq!(problem("/package/orderPackage"), None);
        assert_eq!(problem("/a-b/c.d/e_f/g~1"), None);
        let offset = |path| problem(path).map(|(at, _)| at);
        assert_eq!(offset("package"), Some(0));
        assert_eq!(offset("/"), Some(0));
        assert_eq!(offset("/a/"), Some(2));
        assert_eq!(offset("/a//b"), Some(3));
        assert_eq!(offset("/../../admin/x"), Some(1));
        assert_eq!(offset("/a/./b"), Some(3));
        assert_eq!(offset("/a/b c"), Some(4));
        assert_eq!(offset("/a/{id}"), Some(3));
        assert_eq!(offset("/a?x=1"), Some(2));
        assert_eq!(offset("/a#top"), Some(2));
        assert_eq!(offset("/%2e%2e"), Some(1));
        assert_eq!(offset("/列表"), Some(1));
    }
}
