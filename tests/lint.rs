//! A broken spec fails with the file, line and column of each problem, and a failed
//! generation leaves the previous output untouched.

use std::fs;

use workspace_tests::SpecCopy;

const ORDER: &str = "endpoints/csss/order_package.yaml";

#[test]
fn the_committed_spec_is_clean() {
    assert_eq!(SpecCopy::new().lint(), Vec::<String>::new());
}

#[test]
fn unknown_key_is_reported_with_file_and_line() {
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "      format: iccid\n",
        "      format: iccid\n      max_len: 20\n",
    );
    let line = spec.line_of(ORDER, "max_len");
    let problems = spec.lint();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let expected = format!("{}:{line}:", spec.path(ORDER).display());
    assert!(problems[0].starts_with(&expected), "{problems:?}");
    assert!(
        problems[0].contains("unknown field `max_len`"),
        "{problems:?}"
    );
}

#[test]
fn bad_enums_are_reported_at_the_offending_value() {
    let spec = SpecCopy::new();
    // A wire code listed twice, and a variant name that is not snake_case.
    spec.edit(
        ORDER,
        "        - value: \"5\"\n          name: yearly",
        "        - value: \"4\"\n          name: Yearly",
    );
    let line = spec.line_of(ORDER, "name: Yearly");
    let problems = spec.lint();
    let file = spec.path(ORDER).display().to_string();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("{file}:{}:", line - 1))
                && p.contains("enum value `4` of `package_type` is listed twice")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("{file}:{line}:"))
                && p.contains("enum name `Yearly` must be a snake_case identifier")),
        "{problems:?}"
    );
}

#[test]
fn yaml_syntax_error_is_reported_with_file_and_line() {
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "path: /package/orderPackage",
        "path: [/package/orderPackage",
    );
    let problems = spec.lint();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let file = spec.path(ORDER).display().to_string();
    assert!(problems[0].starts_with(&format!("{file}:")), "{problems:?}");
    let line: usize = problems[0][file.len() + 1..]
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(line >= spec.line_of(ORDER, "path: ["), "{problems:?}");
}

#[test]
fn semantic_problems_are_all_reported_in_one_pass() {
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "path: /package/orderPackage",
        "path: package/orderPackage",
    );
    spec.edit(
        "endpoints/csss/open_package.yaml",
        "family: csss",
        "family: cube",
    );
    spec.edit(ORDER, "      required: false\n", "\n");
    let problems = spec.lint();
    let joined = problems.join("\n");
    // Exactly these three: the unknown family does not cascade into example errors.
    assert_eq!(problems.len(), 3, "{joined}");
    assert!(
        joined.contains("path must start with `/` (hint: write `/package/orderPackage`)"),
        "{joined}"
    );
    assert!(
        joined.contains("open_package.yaml:3:1: unknown family `cube`"),
        "{joined}"
    );
    assert!(
        joined.contains("request field `pay_type` needs `required: true` or `false`"),
        "{joined}"
    );
}

#[test]
fn runtime_fields_may_not_be_repeated_per_endpoint() {
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "    - name: device_id\n",
        "    - name: timestamp\n      type: string\n      required: true\n    - name: device_id\n",
    );
    let problems = spec.lint().join("\n");
    assert!(
        problems.contains("`timestamp` is filled by the runtime"),
        "{problems}"
    );
}

#[test]
fn failed_generation_leaves_the_previous_output_untouched() {
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "name: order_package",
        "name: order_package\nbogus: 1",
    );
    let out = spec.root().join("out.rs");
    fs::write(&out, "previous output").unwrap();
    let error = lfgen::generate_to_file(spec.root(), &out).unwrap_err();
    assert!(
        error.to_string().contains("unknown field `bogus`"),
        "{error}"
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), "previous output");
}

#[test]
fn example_that_breaks_a_format_is_reported() {
    let spec = SpecCopy::new();
    spec.edit(ORDER, "\"pay_amount\": \"0\"", "\"pay_amount\": \"0.001\"");
    let problems = spec.lint().join("\n");
    assert!(
        problems.contains("request example's `pay_amount` is \"0.001\", not a decimal amount with at most two decimal places"),
        "{problems}"
    );
}

#[test]
fn response_field_missing_from_every_example_is_reported_with_a_hint() {
    let spec = SpecCopy::new();
    let open = "endpoints/csss/open_package.yaml";
    spec.edit(
        open,
        "  fields:\n    - name: sign",
        "  fields:\n    - name: status\n      type: string\n    - name: sign",
    );
    let line = spec.line_of(open, "- name: status");
    let problems = spec.lint();
    let file = spec.path(open).display().to_string();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with(&format!("{file}:{line}:")),
        "{problems:?}"
    );
    assert!(
        problems[0].contains("response field `status` appears in no response example (hint: "),
        "{problems:?}"
    );
}

#[test]
fn duplicate_fields_and_endpoints_are_reported() {
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "    - name: package_name\n",
        "    - name: package_code\n",
    );
    let copy = std::fs::read_to_string(spec.path("endpoints/csss/open_package.yaml")).unwrap();
    std::fs::write(spec.path("endpoints/csss/open_package_copy.yaml"), copy).unwrap();
    let problems = spec.lint().join("\n");
    assert!(
        problems.contains("field `package_code` is declared twice"),
        "{problems}"
    );
    assert!(
        problems.contains("endpoint `open_package` is declared twice"),
        "{problems}"
    );
    assert!(
        problems.contains("POST /package/openPackage is declared twice"),
        "{problems}"
    );
}

#[test]
fn names_that_would_generate_broken_code_are_reported() {
    let spec = SpecCopy::new();
    let open = "endpoints/csss/open_package.yaml";
    // Two wire names that become the same Rust field, and a CLI flag clash.
    spec.edit(open, "  fields:\n    - name: order_id\n", "  fields:\n    - name: orderId\n      type: string\n      required: false\n    - name: help\n      type: string\n      required: false\n    - name: order_id\n");
    // An endpoint method that shadows the client's own, and a path whose last segment
    // repeats another endpoint's CLI subcommand.
    spec.edit(
        "endpoints/csss/pause_service.yaml",
        "name: pause_service",
        "name: execute",
    );
    spec.edit(
        "endpoints/csss/pause_service.yaml",
        "path: /device/pauseService",
        "path: /v2/package/openPackage",
    );
    // An enum field whose type would clash with an imported name, and variants that collide.
    spec.edit(
        ORDER,
        "    - name: pay_rst\n      type: string\n      required: true\n",
        "    - name: pay_rst\n      type: string\n      required: true\n      type_name: Format\n",
    );
    spec.edit(
        ORDER,
        "          name: wechat_pay",
        "          name: ipay_88",
    );
    spec.edit(
        "endpoints/csss/query_device.yaml",
        "name: query_device",
        "name: mock",
    );
    spec.edit(
        "families/csss.yaml",
        "message_field: message",
        "message_field: code",
    );
    spec.edit(
        "families/csss.yaml",
        "  - name: version\n",
        "  - name: ver-sion\n",
    );
    let problems = spec.lint().join("\n");
    for expected in [
        "endpoint name `mock` is the name of a generated section",
        "envelope field `code` is already the code.field",
        "common field name `ver-sion` is not a plain identifier",
        "fields `orderId` and `order_id` both become Rust field `order_id`",
        "CLI flag `--help` is already used by the CLI",
        "endpoint name `execute` would shadow the client's own method",
        "CLI subcommand `open-package` (from the path's last segment) is already used by endpoint `open_package`",
        "enum type `Format` is already used by the runtime",
        "enum name `ipay_88` becomes variant `Ipay88`, like `ipay88`",
    ] {
        assert!(problems.contains(expected), "missing {expected:?} in\n{problems}");
    }
}

#[test]
fn unsupported_methods_and_bad_replacements_are_reported() {
    let spec = SpecCopy::new();
    spec.edit(
        "endpoints/csss/open_package.yaml",
        "method: POST",
        "method: GET",
    );
    spec.edit(
        "endpoints/csss/pause_service.yaml",
        "deprecated: true",
        "deprecated: true\nreplaced_by: pause_service",
    );
    let problems = spec.lint().join("\n");
    assert!(
        problems.contains("GET endpoints are not supported yet"),
        "{problems}"
    );
    assert!(
        problems.contains("an endpoint cannot replace itself"),
        "{problems}"
    );
}

#[test]
fn an_endpoint_without_request_fields_generates_no_needless_mut() {
    let spec = SpecCopy::new();
    let open = "endpoints/csss/open_package.yaml";
    spec.edit(
        open,
        "  fields:\n    - name: order_id\n      type: string\n      required: true\n",
        "  fields: []\n",
    );
    spec.edit(open, "  \"order_id\": \"202107061625560742397\",\n", "");
    // Without its order id field the mock cannot move an order: drop its `mock:` block.
    let mock_block = fs::read_to_string(spec.path(open)).unwrap();
    let mock_block =
        &mock_block[mock_block.find("mock:\n").unwrap()..mock_block.find("examples:\n").unwrap()];
    spec.edit(open, mock_block, "");
    assert_eq!(spec.lint(), Vec::<String>::new());
    let generated = lfgen::generate_dir(spec.root()).unwrap();
    let section = generated.section("open_package").unwrap();
    assert!(
        section.contains("let fields = JsonFields::new"),
        "{section}"
    );
    assert!(generated
        .section("cli")
        .unwrap()
        .contains("let body = serde_json::Map::new();"));
}

#[test]
fn the_readme_shows_the_current_coverage_line() {
    let spec = lfgen::spec::load_dir(std::path::Path::new(workspace_tests::SPEC)).unwrap();
    let line = lfgen::coverage::coverage(&spec).unwrap().to_string();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    assert!(readme.contains(&line), "README.md should show `{line}`");
}

#[test]
fn nested_field_problems_are_reported_at_their_node() {
    const BATCH: &str = "endpoints/csss/batch_order_packages.yaml";
    const QUERY: &str = "endpoints/csss/query_order.yaml";
    let spec = SpecCopy::new();
    // An array without `items`, a nested field without its type's rules, a broken `ref:`.
    spec.edit(
        BATCH,
        "      items:\n        type: string\n        format: iccid\n",
        "",
    );
    spec.edit(
        BATCH,
        "          - name: device_id\n            type: string\n",
        "          - name: device_id\n            type: integer\n            format: iccid\n",
    );
    spec.edit(QUERY, "      ref: page\n", "      ref: paging\n");
    let problems = spec.lint();
    let at = |file: &str, needle: &str| {
        format!(
            "{}:{}:",
            spec.path(file).display(),
            spec.line_of(file, needle)
        )
    };
    let expect = [
        (at(BATCH, "type: array"), "`type: array` needs `items:`"),
        (
            at(BATCH, "format: iccid"),
            "`format` applies to string fields only",
        ),
        (
            at(QUERY, "ref: paging"),
            "`ref: paging` names no type in spec/types",
        ),
        (
            format!("{}:", spec.path("types/page.yaml").display()),
            "type `page` is referenced by no field",
        ),
    ];
    for (place, message) in expect {
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(&place) && p.contains(message)),
            "{place} {message}: {problems:#?}"
        );
    }
}

#[test]
fn request_examples_are_checked_inside_arrays() {
    const BATCH: &str = "endpoints/csss/batch_order_packages.yaml";
    let spec = SpecCopy::new();
    spec.edit(
        BATCH,
        "        \"89852022018041800193\"\n",
        "        \"not-an-iccid\"\n",
    );
    let problems = spec.lint();
    assert!(
        problems
            .iter()
            .any(|p| p
                .contains("request example's `deviceList[1]` is \"not-an-iccid\", not an ICCID")),
        "{problems:#?}"
    );
}

#[test]
fn shared_types_used_through_other_shared_types_count_as_used() {
    let spec = SpecCopy::new();
    std::fs::write(
        spec.path("types/cursor.yaml"),
        "name: cursor\nfields:\n  - name: next\n    type: string\n",
    )
    .unwrap();
    spec.edit(
        "types/page.yaml",
        "  - name: total_pages\n    type: integer\n",
        "  - name: total_pages\n    type: integer\n  - name: cursor\n    type: object\n    required: false\n    ref: cursor\n",
    );
    assert_eq!(spec.lint(), Vec::<String>::new());

    // Used by a request too, through the response's `page`, it would be on both sides.
    spec.edit(
        "endpoints/csss/query_order.yaml",
        "    - name: page_size\n      type: integer\n      required: true\n",
        "    - name: page_size\n      type: integer\n      required: true\n    - name: cursor\n      type: object\n      required: false\n      ref: cursor\n",
    );
    let problems = spec.lint();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("type `cursor` is used in both requests and responses")),
        "{problems:#?}"
    );
}

#[test]
fn notification_names_cannot_take_the_notify_modules_own() {
    let spec = SpecCopy::new();
    spec.edit(
        "notifications/sms_uplink_typed.yaml",
        "name: sms_uplink_typed",
        "name: unrecognized",
    );
    spec.edit(
        "catalog.yaml",
        "notification: sms_uplink_typed",
        "notification: unrecognized",
    );
    let problems = spec.lint();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("makes `Unrecognized`, already used by the notify module")),
        "{problems:#?}"
    );
}

/// The catalogue entries that take facts from the 2020 predecessor docs (#17).
const CMP_GATEWAY: &str =
    "        repository: links-field/cmp-gateway\n        commit: 9cf7cca4\n        date: 2020-07-20\n";

#[test]
fn facts_from_older_docs_carry_a_checked_source() {
    let spec = SpecCopy::new();
    spec.edit(
        "catalog.yaml",
        CMP_GATEWAY,
        "        repository: cmp-gateway\n        commit: 9cf7cca-\n        date: 20.07.2020\n",
    );
    spec.edit(
        "catalog.yaml",
        "path: /package/syncPackages",
        "path: package/syncPackages",
    );
    let problems = spec.lint().join("\n");
    for expected in [
        "`cmp-gateway` is not a GitHub `owner/name`",
        "`9cf7cca-` is not a commit hash",
        "`20.07.2020` is not a date (YYYY-MM-DD)",
        "`package/syncPackages` must start with `/`",
    ] {
        assert!(problems.contains(expected), "{expected}:\n{problems}");
    }
}

#[test]
fn a_probable_path_generates_nothing() {
    let spec = SpecCopy::new();
    // Naming an endpoint on a page whose only path is the 2020 one would present it as
    // the current page.
    spec.edit(
        "catalog.yaml",
        "    predecessor:\n",
        "    endpoint: order_package\n    predecessor:\n",
    );
    let problems = spec.lint().join("\n");
    assert!(
        problems
            .contains("the page's only path is probable (older docs); it cannot name an endpoint"),
        "{problems}"
    );
}

#[test]
fn an_older_sample_must_match_the_fields_it_lists() {
    let spec = SpecCopy::new();
    spec.edit(
        "catalog.yaml",
        "name: data.device_flow[].flow\n            type: number",
        "name: data.device_flow[].flow\n            type: string",
    );
    spec.edit(
        "catalog.yaml",
        "name: data.devide_flow_list_num",
        "name: data.device_flow_list_num",
    );
    let problems = spec.lint().join("\n");
    for expected in [
        "`data.device_flow[].flow` is a number in the sample, not string",
        "`data.device_flow_list_num` is not in the sample's response",
    ] {
        assert!(problems.contains(expected), "{expected}:\n{problems}");
    }
}

#[test]
fn the_coverage_line_names_the_probable_paths_and_their_date() {
    let spec = lfgen::spec::load_dir(std::path::Path::new(workspace_tests::SPEC)).unwrap();
    let line = lfgen::coverage::coverage(&spec).unwrap().to_string();
    assert!(
        line.ends_with(
            "; probable paths from 2020-07-20 docs: /device/queryBatchDevice, /package/syncPackages"
        ),
        "{line}"
    );
    // Without facts from older docs the line says nothing about them.
    let bare = SpecCopy::new();
    let catalog = std::fs::read_to_string(bare.path("catalog.yaml")).unwrap();
    let kept: Vec<&str> = catalog
        .lines()
        .scan(false, |inside, l| {
            if l.starts_with("    predecessor:") {
                *inside = true;
            } else if !l.starts_with("      ") {
                *inside = false;
            }
            Some((!*inside).then_some(l))
        })
        .flatten()
        .collect();
    fs::write(bare.path("catalog.yaml"), kept.join("\n") + "\n").unwrap();
    assert_eq!(bare.lint(), Vec::<String>::new());
    let spec = lfgen::spec::load_dir(bare.root()).unwrap();
    let line = lfgen::coverage::coverage(&spec).unwrap().to_string();
    assert!(!line.contains("probable"), "{line}");
}

#[test]
fn the_month_usage_sample_has_no_path_and_generates_nothing() {
    let spec = lfgen::spec::load_dir(std::path::Path::new(workspace_tests::SPEC)).unwrap();
    let pages = &spec.catalog.as_ref().unwrap().doc.pages;
    let month = pages
        .iter()
        .find(|p| p.title.en.as_deref() == Some("Batch querying the usage in a specified month"))
        .unwrap();
    let predecessor = month.predecessor.as_ref().unwrap();
    assert_eq!(month.path, None);
    assert_eq!(predecessor.path, None);
    assert_eq!(month.endpoint, None);
    assert_eq!(predecessor.source.date, "2020-07-20");
    let sample = predecessor.sample.as_ref().unwrap();
    assert!(sample
        .response_fields
        .iter()
        .any(|f| f.name == "data.devide_flow_list_num"));
}

#[test]
fn a_timestamp_validity_carries_its_source() {
    let spec = SpecCopy::new();
    spec.edit(
        "families/csss.yaml",
        "    seconds: 300\n",
        "    seconds: 0\n",
    );
    spec.edit(
        "families/csss.yaml",
        "      date: 2020-07-20\n",
        "      date: 2020-7-20\n",
    );
    let problems = spec.lint().join("\n");
    for expected in [
        "a timestamp validity must be at least one second",
        "`2020-7-20` is not a date (YYYY-MM-DD)",
    ] {
        assert!(problems.contains(expected), "{expected}:\n{problems}");
    }
}

#[test]
fn environments_are_snake_case_and_name_one_server_per_family() {
    let spec = SpecCopy::new();
    spec.edit(
        "families/csss.yaml",
        "    environment: uat\n",
        "    environment: Staging\n",
    );
    spec.edit(
        "families/esim_mall.yaml",
        "    default: true\n    environment: uat\n",
        "    default: true\n    environment: uat\n  - name: Copy\n    url: https://example.test\n    environment: uat\n",
    );
    let problems = spec.lint();
    let joined = problems.join("\n");
    for expected in [
        "families/csss.yaml:16:5: environment `Staging` must be a snake_case identifier",
        "families/esim_mall.yaml:18:5: two base URLs are environment `uat`",
    ] {
        assert!(
            problems.iter().any(|p| p.ends_with(expected)),
            "{expected}:\n{joined}"
        );
    }
}

/// Lints `spec` on another thread and fails the test if that takes longer than a few
/// seconds: the loader must end on any input.
fn lint_in_time(spec: &SpecCopy) -> Vec<String> {
    let root = spec.root().to_path_buf();
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let problems: Vec<String> = lfgen::lint_dir(&root)
            .0
            .iter()
            .map(ToString::to_string)
            .collect();
        let _ = done.send(problems);
    });
    result
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("lint did not end within 20 s")
}

#[cfg(unix)]
#[test]
fn symlinks_fifos_and_devices_are_refused_once_each() {
    use std::os::unix::fs::symlink;
    let spec = SpecCopy::new();
    // A device, a file outside the spec, a symlink inside it, two directory loops.
    symlink("/dev/null", spec.path("endpoints/csss/null.yaml")).unwrap();
    symlink("/etc/hostname", spec.path("families/outside.yaml")).unwrap();
    symlink("page.yaml", spec.path("types/page_again.yaml")).unwrap();
    symlink("..", spec.path("endpoints/csss/loop")).unwrap();
    symlink("../..", spec.path("endpoints/esim_mall/loop")).unwrap();
    let fifo = spec.path("notifications/fifo.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let problems = lint_in_time(&spec);
    let refused = [
        "endpoints/csss/null.yaml",
        "families/outside.yaml",
        "types/page_again.yaml",
        "endpoints/csss/loop",
        "endpoints/esim_mall/loop",
        "notifications/fifo.yaml",
    ];
    assert_eq!(problems.len(), refused.len(), "{problems:#?}");
    for path in refused {
        let place = format!("{}:", spec.path(path).display());
        assert!(
            problems.iter().any(|p| p.starts_with(&place)),
            "{path} not refused: {problems:#?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_spec_root_reached_through_a_symlink_loads() {
    let spec = SpecCopy::new();
    let links = tempfile::tempdir().unwrap();
    let root = links.path().join("spec");
    std::os::unix::fs::symlink(spec.root(), &root).unwrap();
    assert_eq!(lfgen::lint_dir(&root), lfgen::Diagnostics::default());
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let spec = SpecCopy::new();
    let huge = "# padding\n".repeat(lfgen::spec::MAX_FILE_BYTES as usize / 10 + 1);
    spec.write("types/huge.yaml", &huge);
    let problems = lint_in_time(&spec);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let place = format!("{}:1:1:", spec.path("types/huge.yaml").display());
    assert!(problems[0].starts_with(&place), "{problems:#?}");
    assert!(problems[0].contains("over the limit"), "{problems:#?}");
}

#[test]
fn files_and_folders_the_loader_does_not_know_are_reported() {
    let spec = SpecCopy::new();
    let endpoint = fs::read_to_string(spec.path(ORDER)).unwrap();
    // Each of these used to be skipped without a word.
    let stray = [
        ("stray.yaml", "families/"),
        ("endpoint/csss/order_package_2.yaml", "endpoints/"),
        ("endpoints/csss/NEW.YAML", ".yaml"),
        ("types/page2.yml", ".yaml"),
        ("families/csss.json", ".yaml"),
        ("endpoints/loose.yaml", "endpoints/<family>/"),
        (
            "endpoints/csss/old/order_package.yaml",
            "endpoints/<family>/",
        ),
    ];
    for (path, _) in stray {
        spec.write(path, &endpoint);
    }
    // READMEs and the schema folder are no spec files.
    spec.write("README.md", "# The spec\n");
    spec.write("endpoints/csss/README.md", "# CSSS\n");
    spec.write("schema/extra.json", "{}");
    // Nor are an editor's hidden swap and lock files, which must not break a build
    // during an edit.
    spec.write("endpoints/csss/.order_package.yaml.swp", "\u{0}binary");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "user@host.1234",
        spec.path("endpoints/csss/.#order_package.yaml"),
    )
    .unwrap();
    let problems = lint_in_time(&spec);
    assert_eq!(problems.len(), stray.len(), "{problems:#?}");
    for (path, belongs) in stray {
        // A folder is named, not each file in it.
        let named = match path.split_once("/csss/") {
            Some(("endpoint", _)) => "endpoint",
            Some((_, "old/order_package.yaml")) => "endpoints/csss/old",
            _ => path,
        };
        let place = format!("{}:", spec.path(named).display());
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(&place) && p.contains(belongs)),
            "{path}: {problems:#?}"
        );
    }
}

#[test]
fn the_generated_family_carries_the_documented_validity() {
    assert_eq!(
        linksfield::CSSS.timestamp_validity,
        Some(std::time::Duration::from_secs(300))
    );
    assert_eq!(linksfield::ESIM_MALL.timestamp_validity, None);
}

#[test]
fn the_fixture_spec_loads_clean() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../generated-client/tests/fixture-spec"
    );
    assert_eq!(
        lfgen::lint_dir(std::path::Path::new(fixture)),
        lfgen::Diagnostics::default()
    );
}
#[test]
fn anchors_and_aliases_are_refused_at_the_anchor() {
    let spec = SpecCopy::new();
    spec.edit(ORDER, "notes:\n", "notes: &notes\n");
    spec.edit(ORDER, "request:\n", "gaps: *notes\nrequest:\n");
    let line = spec.line_of(ORDER, "&notes");
    let problems = lint_in_time(&spec);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let place = format!("{}:{line}:", spec.path(ORDER).display());
    assert!(problems[0].starts_with(&place), "{problems:#?}");
    assert!(problems[0].contains("anchor"), "{problems:#?}");
}

#[test]
fn an_alias_bomb_is_refused_at_its_first_anchor_quickly() {
    let spec = SpecCopy::new();
    // Request fields whose objects hold ten of the previous level each: 10^12 fields.
    let mut bomb = String::from("    - &f0 {name: leaf, type: string, required: false}\n");
    for level in 1..=12 {
        let previous = format!("*f{}", level - 1);
        let fields = [previous.as_str(); 10].join(", ");
        bomb.push_str(&format!(
            "    - &f{level} {{name: l{level}, type: object, required: false, fields: [{fields}]}}\n"
        ));
    }
    spec.edit(ORDER, "response:\n", &format!("{bomb}response:\n"));
    let line = spec.line_of(ORDER, "&f0");
    let problems = lint_in_time(&spec);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let place = format!("{}:{line}:", spec.path(ORDER).display());
    assert!(problems[0].starts_with(&place), "{problems:#?}");
    assert!(problems[0].contains("anchor"), "{problems:#?}");
}

#[test]
fn an_empty_file_is_reported_as_empty() {
    let spec = SpecCopy::new();
    spec.write("types/empty.yaml", "");
    spec.write("types/comments.yaml", "# only a comment\n\n");
    let problems = lint_in_time(&spec);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    for problem in &problems {
        assert!(
            problem.ends_with(":1:1: the file is empty"),
            "{problems:#?}"
        );
    }
}

#[test]
fn a_duplicate_key_is_reported_at_the_key() {
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "      format: iccid\n",
        "      format: iccid\n      type: string\n",
    );
    // The second `type:` of the first request field.
    let first = spec.line_of(ORDER, "- name: device_id");
    let line = first + 4;
    let problems = lint_in_time(&spec);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let place = format!("{}:{line}:7:", spec.path(ORDER).display());
    assert!(problems[0].starts_with(&place), "{problems:#?}");
    assert!(problems[0].contains("duplicate"), "{problems:#?}");
}

#[test]
fn paths_outside_plain_segments_are_reported_at_their_column() {
    // Each with the column of the offending character (`path: "` takes 7).
    let bad = [
        ("/../../admin/x", 9),
        ("/package/./orderPackage", 17),
        ("/package/order Package", 22),
        ("/package/{id}", 17),
        ("/package/orderPackage?x=1", 29),
        ("/package/orderPackage#top", 29),
        ("/package/orderPackage/", 29),
        ("/package//orderPackage", 17),
        ("/", 8),
        ("/package/%2e%2e", 17),
    ];
    for (path, column) in bad {
        let spec = SpecCopy::new();
        spec.edit(
            ORDER,
            "path: /package/orderPackage",
            &format!("path: \"{path}\""),
        );
        let line = spec.line_of(ORDER, "path: ");
        let problems = spec.lint();
        let place = format!("{}:{line}:{column}:", spec.path(ORDER).display());
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(&place) && p.contains("path")),
            "{path}: {problems:#?}"
        );
    }
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "path: /package/orderPackage",
        "path: /package/order-Package_2.v~1",
    );
    assert_eq!(spec.lint(), Vec::<String>::new());
}
/// An object `depth` levels deep as the last request field of ORDER: each level an object
/// whose only field is the next level.
fn nested_objects(depth: usize) -> String {
    let mut yaml = String::new();
    for level in 1..=depth {
        let indent = "  ".repeat(2 * level);
        yaml.push_str(&format!(
            "{indent}- name: level_{level}\n{indent}  type: object\n{indent}  required: false\n{indent}  fields:\n"
        ));
    }
    let indent = "  ".repeat(2 * depth + 2);
    yaml.push_str(&format!(
        "{indent}- name: leaf\n{indent}  type: string\n{indent}  required: false\n"
    ));
    yaml
}

#[test]
fn objects_nested_deeper_than_the_limit_are_reported_at_the_first_too_deep() {
    let limit = lfgen::lint::MAX_NESTING_DEPTH;
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "response:\n",
        &format!("{}response:\n", nested_objects(limit)),
    );
    assert_eq!(spec.lint(), Vec::<String>::new());

    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "response:\n",
        &format!("{}response:\n", nested_objects(limit + 3)),
    );
    let line = spec.line_of(ORDER, &format!("- name: level_{}", limit + 1));
    let problems = spec.lint();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let place = format!("{}:{line}:", spec.path(ORDER).display());
    assert!(problems[0].starts_with(&place), "{problems:#?}");
    assert!(problems[0].contains("nested"), "{problems:#?}");
}

/// The `mock:` block of `file` (up to its `examples:`).
fn mock_block(spec: &SpecCopy, file: &str) -> String {
    let text = fs::read_to_string(spec.path(file)).unwrap();
    text[text.find("mock:\n").unwrap()..text.find("examples:\n").unwrap()].to_string()
}

/// Lints after replacing `from` by `to` in the `mock:` block of `file`; asserts one
/// problem, at the line of `to`'s `at`, containing `message`.
fn assert_mock_problem(file: &str, from: &str, to: &str, at: &str, message: &str) {
    let spec = SpecCopy::new();
    let block = mock_block(&spec, file);
    assert!(block.contains(from), "{block}");
    spec.edit(file, &block, &block.replacen(from, to, 1));
    let text = fs::read_to_string(spec.path(file)).unwrap();
    let start = text.find("mock:\n").unwrap();
    let line = text[..start + text[start..].find(at).unwrap()]
        .matches('\n')
        .count()
        + 1;
    let problems = spec.lint();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let expected = format!("{}:{line}:", spec.path(file).display());
    assert!(
        problems[0].starts_with(&expected),
        "{expected} {problems:?}"
    );
    assert!(problems[0].contains(message), "{problems:?}");
}

#[test]
fn a_mock_transition_naming_an_unknown_request_field_is_reported() {
    assert_mock_problem(
        "endpoints/csss/pause_service.yaml",
        "order_id: order_id",
        "order_id: order_no",
        "order_id: order_no",
        "moves_order.order_id names `order_no`, which is not a required string request field",
    );
}

#[test]
fn a_mock_transition_naming_an_unknown_status_is_reported() {
    let spec = SpecCopy::new();
    let file = "endpoints/csss/pause_service.yaml";
    let block = mock_block(&spec, file);
    spec.edit(file, &block, &block.replace("to: paused", "to: suspended"));
    let line = spec.line_of(file, "to: suspended");
    let problems = spec.lint();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let expected = format!("{}:{line}:", spec.path(file).display());
    assert!(problems[0].starts_with(&expected), "{problems:?}");
    assert!(
        problems[0].contains("unknown variant `suspended`"),
        "{problems:?}"
    );
}

#[test]
fn a_mock_status_choice_naming_an_unknown_enum_value_is_reported() {
    assert_mock_problem(
        ORDER,
        "\"0\": inactive",
        "\"0\": inactive\n        \"2\": paused",
        "\"2\": paused",
        "names `2`, which is not a value of `is_open`",
    );
}

#[test]
fn a_mock_status_choice_must_cover_every_enum_value() {
    assert_mock_problem(
        ORDER,
        "        \"0\": inactive\n",
        "",
        "\"1\": active",
        "must give every value of `is_open` a status; missing: 0",
    );
}

#[test]
fn a_mock_status_choice_needs_an_enum_field() {
    assert_mock_problem(
        ORDER,
        "field: is_open",
        "field: package_code",
        "field: package_code",
        "creates_orders.status.field names `package_code`, which is not a required request field with an enum",
    );
}

#[test]
fn mock_answers_naming_unknown_response_fields_are_reported() {
    let batch = "endpoints/csss/batch_order_packages.yaml";
    assert_mock_problem(
        batch,
        "device: device_id",
        "device: iccid",
        "device: iccid",
        "creates_orders.answer.device names `iccid`, which is not a string field of `device_order`'s elements",
    );
    assert_mock_problem(
        "endpoints/csss/query_order.yaml",
        "page.total_count",
        "page.total",
        "counts:",
        "lists_orders.answer.counts[0] names `page.total`, which is not an integer response field",
    );
    assert_mock_problem(
        "endpoints/csss/sync_asset_info.yaml",
        "device: assetId",
        "device: lifeCycle",
        "device: lifeCycle",
        "lists_devices.device names `lifeCycle`, which is not a string field of `data`'s elements",
    );
}

#[test]
fn a_mock_block_declares_exactly_one_behaviour() {
    assert_mock_problem(
        "endpoints/csss/pause_service.yaml",
        "mock:\n",
        "mock:\n  lists_devices:\n    status: active\n    device: x\n",
        "lists_devices:",
        "mock must declare exactly one of",
    );
}

const OPEN: &str = "endpoints/csss/open_package.yaml";

/// Adds optional request fields to OPEN, after `order_id`.
fn add_request_fields(spec: &SpecCopy, yaml: &str) {
    let order_id = "    - name: order_id\n      type: string\n      required: true\n";
    spec.edit(OPEN, order_id, &format!("{order_id}{yaml}"));
}

/// The lint line for `needle`'s line in `file`, asserting it names file:line:column.
fn problem_at(spec: &SpecCopy, file: &str, needle: &str, problems: &[String]) -> String {
    let place = format!(
        "{}:{}:",
        spec.path(file).display(),
        spec.line_of(file, needle)
    );
    problems
        .iter()
        .find(|p| p.starts_with(&place))
        .unwrap_or_else(|| panic!("nothing reported at {place} in {problems:#?}"))
        .clone()
}

#[test]
fn types_that_would_shadow_the_std_names_generated_code_uses_are_refused() {
    let spec = SpecCopy::new();
    add_request_fields(
        &spec,
        "    - name: string\n      type: object\n      required: false\n      fields:\n        - name: a\n          type: string\n          required: false\n    - name: option\n      type: string\n      required: false\n      enum:\n        - { value: \"1\", name: one }\n    - name: result\n      type: object\n      required: false\n      fields:\n        - name: b\n          type: string\n          required: false\n    - name: vec\n      type: string\n      required: false\n      enum:\n        - { value: \"2\", name: two }\n",
    );
    let problems = spec.lint();
    for (field, ty) in [
        ("string", "String"),
        ("option", "Option"),
        ("result", "Result"),
        ("vec", "Vec"),
    ] {
        let problem = problem_at(&spec, OPEN, &format!("- name: {field}"), &problems);
        assert!(problem.contains(&format!("`{ty}`")), "{problem}");
        assert!(problem.contains("std"), "{problem}");
    }
}

#[test]
fn a_field_named_like_a_local_of_the_generated_decoder_is_refused() {
    let spec = SpecCopy::new();
    add_request_fields(
        &spec,
        "    - name: fields\n      type: string\n      required: false\n",
    );
    let problems = spec.lint();
    let problem = problem_at(&spec, OPEN, "- name: fields", &problems);
    assert!(problem.contains("`fields`"), "{problem}");
    assert!(problem.contains("local"), "{problem}");
}

#[test]
fn endpoints_named_self_crate_or_super_are_refused_at_their_name() {
    for name in ["self", "crate", "super"] {
        let spec = SpecCopy::new();
        spec.edit(OPEN, "name: open_package", &format!("name: {name}"));
        let catalogued = "endpoint: open_package";
        spec.edit("catalog.yaml", catalogued, &format!("endpoint: {name}"));
        let problems = spec.lint();
        let problem = problem_at(&spec, OPEN, &format!("name: {name}"), &problems);
        assert!(problem.contains("cannot be a Rust"), "{problem}");
        assert!(
            matches!(lfgen::generate_dir(spec.root()), Err(lfgen::Error::Spec(_))),
            "generate must refuse `{name}` as a spec problem"
        );
    }
}

#[test]
fn a_paging_method_that_is_another_endpoints_method_is_refused_at_the_paging() {
    let spec = SpecCopy::new();
    let pause = "endpoints/csss/pause_service.yaml";
    spec.edit(pause, "name: pause_service", "name: query_order_pages");
    let catalogued = "endpoint: pause_service";
    spec.edit("catalog.yaml", catalogued, "endpoint: query_order_pages");
    let query = "endpoints/csss/query_order.yaml";
    // A mapping is reported at its first key.
    let problem = problem_at(&spec, query, "  page: page_no", &spec.lint());
    assert!(problem.contains("`query_order_pages`"), "{problem}");
}

#[test]
fn a_notification_event_named_like_the_unknown_fallback_is_refused() {
    let spec = SpecCopy::new();
    let file = "notifications/plan_order_status_change.yaml";
    spec.edit(file, "    name: cancel\n", "    name: unknown\n");
    let problem = problem_at(&spec, file, "    name: unknown", &spec.lint());
    assert!(problem.contains("`Unknown`"), "{problem}");
}

#[test]
fn status_codes_named_like_the_fallback_or_each_other_are_refused_once() {
    let spec = SpecCopy::new();
    let family = "families/csss.yaml";
    spec.edit(
        family,
        "  - code: \"0000\"\n    name: success\n",
        "  - code: \"0000\"\n    name: success\n    meaning: {en: ok}\n  - code: \"0001\"\n    name: other\n    meaning: {en: a}\n  - code: \"0002\"\n    name: success\n",
    );
    let problems = spec.lint();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    let other = problem_at(&spec, family, "name: other", &problems);
    assert!(other.contains("fallback"), "{other}");
    assert!(problems[1].contains("like `success`"), "{problems:#?}");
}

#[test]
fn an_endpoint_without_retry_is_refused_at_its_file_and_line() {
    // No default: a new endpoint must say whether repeating it is safe.
    let spec = SpecCopy::new();
    let file = "endpoints/csss/query_order.yaml";
    spec.edit(file, "retry: safe\n", "");
    let problems = spec.lint().join("\n");
    let problem = problems
        .lines()
        .find(|line| line.contains("missing field `retry`"))
        .unwrap_or_else(|| panic!("no missing `retry` in\n{problems}"));
    assert!(
        problem.contains(&format!("{file}:2:1:")),
        "not located at the endpoint's mapping: {problem}"
    );
    let spec = SpecCopy::new();
    spec.edit(file, "retry: safe\n", "retry: sometimes\n");
    let problems = spec.lint().join("\n");
    assert!(
        problems.contains("unknown variant `sometimes`, expected `safe` or `never`"),
        "{problems}"
    );
}
