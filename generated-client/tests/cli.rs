//! The `linksfield` binary against the embedded mock: each subcommand with a good request
//! (exit 0) and a bad one (exit 2, every bad field named, nothing sent).

use std::process::Output;

use linksfield::mock::MockServer;
use serde_json::Value;

/// Runs the binary with the client's environment pointing at `server`.
async fn linksfield(server: &MockServer, args: &[&str]) -> Output {
    let credentials = server.credentials();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_linksfield"));
    command
        .args(args)
        .env("LINKSFIELD_BASE_URL", server.url())
        .env("LINKSFIELD_ACCESS_CODE", &credentials.access_code)
        .env("LINKSFIELD_SECRET", &credentials.secret)
        .env("LINKSFIELD_ACCESS_TOKEN", &credentials.access_token)
        .env("LINKSFIELD_LANG", "en-US")
        // Logging only as a test asks for it.
        .env_remove("RUST_LOG");
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const ORDER: &[&str] = &[
    "order-package",
    "--device-id",
    "89852022018041800192",
    "--global-order",
    "no",
    "--is-open",
    "0",
    "--order-period",
    "1",
    "--package-code",
    "DP20190726001274",
    "--package-name",
    "C_M_0_P_中国20M不限速月套餐",
    "--package-type",
    "monthly",
    "--pay-amount",
    "0.00",
    "--pay-rst",
    "unpaid",
    "--test-flow",
    "0",
    "--test-flow-flag",
    "0",
];

/// Orders a plan through the CLI, with `--is-open` set to `is_open`, and returns its order id.
async fn order(server: &MockServer, is_open: &str) -> String {
    let mut args = vec!["--json"];
    args.extend_from_slice(ORDER);
    let at = args.iter().position(|a| *a == "--is-open").unwrap();
    args[at + 1] = is_open;
    let output = linksfield(server, &args).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let data: Value = serde_json::from_str(&stdout(&output)).unwrap();
    data["order_id"].as_str().unwrap().to_string()
}

fn assert_rejected(output: &Output, fields: &[&str], server: &MockServer) {
    assert_eq!(
        output.status.code(),
        Some(2),
        "stdout: {}\nstderr: {}",
        stdout(output),
        stderr(output)
    );
    let message = stderr(output);
    for field in fields {
        // A nested field is named by its path: `deviceList[0]`, `page.size`.
        let named = ["`", "[", "."]
            .iter()
            .any(|end| message.contains(&format!("`{field}{end}")));
        assert!(named, "{field} not named in: {message}");
    }
    assert!(
        server.received().is_empty(),
        "the mock received {:?}",
        server.received()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn order_package() {
    let server = MockServer::start().await.unwrap();
    let mut bad: Vec<&str> = ORDER.to_vec();
    bad[2] = "123";
    bad[14] = "weekly";
    let output = linksfield(&server, &bad).await;
    assert_rejected(&output, &["device_id", "package_type"], &server);

    let output = linksfield(&server, ORDER).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "ok\norder_expire_date: -\norder_id: MOCK_ORDER_000001\norder_start_date: -\nsign: -\n"
    );
    let received = server.received();
    assert_eq!(received.len(), 1);
    let body: Value = serde_json::from_str(&received[0].body).unwrap();
    assert_eq!(
        (body["package_type"].as_str(), body["pay_rst"].as_str()),
        (Some("2"), Some("1"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn open_package() {
    let server = MockServer::start().await.unwrap();
    let output = linksfield(&server, &["open-package", "--order-id", ""]).await;
    assert_rejected(&output, &["order_id"], &server);

    let order_id = order(&server, "0").await;
    let output = linksfield(
        &server,
        &["--json", "open-package", "--order-id", &order_id],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let data: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(data["order_id"], order_id.as_str());
    assert_eq!(data["order_start_date"], "2022-01-27 11:23:43");
}

#[tokio::test(flavor = "multi_thread")]
async fn ahead_finish_device_order() {
    let server = MockServer::start().await.unwrap();
    let output = linksfield(
        &server,
        &[
            "ahead-finish-device-order",
            "--order-code",
            "1",
            "--ahead-finish-cause",
            "x",
            "--device-type",
            "7",
        ],
    )
    .await;
    assert_rejected(&output, &["device_type"], &server);

    let order_id = order(&server, "enable").await;
    let args = [
        "ahead-finish-device-order",
        "--order-code",
        &order_id,
        "--ahead-finish-cause",
        "done",
        "--device-type",
        "iot_card",
    ];
    let output = linksfield(&server, &args).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "ok\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn pause_service() {
    let server = MockServer::start().await.unwrap();
    let output = linksfield(
        &server,
        &["pause-service", "--device-id", "abc", "--order-id", "1"],
    )
    .await;
    assert_rejected(&output, &["device_id"], &server);

    let order_id = order(&server, "1").await;
    let args = [
        "pause-service",
        "--device-id",
        "89852022018041800192",
        "--order-id",
        &order_id,
    ];
    let output = linksfield(&server, &args).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "ok\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn pre_order_package() {
    let server = MockServer::start().await.unwrap();
    let good = [
        "pre-order-package",
        "--currency",
        "USD",
        "--currency-id",
        "2",
        "--device-type",
        "10",
        "--discount-flag",
        "0",
        "--id",
        "1000000",
        "--money",
        "5",
        "--package-code",
        "LP20220325000000",
        "--package-num",
        "1",
        "--partner-code",
        "1000000005",
        "--period-num",
        "1",
    ];
    let mut bad = good.to_vec();
    bad[4] = "two";
    bad[12] = "five";
    let output = linksfield(&server, &bad).await;
    assert_rejected(&output, &["currencyId", "money"], &server);

    let output = linksfield(&server, &good).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("orderNo: ESIM_L202212050000000"),
        "{}",
        stdout(&output)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_required_flags_exit_2_naming_all_of_them() {
    let server = MockServer::start().await.unwrap();
    let output = linksfield(
        &server,
        &["order-package", "--device-id", "89852022018041800192"],
    )
    .await;
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("--package-code") && message.contains("--pay-amount"),
        "{message}"
    );
    assert!(server.received().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn vendor_errors_exit_1_with_code_and_message() {
    let server = MockServer::start().await.unwrap();
    let output = linksfield(&server, &["open-package", "--order-id", "NO_SUCH_ORDER"]).await;
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("API error M410")
            && message.contains("order NO_SUCH_ORDER does not exist"),
        "{message}"
    );
}

/// The CLI flag of a wire name: camelCase and snake_case both become kebab-case.
fn flag_for(wire: &str) -> String {
    let mut flag = String::from("--");
    for (i, c) in wire.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            flag.push('-');
        }
        flag.push(if c == '_' {
            '-'
        } else {
            c.to_ascii_lowercase()
        });
    }
    flag
}

/// The subcommand of a path: its last segment in kebab-case.
fn subcommand_for(path: &str) -> String {
    flag_for(path.rsplit('/').next().unwrap())
        .trim_start_matches("--")
        .to_string()
}

/// The flags of a subcommand, built from its operation's documented request example.
fn flags_from_example(operation: &linksfield::Operation) -> Vec<String> {
    let example: Value = serde_json::from_str(operation.example_request.unwrap()).unwrap();
    let mut args = vec![subcommand_for(operation.path)];
    for (key, value) in example.as_object().unwrap() {
        if operation.family.is_common_field(key) || value == "" {
            continue;
        }
        let scalar = |value: &Value| {
            value
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| value.to_string())
        };
        match value {
            // An array of scalars is a repeated flag; anything else nested is JSON.
            Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
                for item in items {
                    args.push(flag_for(key));
                    args.push(scalar(item));
                }
            }
            value => {
                args.push(flag_for(key));
                args.push(scalar(value));
            }
        }
    }
    args
}

#[tokio::test(flavor = "multi_thread")]
async fn every_subcommand_accepts_its_documented_example_and_rejects_a_broken_one() {
    // Stateful operations need an order the mock knows; they are covered one by one above.
    let stateful = ["open_package", "ahead_finish_device_order", "pause_service"];
    let mut exercised = 0;
    for operation in linksfield::OPERATIONS
        .iter()
        .filter(|op| !stateful.contains(&op.name))
    {
        exercised += 1;
        let server = MockServer::start().await.unwrap();
        let args = flags_from_example(operation);
        let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = linksfield(&server, &arg_refs).await;
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}: {args:?}\n{}",
            operation.name,
            stderr(&output)
        );
        assert_eq!(server.received().len(), 1, "{}", operation.name);

        // An endpoint without request fields has nothing to get wrong.
        if args.len() == 1 {
            continue;
        }
        // Find a field and value the generated validators reject: emptied, a non-number,
        // or text outside a format or enum. Every endpoint with fields has one.
        let example: Value = serde_json::from_str(operation.example_request.unwrap()).unwrap();
        let mut rejected = None;
        'search: for i in (1..args.len()).step_by(2) {
            for bad in ["", "not-a-number", "x"] {
                let mut body = example.clone();
                let wire = body
                    .as_object()
                    .unwrap()
                    .keys()
                    .find(|key| flag_for(key) == args[i])
                    .cloned()
                    .unwrap();
                body[&wire] = Value::String(bad.into());
                if let Some(Err(_)) =
                    linksfield::MockRequest::decode(operation.method, operation.path, &body)
                {
                    rejected = Some((i, bad, wire));
                    break 'search;
                }
            }
        }
        let (i, bad, wire) =
            rejected.unwrap_or_else(|| panic!("{}: no invalid input found", operation.name));
        let server = MockServer::start().await.unwrap();
        let mut broken = args.clone();
        broken[i + 1] = bad.to_string();
        let broken_refs: Vec<&str> = broken.iter().map(String::as_str).collect();
        let output = linksfield(&server, &broken_refs).await;
        assert_rejected(&output, &[wire.as_str()], &server);
    }
    assert_eq!(exercised, linksfield::OPERATIONS.len() - stateful.len());
    assert!(exercised >= 6);
}

/// Text a hostile server puts in its answers: a window-title change, a screen clear, a
/// C1 control sequence introducer and a right-to-left override.
const TERMINAL_ATTACK: &str = r"\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil";

/// Serves `body` as the answer to each of `requests` connections, on loopback.
fn hostile_server(body: String, requests: usize) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(stream) = stream else { continue };
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(10)))
                .unwrap();
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let mut request = vec![0; length];
            let _ = reader.read_exact(&mut request);
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = reader.get_mut().write_all(answer.as_bytes());
        }
    });
    url
}

fn run_against(url: &str, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_linksfield"))
        .args(args)
        .env("LINKSFIELD_BASE_URL", url)
        .env("LINKSFIELD_ACCESS_CODE", "P000270")
        .env("LINKSFIELD_SECRET", "s")
        .output()
        .unwrap()
}

fn assert_escaped(printed: &str) {
    assert!(
        !printed
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
        "{printed:?}"
    );
    assert!(
        printed.contains("pwned") && printed.contains("evil"),
        "{printed:?}"
    );
}

#[test]
fn server_text_cannot_drive_the_terminal() {
    let error =
        format!(r#"{{"code":"9999","message":"{TERMINAL_ATTACK}","success":false,"data":null}}"#);
    let output = run_against(
        &hostile_server(error, 1),
        &["open-package", "--order-id", "1"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_escaped(&stderr(&output));

    let success = format!(
        r#"{{"code":"0000","message":"ok","success":true,"data":{{"sign":"x","order_id":"{TERMINAL_ATTACK}","order_start_date":"20220127","order_expire_date":"20231127"}}}}"#
    );
    let url = hostile_server(success, 2);
    let summary = run_against(&url, &["open-package", "--order-id", "1"]);
    assert_eq!(summary.status.code(), Some(0), "{}", stderr(&summary));
    assert_escaped(&stdout(&summary));
    let json = run_against(&url, &["--json", "open-package", "--order-id", "1"]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    assert_escaped(&stdout(&json));
    let data: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert!(data["order_id"].as_str().unwrap().starts_with('\u{1b}'));
}

/// #14: `linksfield mock --help` says that secret flags show in the process list.
#[test]
fn mock_help_warns_that_secret_flags_show_in_the_process_list() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_linksfield"))
        .args(["mock", "--help"])
        .output()
        .unwrap();
    let help = stdout(&output);
    for (flag, variable) in [
        ("--secret", "LINKSFIELD_SECRET"),
        ("--access-token", "LINKSFIELD_ACCESS_TOKEN"),
    ] {
        let at = help.find(&format!("{flag} <")).expect(flag);
        let described = &help[at..];
        let described = &described[..described[1..].find("\n  -").unwrap_or(described.len())];
        assert!(
            described.contains("process list") && described.contains(variable),
            "{described}"
        );
    }
}

/// #14: `linksfield mock` takes its secret from the environment, with no flag.
#[tokio::test(flavor = "multi_thread")]
async fn mock_reads_its_secret_from_the_environment() {
    use std::io::BufRead;
    const SECRET: &str = "secret-from-the-environment";
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_linksfield"))
        .args(["mock", "--port", "0"])
        .env("LINKSFIELD_SECRET", SECRET)
        .env("LINKSFIELD_ACCESS_CODE", "P000270")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .map(|_| line)
    });
    let line = tokio::time::timeout(std::time::Duration::from_secs(30), line).await;
    let url = match line {
        Ok(Ok(Ok(line))) => line
            .trim()
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_string(),
        other => {
            let _ = child.kill();
            panic!("no URL from `linksfield mock`: {other:?}");
        }
    };
    let client = |secret: &str| {
        linksfield::Client::builder()
            .base_url(&url)
            .access_code("P000270")
            .secret(secret)
            .build()
            .unwrap()
    };
    let query = linksfield::QueryOrderRequest {
        device_id: None,
        order_id: None,
        order_status: None,
        order_type: None,
        page_no: 1,
        page_size: 1,
    };
    let right = client(SECRET).query_order(&query).await;
    let wrong = client("mock-secret").query_order(&query).await;
    let _ = child.kill();
    let _ = child.wait();
    assert!(right.is_ok(), "{right:?}");
    assert!(wrong.is_err(), "{wrong:?}");
}

#[tokio::test]
async fn verbose_and_rust_log_print_the_call_span_to_stderr_without_secrets() {
    let server = MockServer::start().await.unwrap();
    let secret = server.credentials().secret.clone();
    let quiet = linksfield(&server, ORDER).await;
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert!(
        !stderr(&quiet).contains("order_package"),
        "{}",
        stderr(&quiet)
    );

    let mut verbose_args = vec!["-v"];
    verbose_args.extend_from_slice(ORDER);
    let verbose = linksfield(&server, &verbose_args).await;
    assert!(verbose.status.success(), "{}", stderr(&verbose));
    let printed = stderr(&verbose);
    for field in [
        "endpoint=\"order_package\"",
        "family=\"csss\"",
        "http.status=200",
        "vendor_code=\"0000\"",
        "attempt=1",
    ] {
        assert!(printed.contains(field), "no {field} in {printed}");
    }
    assert!(!printed.contains(&secret), "{printed}");
    assert!(!printed.contains("89852022018041800192"), "{printed}");

    let credentials = server.credentials();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_linksfield"));
    command
        .args(ORDER)
        .env("RUST_LOG", "linksfield=info")
        .env("LINKSFIELD_BASE_URL", server.url())
        .env("LINKSFIELD_ACCESS_CODE", &credentials.access_code)
        .env("LINKSFIELD_SECRET", &credentials.secret);
    let logged = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert!(
        stderr(&logged).contains("endpoint=\"order_package\""),
        "{}",
        stderr(&logged)
    );
}
