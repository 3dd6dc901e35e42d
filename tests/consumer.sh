# Sourced by tests/package.sh and tests/bench/consumer-build.sh: the consumer crate both
# build, so the packaging check and the build-cost figure measure the same crate.

# write_consumer DIR CRATES VERSION: a fresh crate in DIR whose main is the packaged
# quickstart, depending on the unpacked linksfield in CRATES (lf-formats patched to its
# unpacked package too, as a registry would serve it).
write_consumer() {
    local dir=$1 crates=$2 version=$3
    mkdir -p "$dir/src"
    cp "$crates/linksfield-$version/examples/quickstart.rs" "$dir/src/main.rs"
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "consumer"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
linksfield = { path = "$crates/linksfield-$version", features = ["mock"] }
tokio = { version = "1", features = ["rt-multi-thread", "macros"] }

[patch.crates-io]
lf-formats = { path = "$crates/lf-formats-$version" }

[workspace]
TOML
}
