//! A docs page saved as text (what a browser shows): split into its parts by the labels
//! Apifox prints, in Chinese or English. Nothing is interpreted here beyond finding the
//! parts; [`super::from_page`] turns them into an operation.

use super::table::{self, RawField};

/// One line of the page, trimmed, with its 1-based number.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub number: usize,
    pub text: &'a str,
}

/// A JSON example of the page with the line it starts on.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub line: usize,
}

/// The parts of one endpoint page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub title: String,
    pub title_line: usize,
    /// Tags shown under the title (`Deprecated`, `开发中`).
    pub tags: Vec<String>,
    pub method: String,
    pub path: String,
    pub path_line: usize,
    pub description: Vec<String>,
    pub headers: Vec<RawField>,
    /// The body field table, when the page has one.
    pub body: Option<Vec<RawField>>,
    pub body_line: usize,
    /// Query, path or cookie parameter sections, which the spec has no place for.
    pub other_params: Vec<(usize, String)>,
    pub request_example: Option<Example>,
    /// The request samples name the Mall's token header.
    pub sends_access_token: bool,
    pub status: Option<String>,
    pub response: Option<Vec<RawField>>,
    pub response_example: Option<Example>,
    pub modified: Option<String>,
    /// Addresses of the page itself (Apifox `/api-…` or `/doc-…` links), when shown.
    pub sources: Vec<String>,
}

/// A problem with the page at a line.
pub type PageError = (usize, String);

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];

/// Splits `text` into the parts of an endpoint page.
pub fn read(text: &str) -> Result<Page, PageError> {
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, text)| Line {
            number: i + 1,
            text: text.trim(),
        })
        .collect();
    if lines.iter().all(|l| l.text.is_empty()) {
        return Err((1, "the page is empty".into()));
    }
    if let Some(line) = lines.iter().find(|l| l.text.chars().any(is_binary)) {
        return Err((
            line.number,
            "the file holds control characters: not a page saved as text".into(),
        ));
    }
    let mut page = Page {
        sources: lines
            .iter()
            .map(|l| l.text)
            .filter(|t| is_page_address(t))
            .map(str::to_string)
            .collect(),
        ..Page::default()
    };
    let method_at = find_method(&lines, &mut page)?;
    read_heading(&lines[..method_at], &mut page);
    let after_path = lines
        .iter()
        .position(|l| l.number > page.path_line)
        .unwrap_or(lines.len());
    let rest = &lines[after_path..];
    let request_at = rest
        .iter()
        .position(|l| is_any(l.text, &["请求参数", "Request"]));
    let responses_at = rest
        .iter()
        .position(|l| is_any(l.text, &["返回响应", "Responses"]));
    let description_end = request_at.or(responses_at).unwrap_or(rest.len());
    page.description = rest[..description_end]
        .iter()
        .filter(|l| !l.text.is_empty())
        .map(|l| {
            l.text
                .strip_prefix("//")
                .unwrap_or(l.text)
                .trim()
                .to_string()
        })
        .collect();
    let Some(request_at) = request_at else {
        let last = lines.last().map_or(1, |l| l.number);
        return Err((last, "no request section (`请求参数` or `Request`) after the path: the page is cut or is not an endpoint page".into()));
    };
    let request_end = responses_at
        .filter(|&r| r > request_at)
        .unwrap_or(rest.len());
    read_request(&rest[request_at + 1..request_end], &mut page)?;
    let Some(responses_at) = responses_at.filter(|&r| r > request_at) else {
        let last = lines.last().map_or(1, |l| l.number);
        return Err((
            last,
            "the page ends before its responses section (`返回响应` or `Responses`): it was cut"
                .into(),
        ));
    };
    read_responses(&rest[responses_at + 1..], &mut page)?;
    Ok(page)
}

/// An Apifox page's address: `https://host/api-123` or `https://host/doc-123` (a server's
/// base URL has no such segment).
fn is_page_address(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("https://") else {
        return false;
    };
    let page_id = |segment: &str| {
        ["api-", "doc-"].iter().any(|prefix| {
            segment
                .strip_prefix(prefix)
                .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    !text.contains(char::is_whitespace) && rest.split('/').skip(1).any(page_id)
}

fn is_binary(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\r' | '\n')
}

fn is_any(text: &str, labels: &[&str]) -> bool {
    labels.contains(&text)
}

/// The method line followed by the path line (or both on one line); returns its index.
/// A second pair before the request section is refused: a page documents one operation,
/// and the second would otherwise land in the description unnoticed.
fn find_method(lines: &[Line], page: &mut Page) -> Result<usize, PageError> {
    let mut lone_method = None;
    for (i, line) in lines.iter().enumerate() {
        match method_and_path(lines, i) {
            Some((method, path, path_line)) => {
                refuse_second_pair(lines, path_line, (method, path))?;
                page.method = method.to_string();
                page.path = path.to_string();
                page.path_line = path_line;
                return Ok(i);
            }
            None if METHODS.contains(&first_word(line.text)) => {
                lone_method.get_or_insert(line.number);
            }
            None => {}
        }
    }
    let message = "no method and path (a line such as `POST` followed by a line `/package/orderPackage`): not an endpoint page, or the path was cut";
    let line = lines
        .iter()
        .find(|l| is_any(l.text, &["请求参数", "Request"]))
        .map(|l| l.number)
        .or(lone_method)
        .unwrap_or(1);
    Err((line, message.into()))
}

fn first_word(text: &str) -> &str {
    text.split_once(' ').map_or(text, |(word, _)| word)
}

/// The method of line `i` and the path on it or on the next non-blank line, with the
/// path's line number.
fn method_and_path<'a>(lines: &[Line<'a>], i: usize) -> Option<(&'a str, &'a str, usize)> {
    let line = lines.get(i)?;
    let (method, rest) = line.text.split_once(' ').unwrap_or((line.text, ""));
    if !METHODS.contains(&method) {
        return None;
    }
    let rest = rest.trim();
    let (path, path_line) = if rest.is_empty() {
        let next = lines.get(i + 1..)?.iter().find(|l| !l.text.is_empty())?;
        (next.text, next.number)
    } else {
        (rest, line.number)
    };
    (path.starts_with('/') && !path.contains(char::is_whitespace))
        .then_some((method, path, path_line))
}

/// An error at a method and path between `path_line` and the request section.
fn refuse_second_pair(
    lines: &[Line],
    path_line: usize,
    first: (&str, &str),
) -> Result<(), PageError> {
    let after = lines
        .iter()
        .position(|l| l.number > path_line)
        .unwrap_or(lines.len());
    for i in after..lines.len() {
        if is_any(lines[i].text, &["请求参数", "Request"]) {
            break;
        }
        if let Some((method, path, _)) = method_and_path(lines, i) {
            let message = format!(
                "a second method and path ({method} {path}) after {} {}: a page documents one operation; save each operation's page on its own",
                first.0, first.1
            );
            return Err((lines[i].number, message));
        }
    }
    Ok(())
}

/// The title, its tags and the servers, between the navigation and the method line.
fn read_heading(lines: &[Line], page: &mut Page) {
    let navigation_end = lines
        .iter()
        .rposition(|l| is_navigation(l.text))
        .map_or(0, |i| i + 1);
    let heading: Vec<&Line> = lines[navigation_end..]
        .iter()
        .filter(|l| !l.text.is_empty())
        .collect();
    let Some((title, rest)) = heading.split_first() else {
        return;
    };
    page.title = title.text.to_string();
    page.title_line = title.number;
    for (i, line) in rest.iter().enumerate() {
        let is_url = |l: &&Line| l.text.starts_with("http://") || l.text.starts_with("https://");
        let names_server = rest.get(i + 1).is_some_and(is_url)
            || rest
                .iter()
                .any(|other| other.text == line.text && other.number != line.number);
        if !is_url(line) && !names_server {
            page.tags.push(line.text.to_string());
        }
    }
}

/// A line of the navigation tree: a bullet, or a method under a bullet's title.
fn is_navigation(text: &str) -> bool {
    let numbered = text
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    text.starts_with("- ") || text.starts_with("• ") || numbered
}

fn section_of(text: &str) -> Option<&'static str> {
    let starts = |labels: &[&str]| labels.iter().any(|l| text.starts_with(l));
    if starts(&["Header 参数", "Header Params"]) {
        Some("header")
    } else if starts(&["Body 参数", "Body Params"]) {
        Some("body")
    } else if starts(&[
        "Query 参数",
        "Query Params",
        "Path 参数",
        "Path Params",
        "Cookie 参数",
        "Cookie Params",
    ]) {
        Some("other")
    } else if is_any(text, &["示例", "Example"]) {
        Some("example")
    } else if is_any(
        text,
        &[
            "示例代码",
            "请求示例代码",
            "Request Code Samples",
            "Request samples",
        ],
    ) {
        Some("samples")
    } else {
        None
    }
}

fn read_request(lines: &[Line], page: &mut Page) -> Result<(), PageError> {
    let mut sections: Vec<(usize, &'static str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| section_of(l.text).map(|s| (i, s)))
        .collect();
    sections.push((lines.len(), "end"));
    for pair in sections.windows(2) {
        let ((start, kind), (end, next)) = (pair[0], pair[1]);
        let body = &lines[start + 1..end];
        let at = lines[start].number;
        match kind {
            "header" => page.headers = table::read(body)?,
            "body" => {
                if next == "end" && body.iter().any(|l| !l.text.is_empty()) {
                    let message = format!("the page ends inside the body field table that starts at line {at} (no example or responses after it): it was cut");
                    return Err((lines.last().map_or(at, |l| l.number), message));
                }
                let fields = table::read(body)?;
                page.body_line = at;
                page.body = (!fields.is_empty()).then_some(fields);
            }
            "other" => page.other_params.push((at, lines[start].text.to_string())),
            "example" if page.request_example.is_none() => {
                page.request_example = example(body, at)?;
            }
            "samples" => {
                page.sends_access_token = body
                    .iter()
                    .any(|l| l.text.to_ascii_lowercase().contains("x-access-token"));
            }
            _ => {}
        }
    }
    Ok(())
}

fn read_responses(lines: &[Line], page: &mut Page) -> Result<(), PageError> {
    let end = lines
        .iter()
        .position(|l| is_any(l.text, &["上一页", "Previous", "下一页", "Next"]))
        .unwrap_or(lines.len());
    let lines = &lines[..end];
    for line in lines {
        if let Some(date) = modified(line.text) {
            page.modified = Some(date.to_string());
        }
    }
    let status_at = lines.iter().position(|l| status_code(l.text).is_some());
    let Some(status_at) = status_at else {
        let at = lines.first().map_or(1, |l| l.number);
        return Err((
            at,
            "the responses section shows no status (a line such as `🟢200Success`)".into(),
        ));
    };
    page.status = status_code(lines[status_at].text);
    let lines = &lines[status_at + 1..];
    let example_at = lines
        .iter()
        .position(|l| is_any(l.text, &["示例", "Example"]));
    let table_end = example_at.unwrap_or(lines.len());
    let table_start = lines[..table_end]
        .iter()
        .position(|l| l.text.starts_with("Body"))
        .map_or(0, |i| i + 1);
    let table = &lines[table_start..table_end];
    let table: Vec<Line> = table
        .iter()
        .copied()
        .take_while(|l| modified(l.text).is_none())
        .collect();
    let fields = table::read(&table)?;
    page.response = (!fields.is_empty()).then_some(fields);
    if let Some(at) = example_at {
        page.response_example = example(&lines[at + 1..], lines[at].number)?;
    }
    Ok(())
}

/// The date of a line like `修改于 2022-12-12 03:21:14` (pages put a no-break space
/// after the label).
fn modified(text: &str) -> Option<&str> {
    let date = ["修改于", "Modified at"]
        .iter()
        .find_map(|label| text.strip_prefix(label))?;
    let date = date.trim();
    date.starts_with(|c: char| c.is_ascii_digit())
        .then_some(date)
}

/// The status code of a line like `🟢200Success` or `200 OK`.
fn status_code(text: &str) -> Option<String> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let prefix = &text[..start];
    if prefix.chars().any(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (digits.len() == 3 && digits.starts_with(['1', '2', '3', '4', '5'])).then_some(digits)
}

/// The JSON value that starts on the first non-blank line of `lines`, checked to parse.
fn example(lines: &[Line], label_line: usize) -> Result<Option<Example>, PageError> {
    let Some(first) = lines.iter().position(|l| !l.text.is_empty()) else {
        return Ok(None);
    };
    if !lines[first].text.starts_with(['{', '[']) {
        return Ok(None);
    }
    let start = lines[first].number;
    let mut text = String::new();
    let mut depth = 0i64;
    let mut in_string = false;
    let mut escaped = false;
    for line in &lines[first..] {
        text.push_str(line.text);
        text.push('\n');
        for c in line.text.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '{' | '[' if !in_string => depth += 1,
                '}' | ']' if !in_string => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 {
            return match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(_) => Ok(Some(Example { text, line: start })),
                Err(error) => Err((
                    start + error.line().saturating_sub(1),
                    format!(
                        "the example under the label at line {label_line} is not JSON: {error}"
                    ),
                )),
            };
        }
    }
    let last = lines.last().map_or(start, |l| l.number);
    Err((
        last,
        format!("the example that starts at line {start} is not closed: the page was cut"),
    ))
}
