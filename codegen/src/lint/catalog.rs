//! The catalogue against the transcriptions.

use super::predecessor;
use crate::diagnostic::Diagnostics;
use crate::spec::{CatalogPage, Completeness, Spec};

/// The catalogue and the transcriptions agree: every endpoint and notification is
/// catalogued as the page it transcribes, with the same completeness, and every one the
/// catalogue names exists.
pub(super) fn check(spec: &Spec, problems: &mut Diagnostics) {
    let Some(catalog) = &spec.catalog else { return };
    for (i, page) in catalog.doc.pages.iter().enumerate() {
        let at = format!("pages[{i}]");
        predecessor::check_page(catalog, &at, page, problems);
        // What the page names, whether it exists, and with which completeness.
        let transcribed = if let Some(name) = &page.notification {
            let found = spec.notifications.iter().find(|n| n.doc.name == *name);
            (
                "notification",
                "notifications",
                name,
                found.map(|n| n.doc.completeness),
            )
        } else if let Some(name) = &page.endpoint {
            let found = spec.endpoints.iter().find(|e| e.doc.name == *name);
            (
                "endpoint",
                "endpoints",
                name,
                found.map(|e| e.doc.completeness),
            )
        } else {
            if page.completeness == Completeness::Full {
                let message =
                    "a fully documented page must name the `endpoint` that transcribes it";
                problems.push(catalog.diagnostic(&at, message));
            }
            continue;
        };
        match transcribed {
            (kind, dir, name, None) => {
                let message = format!("catalogued {kind} `{name}` is not in spec/{dir}");
                problems.push(catalog.diagnostic(&format!("{at}.{kind}"), message));
            }
            (kind, _, name, Some(completeness)) if completeness != page.completeness => {
                let message = format!(
                    "the catalogue says {:?}, {kind} `{name}` says {completeness:?}",
                    page.completeness
                );
                problems.push(catalog.diagnostic(&format!("{at}.completeness"), message));
            }
            _ => {}
        }
    }
    // `kind` names both the spec item and the page key that lists it.
    let missing = |kind: &str, name: &String, listed_by: fn(&CatalogPage) -> Option<&String>| {
        let listed = catalog.doc.pages.iter().any(|p| listed_by(p) == Some(name));
        (!listed).then(|| {
            let message = format!("{kind} `{name}` is missing from catalog.yaml");
            (message, format!("add its page with `{kind}:`"))
        })
    };
    for notification in &spec.notifications {
        let name = &notification.doc.name;
        if let Some((message, hint)) = missing("notification", name, |p| p.notification.as_ref()) {
            problems.push(notification.diagnostic("name", message).with_hint(hint));
        }
    }
    for endpoint in &spec.endpoints {
        if endpoint.doc.completeness == Completeness::TitleOnly {
            let message = "title-only pages belong in catalog.yaml, not in spec/endpoints";
            problems.push(endpoint.diagnostic("completeness", message));
        }
        let name = &endpoint.doc.name;
        if let Some((message, hint)) = missing("endpoint", name, |p| p.endpoint.as_ref()) {
            problems.push(endpoint.diagnostic("name", message).with_hint(hint));
        }
    }
}
