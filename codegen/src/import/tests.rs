//! Malformed inputs give an error with their line and never panic; an OpenAPI document in
//! YAML reads like its JSON form; `$ref` cycles are refused with where they are.

use std::path::Path;

use proptest::prelude::*;

use super::{import_text, Options};

const ORDER_PAGE: &str = include_str!("../../../docs/pages/csss/order_package.txt");
const PAGES: [&str; 5] = [
    ORDER_PAGE,
    include_str!("../../../docs/pages/csss/pause_service.txt"),
    include_str!("../../../docs/pages/csss/open_package.txt"),
    include_str!("../../../docs/pages/csss/ahead_finish_device_order.txt"),
    include_str!("../../../docs/pages/esim_mall/pre_order_package.txt"),
];

fn error(text: &str) -> (usize, String) {
    let problem = import_text(Path::new("page.txt"), text, &Options::default()).unwrap_err();
    (problem.location.line, problem.message)
}

/// The page's first `lines` lines.
fn cut(text: &str, lines: usize) -> String {
    text.lines().take(lines).collect::<Vec<_>>().join("\n")
}

#[test]
fn an_empty_file_is_refused() {
    assert_eq!(error(""), (1, "the page is empty".to_string()));
    assert_eq!(error("\n  \n").0, 1);
}

#[test]
fn a_page_cut_in_a_field_table_names_its_last_line() {
    // Line 70 is `必需` of package_type, line 68 its name: both inside the body table.
    for lines in [68, 70] {
        let (line, message) = error(&cut(ORDER_PAGE, lines));
        assert_eq!(line, lines, "{message}");
        assert!(
            message.contains("ends inside the body field table that starts at line 43"),
            "{message}"
        );
    }
}

#[test]
fn a_page_cut_in_an_example_or_before_its_responses_is_refused() {
    let (line, message) = error(&cut(ORDER_PAGE, 110));
    assert_eq!(line, 110);
    assert!(
        message.contains("example that starts at line 102 is not closed"),
        "{message}"
    );
    let (line, message) = error(&cut(ORDER_PAGE, 150));
    assert_eq!(line, 150);
    assert!(
        message.contains("before its responses section"),
        "{message}"
    );
}

#[test]
fn a_page_with_no_path_is_refused_at_its_request_section() {
    let text = ORDER_PAGE.replacen("/package/orderPackage\n", "\n", 1);
    let (line, message) = error(&text);
    assert_eq!(line, 31, "{message}");
    assert!(message.starts_with("no method and path"), "{message}");
}

#[test]
fn binary_and_foreign_files_are_refused() {
    let (line, message) = error("title\n\u{0}\u{1}\u{2}binary\n");
    assert_eq!(line, 2);
    assert!(message.contains("control characters"), "{message}");
    assert!(error("<html><body>Hello</body></html>")
        .1
        .starts_with("no method and path"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("binary.txt");
    std::fs::write(&file, b"POST\n/x\n\xff\xfe").unwrap();
    let problem = super::import_file(&file, &Options::default()).unwrap_err();
    assert_eq!((problem.location.line, problem.location.column), (3, 1));
}

const CYCLE: &str = r##"{"openapi": "3.1.0", "paths": {"/a": {"post": {"operationId": "a",
  "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
  "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}}}"##;

#[test]
fn openapi_ref_cycles_are_refused_with_their_pointer() {
    let (_, message) = error(CYCLE);
    assert!(
        message.contains(
            "$ref cycle: /components/schemas/A → /components/schemas/B → /components/schemas/A"
        ),
        "{message}"
    );
    assert!(
        message.starts_with("at #/components/schemas/B"),
        "{message}"
    );
    // A schema that contains itself through a property: bounded, not followed forever.
    let nested = CYCLE.replace(
        r##""B": {"$ref": "#/components/schemas/A"}"##,
        r##""B": {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/B"}}}"##,
    );
    let (_, message) = error(&nested);
    assert!(message.contains("nest more than 32 deep"), "{message}");
}

#[test]
fn malformed_openapi_names_its_line() {
    let (line, message) = error("{\n\"openapi\": \"3.1.0\",\n\"paths\": {\n}}}");
    assert_eq!(line, 4, "{message}");
    let (_, message) = error(r#"{"swagger": "2.0", "paths": {}}"#);
    assert!(
        message.contains("not an OpenAPI 3.0 or 3.1 document"),
        "{message}"
    );
}

#[test]
fn openapi_in_yaml_reads_like_json() {
    let yaml = "openapi: 3.0.3\npaths:\n  /package/openPackage:\n    post:\n      operationId: openPackage\n      summary: To enable the order\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [order_id]\n              properties:\n                access_code: {type: string}\n                sign: {type: string}\n                order_id: {type: string}\n                device_type:\n                  type: string\n                  nullable: true\n                  enum: ['1', '2']\n";
    let drafts = import_text(Path::new("api.yaml"), yaml, &Options::default()).unwrap();
    let op = &drafts[0].operation;
    assert_eq!(
        (op.name.as_str(), op.family.as_str()),
        ("open_package", "csss")
    );
    let names: Vec<(&str, Option<bool>)> = op
        .request
        .iter()
        .map(|f| (f.name.as_str(), f.required))
        .collect();
    // The JSON reader keeps no key order: properties come in name order.
    assert_eq!(
        names,
        [("device_type", Some(false)), ("order_id", Some(true))]
    );
    assert!(op.request[0].nullable);
    let codes: Vec<&str> = op.request[0]
        .enum_values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(codes, ["1", "2"]);
}

#[test]
fn every_cut_of_every_page_is_a_draft_or_an_error_within_the_page() {
    for page in PAGES {
        let count = page.lines().count();
        for lines in 0..=count {
            match import_text(
                Path::new("page.txt"),
                &cut(page, lines),
                &Options::default(),
            ) {
                Ok(drafts) => assert_eq!(drafts.len(), 1),
                Err(problem) => assert!(
                    (1..=lines.max(1)).contains(&problem.location.line),
                    "{lines}: {problem}"
                ),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = import_text(Path::new("page.txt"), &text, &Options::default());
    }

    /// A page with lines dropped or swapped: a draft or an error, never a panic.
    #[test]
    fn shuffled_pages_never_panic(page in 0..PAGES.len(), drops in proptest::collection::vec(0usize..240, 0..12)) {
        let mut lines: Vec<&str> = PAGES[page].lines().collect();
        for drop in drops {
            if !lines.is_empty() {
                let at = drop % lines.len();
                let line = lines.remove(at);
                lines.insert((drop * 7) % (lines.len() + 1), line);
            }
        }
        let _ = import_text(Path::new("page.txt"), &lines.join("\n"), &Options::default());
    }

    #[test]
    fn arbitrary_json_never_panics(text in "\\{\"openapi\": \"3\\.1\\.0\", \"paths\": \\{\"/a\": \\{\"post\": [ -~]{0,200}\\}\\}\\}") {
        let _ = import_text(Path::new("api.json"), &text, &Options::default());
    }
}

#[test]
fn a_page_address_and_an_unknown_header_are_kept() {
    let text = ORDER_PAGE
        .replacen(
            "Cube UAT\n",
            "https://developer.linksfield.net/api-10944452\nCube UAT\n",
            1,
        )
        .replacen("Content-Type\n", "X-Trace\nstring\n可选\nContent-Type\n", 1);
    let drafts = import_text(Path::new("page.txt"), &text, &Options::default()).unwrap();
    let op = &drafts[0].operation;
    assert_eq!(
        op.sources,
        ["https://developer.linksfield.net/api-10944452"]
    );
    assert!(
        op.gaps.iter().any(|g| g.contains("`X-Trace` (line 39)")),
        "{:?}",
        op.gaps
    );
    assert_eq!(op.title.en.as_deref(), Some("Order data plan"));
}

/// A document whose `$ref`'d objects each use the next level `width` times, `levels` deep.
fn wide_refs(levels: usize, width: usize) -> String {
    let mut schemas = Vec::new();
    for level in 0..levels {
        let properties: Vec<String> = (0..width)
            .map(|i| match level + 1 < levels {
                true => format!(
                    r##""p{i}": {{"$ref": "#/components/schemas/L{}"}}"##,
                    level + 1
                ),
                false => format!(r#""p{i}": {{"type": "string"}}"#),
            })
            .collect();
        schemas.push(format!(
            r#""L{level}": {{"type": "object", "properties": {{{}}}}}"#,
            properties.join(", ")
        ));
    }
    format!(
        r##"{{"openapi": "3.1.0", "paths": {{"/a": {{"post": {{"operationId": "a",
  "requestBody": {{"content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/L0"}}}}}}}}}}}}}},
  "components": {{"schemas": {{{}}}}}}}"##,
        schemas.join(", ")
    )
}

#[test]
fn a_ref_used_many_times_is_refused_at_its_budget_not_expanded() {
    // 10^7 fields (7 levels × 10) and 2^16 (16 × 2): both over the budget, refused quickly.
    for (levels, width) in [(7, 10), (16, 2)] {
        let (_, message) = error(&wide_refs(levels, width));
        assert!(
            message.contains("more than 10000 schema nodes"),
            "{message}"
        );
        assert!(
            message.starts_with("at #/components/schemas/L"),
            "{message}"
        );
    }
    // Within the budget: drafted in full.
    let drafts = import_text(
        Path::new("api.json"),
        &wide_refs(3, 10),
        &Options::default(),
    );
    assert_eq!(drafts.unwrap()[0].operation.request.len(), 10);
}

#[test]
fn many_operations_sharing_one_wide_ref_are_refused_at_the_documents_budget() {
    // Three levels of 20: about 8,800 nodes per operation, under its own budget; 30
    // operations expand to over the document's 250,000.
    let level = |name: &str, next: Option<&str>| {
        let properties: Vec<String> = (0..20)
            .map(|i| match next {
                Some(next) => format!(r##""p{i}": {{"$ref": "#/components/schemas/{next}"}}"##),
                None => format!(r#""p{i}": {{"type": "string"}}"#),
            })
            .collect();
        format!(
            r#""{name}": {{"type": "object", "properties": {{{}}}}}"#,
            properties.join(", ")
        )
    };
    let schemas = [
        level("L0", Some("L1")),
        level("L1", Some("L2")),
        level("L2", None),
    ];
    let paths: Vec<String> = (0..30)
        .map(|i| format!(r##""/op{i}": {{"post": {{"operationId": "op{i}", "requestBody": {{"content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/L0"}}}}}}}}}}}}"##))
        .collect();
    let text = format!(
        r#"{{"openapi": "3.1.0", "paths": {{{}}}, "components": {{"schemas": {{{}}}}}}}"#,
        paths.join(", "),
        schemas.join(", ")
    );
    let (_, message) = error(&text);
    assert!(
        message.contains("the document's schemas expand"),
        "{message}"
    );
}

#[test]
fn ten_thousand_operations_import_in_linear_time() {
    let paths: Vec<String> = (0..10_000)
        .map(|i| format!(r#""/op{i}": {{"post": {{"operationId": "op{i}", "tags": ["t"]}}}}"#))
        .collect();
    let text = format!(
        r#"{{"openapi": "3.1.0", "paths": {{{}}}}}"#,
        paths.join(", ")
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("api.json");
    std::fs::write(&file, text).unwrap();
    let start = std::time::Instant::now();
    let drafts = super::import_files(&[file.clone(), file], &Options::default());
    // The second copy repeats the first operation: found without comparing every pair.
    let problem = drafts.unwrap_err();
    assert!(
        problem.message.contains("is also imported from"),
        "{problem}"
    );
    // Pairwise comparison took 72 s; linear takes well under a second in a debug build.
    let elapsed = start.elapsed();
    assert!(elapsed < std::time::Duration::from_secs(8), "{elapsed:?}");
}

#[test]
fn an_openapi_enum_over_the_cap_is_a_review_note() {
    let codes: Vec<String> = (0..5_000).map(|i| format!("\"{i}\"")).collect();
    let text = format!(
        r#"{{"openapi": "3.1.0", "paths": {{"/a": {{"post": {{"operationId": "a", "tags": ["t"],
  "requestBody": {{"content": {{"application/json": {{"schema": {{"type": "object",
  "properties": {{"s": {{"type": "string", "enum": [{}]}}}}}}}}}}}}}}}}}}}}"#,
        codes.join(", ")
    );
    let drafts = import_text(Path::new("api.json"), &text, &Options::default()).unwrap();
    let field = &drafts[0].operation.request[0];
    assert!(field.enum_values.is_empty());
    assert!(
        field
            .comments
            .iter()
            .any(|c| c.contains("more than 1000 enum values")),
        "{:?}",
        field.comments
    );
}

#[test]
fn a_second_method_and_path_before_the_request_is_refused_at_its_line() {
    // The inserted pair is line 30, after `POST` (28) and `/package/orderPackage` (29).
    let text = ORDER_PAGE.replacen(
        "/package/orderPackage\n",
        "/package/orderPackage\nGET\n/package/other\n",
        1,
    );
    let (line, message) = error(&text);
    assert_eq!(line, 30, "{message}");
    assert!(
        message.starts_with(
            "a second method and path (GET /package/other) after POST /package/orderPackage"
        ),
        "{message}"
    );
    let text = ORDER_PAGE.replacen(
        "/package/orderPackage\n",
        "/package/orderPackage\nDELETE /x\n",
        1,
    );
    assert_eq!(error(&text).0, 30);
}

/// The first draft of a one-operation document with `id` and `tag`.
fn named(id: &str, tag: &str) -> super::Draft {
    let text = format!(
        r#"{{"openapi": "3.1.0", "paths": {{"/package/orderPackage": {{"post":
  {{"operationId": {}, "tags": [{}]}}}}}}}}"#,
        serde_json::Value::from(id),
        serde_json::Value::from(tag)
    );
    let drafts = import_text(Path::new("api.json"), &text, &Options::default());
    drafts.unwrap().remove(0)
}

#[test]
fn an_operation_id_or_tag_that_is_no_name_falls_back_with_a_note() {
    for id in ["../..", "日本", "", "9lives"] {
        let draft = named(id, "Orders");
        let op = &draft.operation;
        assert_eq!(op.name, "order_package", "{id:?}");
        assert_eq!(
            draft.relative_path(),
            Path::new("orders/order_package.yaml")
        );
        assert!(
            op.comments
                .iter()
                .any(|c| c.starts_with("review: operationId")),
            "{:?}",
            op.comments
        );
    }
    for tag in ["", "../..", "日本"] {
        let draft = named("orderPackage", tag);
        assert_eq!(
            draft.relative_path(),
            Path::new("unknown/order_package.yaml"),
            "{tag:?}"
        );
        let comments = &draft.operation.comments;
        assert!(
            comments.iter().any(|c| c.contains("pass --family")),
            "{comments:?}"
        );
    }
    assert_eq!(
        named("orderPackage", "Order Plans").operation.family,
        "order_plans"
    );
}

#[test]
fn inputs_have_their_own_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    // Over the 2 MiB of a spec file, within an input's 32 MiB: read, then judged.
    let large = dir.path().join("large.txt");
    std::fs::write(&large, " ".repeat(3_000_000) + "\n").unwrap();
    let problem = super::import_file(&large, &Options::default()).unwrap_err();
    assert_eq!(problem.message, "the page is empty");
    // Over the limit: refused before reading (a sparse file takes no disk).
    let huge = dir.path().join("huge.json");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(super::MAX_INPUT_BYTES + 1).unwrap();
    let problem = super::import_file(&huge, &Options::default()).unwrap_err();
    assert_eq!(
        problem.message,
        "the file is over the limit of 33554432 bytes for a docs page or OpenAPI document"
    );
}

#[test]
fn completeness_carries_an_inferred_note() {
    let drafts = import_text(Path::new("page.txt"), ORDER_PAGE, &Options::default()).unwrap();
    let note = "# inferred: completeness full: the page has a field table for the request body and documents the response's\ncompleteness: full\n";
    assert!(drafts[0].yaml.contains(note), "{}", drafts[0].yaml);
    let pause = import_text(Path::new("page.txt"), PAGES[1], &Options::default()).unwrap();
    let note = "# inferred: completeness partial: the page has no field table for the request body\ncompleteness: partial\n";
    assert!(pause[0].yaml.contains(note), "{}", pause[0].yaml);
}

#[test]
fn a_field_listed_twice_is_noted_at_its_page_lines() {
    let block = "pay_type\nstring\n可选\n// mode of payment: 0- ipay88 ; 1- wechat pay ;2-alipay\n";
    let text = ORDER_PAGE.replacen(block, &block.repeat(2), 1);
    let drafts = import_text(Path::new("page.txt"), &text, &Options::default()).unwrap();
    let repeated: Vec<&String> = drafts[0]
        .operation
        .request
        .iter()
        .flat_map(|f| &f.comments)
        .filter(|c| c.contains("twice"))
        .collect();
    assert_eq!(
        repeated,
        ["review: the page lists pay_type twice at this level (lines 80 and 84); keep one"]
    );
}
