//! Examples as the spec writes them: the page's JSON re-indented by two spaces, keys in
//! the page's order (serde_json's maps would sort them), strings byte for byte.

/// `text` (already checked to be one JSON value) printed with two-space indentation.
pub fn pretty(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                let end = string_end(text, at);
                out.push_str(&text[at..end]);
                while chars.peek().is_some_and(|(i, _)| *i < end) {
                    chars.next();
                }
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                let empty = text[at + 1..].trim_start().starts_with(close);
                out.push(c);
                if empty {
                    out.push(close);
                    while chars.peek().is_some_and(|(_, next)| *next != close) {
                        chars.next();
                    }
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out.push('\n');
    out
}

/// Every object key of `text`, in the order written (serde_json's maps sort them).
pub fn key_order(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find('"') {
        let start = at + offset;
        let end = string_end(text, start);
        if text[end..].trim_start().starts_with(':') {
            let key = serde_json::from_str::<String>(&text[start..end]).unwrap_or_default();
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        at = end;
    }
    keys
}

/// The byte after the string that starts with the quote at `start`.
fn string_end(text: &str, start: usize) -> usize {
    let mut escaped = false;
    for (i, c) in text[start + 1..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return start + 1 + i + 1,
            _ => {}
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::{key_order, pretty};

    #[test]
    fn keys_in_written_order() {
        assert_eq!(
            key_order(r#"{"b": {"z": "a:", "y": 1}, "a": [{"x": null}]}"#),
            ["b", "z", "y", "a", "x"]
        );
    }

    #[test]
    fn keeps_order_and_strings() {
        let text = "{\n\"b\": 1,\n\"a\":\"x, {y}: \\\"z\\\"\",\"c\": [ ],\"d\":{\"e\":null}}";
        assert_eq!(
            pretty(text),
            "{\n  \"b\": 1,\n  \"a\": \"x, {y}: \\\"z\\\"\",\n  \"c\": [],\n  \"d\": {\n    \"e\": null\n  }\n}\n"
        );
        let reparsed: serde_json::Value = serde_json::from_str(&pretty(text)).unwrap();
        assert_eq!(
            reparsed,
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
    }
}
