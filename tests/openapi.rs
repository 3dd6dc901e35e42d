//! The OpenAPI export: snapshotted, and validated by an established validator
//! (openapi-spec-validator, installed by `.ci/run`).

use std::process::Command;

use serde_json::Value;
use workspace_tests::SPEC;

fn document() -> String {
    let spec = lfgen::spec::load_dir(std::path::Path::new(SPEC)).unwrap();
    let api = lfgen::ir::build(&spec).unwrap();
    lfgen::openapi::render(&spec, &api)
}

#[test]
fn export_matches_its_snapshot() {
    insta::assert_snapshot!("openapi", document());
}

#[test]
fn export_passes_openapi_spec_validator() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, document()).unwrap();
    let output = Command::new("python3")
        .args(["-m", "openapi_spec_validator", "--schema", "3.1"])
        .arg(&file)
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named"),
        "openapi-spec-validator is not installed: run `pip install openapi-spec-validator` (as .ci/run does)"
    );
    assert!(
        output.status.success(),
        "{}{stderr}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn export_carries_families_enums_examples_and_deprecation() {
    let document: Value = serde_json::from_str(&document()).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    assert_eq!(paths.len(), linksfield::OPERATIONS.len());
    assert_eq!(paths["/device/pauseService"]["post"]["deprecated"], true);
    let mall = &paths["/v1.1/package/preOrderPackage"]["post"];
    assert_eq!(mall["security"][0]["EsimMallToken"], serde_json::json!([]));
    assert_eq!(
        document["components"]["securitySchemes"]["EsimMallToken"]["name"],
        "x-access-token"
    );
    let order = &document["components"]["schemas"]["OrderPackageRequest"]["allOf"];
    assert_eq!(order[0]["$ref"], "#/components/schemas/CsssCommonFields");
    let package_type = &order[1]["properties"]["package_type"];
    assert_eq!(
        package_type["enum"],
        serde_json::json!(["0", "1", "2", "3", "4", "5"])
    );
    assert_eq!(package_type["x-enum-varnames"][2], "monthly");
    assert_eq!(
        paths["/package/orderPackage"]["post"]["requestBody"]["content"]["application/json"]
            ["example"]["package_type"],
        "2"
    );
}

#[test]
fn export_carries_each_operations_retry_safety_from_the_spec() {
    let document: Value = serde_json::from_str(&document()).unwrap();
    let paths = document["paths"].as_object().unwrap();
    for operation in linksfield::OPERATIONS {
        let method = operation.method.to_ascii_lowercase();
        let expected = match operation.retry {
            linksfield::RetrySafety::Safe => "safe",
            linksfield::RetrySafety::Never => "never",
        };
        assert_eq!(
            paths[operation.path][&method]["x-linksfield-retry"], expected,
            "{}",
            operation.name
        );
    }
    assert_eq!(
        paths["/package/orderPackage"]["post"]["x-linksfield-retry"],
        "never"
    );
}
