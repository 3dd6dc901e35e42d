//! `linksfield`: call any documented endpoint from a shell, or run the mock server.
//!
//! Credentials and base URL come from the same environment variables as
//! `Client::from_env()`. Exit status: 0 success, 1 call failed (vendor error code and
//! message printed), 2 invalid input (every bad field named; nothing sent).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use linksfield::__private::cli::{for_terminal, json_for_terminal, summary};
use linksfield::mock::MockServer;
use linksfield::{Client, Command};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "linksfield",
    version,
    about = "Linksfield IoT connectivity API client"
)]
struct Cli {
    /// Print the response data as JSON instead of a summary.
    #[arg(long, global = true)]
    json: bool,
    /// Print each call's span (endpoint, attempts, HTTP status, vendor code, time) and
    /// every retry to stderr. `RUST_LOG` (e.g. `linksfield=info`) chooses what instead.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: TopLevel,
}

#[derive(Subcommand)]
enum TopLevel {
    #[command(flatten)]
    Endpoint(Box<Command>),
    /// Run the mock server on 127.0.0.1 until interrupted.
    ///
    /// Its credentials come from LINKSFIELD_ACCESS_CODE, LINKSFIELD_SECRET and
    /// LINKSFIELD_ACCESS_TOKEN (then the mock's defaults). Prefer these to --secret and
    /// --access-token: a flag's value shows in the process list (`ps`) to every user.
    Mock {
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Accepted access code (default: LINKSFIELD_ACCESS_CODE, then P000270).
        #[arg(long)]
        access_code: Option<String>,
        /// Secret that signs CSSS requests (default: LINKSFIELD_SECRET, then mock-secret).
        /// Shows in the process list: prefer LINKSFIELD_SECRET.
        #[arg(long)]
        secret: Option<String>,
        /// Accepted Mall token (default: LINKSFIELD_ACCESS_TOKEN, then mock-token).
        /// Shows in the process list: prefer LINKSFIELD_ACCESS_TOKEN.
        #[arg(long)]
        access_token: Option<String>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    log_to_stderr(cli.verbose);
    match cli.command {
        TopLevel::Endpoint(command) => call(&command, cli.json).await,
        TopLevel::Mock {
            port,
            access_code,
            secret,
            access_token,
        } => {
            let mut builder = MockServer::builder().port(port);
            if let Some(access_code) = access_code {
                builder = builder.access_code(access_code);
            }
            if let Some(secret) = secret {
                warn_shown_in_process_list("--secret", "LINKSFIELD_SECRET");
                builder = builder.secret(secret);
            }
            if let Some(token) = access_token {
                warn_shown_in_process_list("--access-token", "LINKSFIELD_ACCESS_TOKEN");
                builder = builder.access_token(token);
            }
            match builder.start().await {
                Ok(server) => {
                    println!("mock server listening on {}", server.url());
                    tokio::select! {
                        _ = tokio::signal::ctrl_c() => {}
                        _ = server.wait() => {}
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("cannot start the mock server: {error}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// A secret given as a flag is readable by every user of the machine (`ps`).
fn warn_shown_in_process_list(flag: &str, variable: &str) {
    eprintln!(
        "warning: {flag} shows in the process list; prefer the {variable} environment variable"
    );
}

/// Prints the client's `tracing` output to stderr when `RUST_LOG` is set (its filter
/// wins) or `--verbose` is given (the client's spans and retries); otherwise nothing.
fn log_to_stderr(verbose: bool) {
    let filter = match EnvFilter::try_from_default_env() {
        Ok(filter) => filter,
        Err(_) if verbose => EnvFilter::new("linksfield=info"),
        Err(_) => return,
    };
    // Fails only when a subscriber is already installed, and then that one is used.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // A span's fields are complete when it closes: one line per call.
        .with_span_events(FmtSpan::CLOSE)
        .try_init();
}

async fn call(command: &Command, json: bool) -> ExitCode {
    // Everything printed below may carry text the server chose: escaped.
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("{}", for_terminal(&error.to_string()));
            return ExitCode::FAILURE;
        }
    };
    match command.run(&client).await {
        Ok(data) if json => {
            let text = serde_json::to_string_pretty(&data).unwrap_or_else(|_| data.to_string());
            println!("{}", json_for_terminal(&text));
            ExitCode::SUCCESS
        }
        Ok(data) => {
            println!("{}", for_terminal(&summary(&data)));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}", for_terminal(&error.to_string()));
            ExitCode::from(error.exit_code())
        }
    }
}
