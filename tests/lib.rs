//! Workspace-level tests live in this directory; see the `[[test]]` targets.
