//! Synthetic specs of any size, for benchmarks: realistic field counts, formats, enums and
//! examples, deterministic for a given size. `tests/synthetic.rs` keeps them lint-clean.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// The family every synthetic endpoint belongs to: the CSSS shape, reduced to its rules.
const FAMILY: &str = r#"name: synth
title: Synthetic family
base_urls:
  - name: Local
    url: http://127.0.0.1
    default: true
auth:
  kind: hmac_sha1_signature
common_fields:
  - name: access_code
    fill: access_code
  - name: timestamp
    fill: timestamp
  - name: version
    fill: constant
    value: "2.0"
  - name: sign
    fill: signature
timestamp:
  unit: seconds
envelope:
  code:
    field: code
    type: string
    success: "0000"
  message_field: message
  data_field: data
  success_flag_field: success
"#;

/// Writes a spec of `endpoints` endpoints into `dir` (which should be empty).
pub fn write_spec(dir: &Path, endpoints: usize) -> io::Result<()> {
    fs::create_dir_all(dir.join("families"))?;
    fs::create_dir_all(dir.join("endpoints/synth"))?;
    fs::write(dir.join("families/synth.yaml"), FAMILY)?;
    for index in 0..endpoints {
        fs::write(
            dir.join(format!("endpoints/synth/endpoint_{index:04}.yaml")),
            endpoint(index),
        )?;
    }
    Ok(())
}

/// One endpoint: 12 request fields (formats, 3 enums, an integer, optional fields) and
/// 5 response fields (dates, a nullable, an enum), with matching examples.
pub fn endpoint(index: usize) -> String {
    let mut yaml = String::new();
    let _ = write!(
        yaml,
        "name: endpoint_{index:04}\nfamily: synth\ncompleteness: full\nmethod: POST\npath: /synthetic/endpoint{index}\nretry: never\n\
         title:\n  zh: 合成接口 {index}\n  en: Synthetic endpoint {index}\n\
         description:\n  en: A synthetic endpoint for benchmarks.\nrequest:\n  fields:\n"
    );
    let request = [
        (
            "device_id",
            "string",
            true,
            Some("iccid"),
            "89852022018041800192",
        ),
        (
            "order_period",
            "string",
            true,
            Some("unsigned_integer"),
            "12",
        ),
        ("pay_amount", "string", true, Some("decimal2"), "19.90"),
        (
            "start_date",
            "string",
            false,
            Some("date_yyyymmdd"),
            "20240101",
        ),
        ("package_code", "string", true, None, "DP20190726001274"),
        ("package_name", "string", true, None, "Synthetic plan"),
        ("remark", "string", false, None, "none"),
        ("quantity", "integer", true, None, "3"),
        ("cause", "string", false, None, "benchmark"),
    ];
    for (name, ty, required, format, _) in request {
        let _ = write!(
            yaml,
            "    - name: {name}\n      type: {ty}\n      required: {required}\n"
        );
        if let Some(format) = format {
            let _ = writeln!(yaml, "      format: {format}");
        }
        let _ = writeln!(
            yaml,
            "      description:\n        en: The {name} of the request."
        );
    }
    for (enum_index, size) in [3usize, 5, 6].into_iter().enumerate() {
        let _ = write!(
            yaml,
            "    - name: kind_{enum_index}\n      type: string\n      required: {}\n      type_name: Endpoint{index:04}Kind{enum_index}\n      enum:\n",
            enum_index != 2
        );
        for value in 0..size {
            let _ = write!(yaml, "        - value: \"{value}\"\n          name: value_{value}\n          meaning:\n            en: Value {value}\n");
        }
    }
    yaml.push_str("response:\n  data: object\n  fields:\n");
    for (name, extra) in [
        ("order_id", ""),
        ("order_start_date", "      format: date_yyyymmdd\n"),
        (
            "order_expire_date",
            "      format: date_yyyymmdd\n      nullable: true\n",
        ),
        ("sign", "      nullable: true\n"),
        ("note", "      required: false\n"),
    ] {
        let _ = write!(yaml, "    - name: {name}\n      type: string\n{extra}");
    }
    yaml.push_str("examples:\n  request: |\n    {\"access_code\": \"P000270\"");
    for (name, ty, _, _, example) in request {
        let value = if ty == "integer" {
            example.to_string()
        } else {
            format!("\"{example}\"")
        };
        let _ = write!(yaml, ", \"{name}\": {value}");
    }
    yaml.push_str(", \"kind_0\": \"1\", \"kind_1\": \"4\", \"timestamp\": \"1643253530\", \"version\": \"2.0\", \"sign\": \"x\"}\n");
    yaml.push_str(
        "  response: |\n    {\"code\": \"0000\", \"data\": {\"order_id\": \"O1\", \"order_start_date\": \"2022-01-27 11:23:43\", \"order_expire_date\": null, \"sign\": null, \"note\": \"n\"}, \"message\": \"成功\", \"success\": true}\n",
    );
    yaml
}
