//! Families and endpoints resolved: names, docs, request and response types.

use super::docs::{paragraph, paragraph_lines, push_provenance, title_line};
use super::names;
use super::resolve::{element_descriptions, leaf_format, resolve_paging, Origin, Resolver, Site};
use super::{
    Auth, CommonField, Endpoint, Envelope, Family, FieldType, Response, Server, StatusCode, Struct,
};
use crate::diagnostic::Diagnostics;
use crate::spec::{AuthKind, DataKind, EndpointDoc, FamilyDoc, Loaded, Retry, TimestampUnit};

/// A family, adding what could not be resolved to `problems`.
pub(super) fn family(loaded: &Loaded<FamilyDoc>, problems: &mut Diagnostics) -> Family {
    let doc = &loaded.doc;
    let default_base_url = match doc.base_urls.iter().find(|b| b.default) {
        Some(base) => base.url.clone(),
        None => {
            let message = "one base URL must be `default: true`";
            problems.push(loaded.diagnostic("base_urls", message));
            String::new()
        }
    };
    let auth = match (doc.auth.kind, &doc.auth.header) {
        (AuthKind::HmacSha1Signature, _) => Auth::HmacSha1Signature,
        (AuthKind::AccessTokenHeader, Some(header)) => Auth::AccessTokenHeader {
            header: header.clone(),
        },
        (AuthKind::AccessTokenHeader, None) => {
            let message = "access_token_header needs `header:` (the header's name)";
            problems.push(loaded.diagnostic("auth", message));
            Auth::AccessTokenHeader {
                header: String::new(),
            }
        }
    };
    let mut docs = vec![doc.title.clone()];
    docs.extend(paragraph(doc.description.as_ref()));
    if let Some(note) = doc.timestamp.as_ref().and_then(|t| t.note.as_ref()) {
        docs.push(String::new());
        docs.push(format!("Timestamp: {note}"));
    }
    if let Some(validity) = doc.timestamp.as_ref().and_then(|t| t.validity.as_ref()) {
        let source = &validity.source;
        docs.push(String::new());
        docs.push(format!(
            "Timestamp validity: {} s, as documented by {} (commit {}, {}): \"{}\". Not the current pages.",
            validity.seconds,
            source.repository,
            source.commit,
            source.date,
            validity.quote
        ));
    }
    push_provenance(&mut docs, &[], &doc.gaps);
    Family {
        name: doc.name.clone(),
        static_name: names::family_static(&doc.name),
        title: doc.title.clone(),
        docs,
        default_base_url,
        servers: doc
            .base_urls
            .iter()
            .filter_map(|base| {
                let environment = base.environment.clone()?;
                let docs = match &base.note {
                    Some(note) => format!("{}: {note}", base.name),
                    None => base.name.clone(),
                };
                Some(Server {
                    environment,
                    url: base.url.clone(),
                    docs,
                })
            })
            .collect(),
        auth,
        common_fields: doc
            .common_fields
            .iter()
            .map(|c| CommonField {
                name: c.name.clone(),
                fill: c.fill,
                value: c.value.clone(),
            })
            .collect(),
        // Signing families must declare the unit (lint); the others send no timestamp,
        // so theirs is never read.
        timestamp_unit: doc
            .timestamp
            .as_ref()
            .map(|t| t.unit)
            .unwrap_or(TimestampUnit::Seconds),
        timestamp_validity: doc
            .timestamp
            .as_ref()
            .and_then(|t| t.validity.as_ref())
            .map(|v| v.seconds),
        envelope: Envelope {
            code_field: doc.envelope.code.field.clone(),
            code_type: doc.envelope.code.code_type,
            success_code: doc.envelope.code.success.clone(),
            message_field: doc.envelope.message_field.clone(),
            data_field: doc.envelope.data_field.clone(),
            success_flag_field: doc.envelope.success_flag_field.clone(),
        },
        type_base: names::type_base(&doc.name),
        code_type_name: names::family_code_type(&doc.name),
        status_codes: doc
            .status_codes
            .iter()
            .map(|status| StatusCode {
                code: status.code.clone(),
                ident: names::variant(&status.name),
                meaning: title_line(&status.meaning),
            })
            .collect(),
    }
}

pub(super) fn endpoint(
    doc: &EndpointDoc,
    family: usize,
    index: usize,
    types: &mut Resolver,
) -> Endpoint {
    types.origin = Origin::Endpoint(index);
    let request_site = Site {
        is_request: true,
        endpoint: index,
    };
    let response_site = Site {
        is_request: false,
        endpoint: index,
    };
    let base = names::type_base(&doc.name);
    let title = title_line(&doc.title);
    let route = format!("`{} {}`", doc.method.as_str(), doc.path);

    let mut docs = vec![title.clone()];
    docs.extend(paragraph(doc.description.as_ref()));
    docs.push(String::new());
    docs.push(format!("{route} · family `{}`.", doc.family));
    push_provenance(&mut docs, &doc.notes, &doc.gaps);

    let deprecation = doc.deprecated.then(|| match &doc.replaced_by {
        Some(replacement) => {
            format!("deprecated in the vendor's documentation; use `{replacement}` instead")
        }
        None => "deprecated in the vendor's documentation, which names no replacement".to_string(),
    });

    let request = Struct {
        name: names::request_type(&doc.name),
        // The emitter adds where it is sent from (a rustdoc link).
        docs: vec![format!("Request of {route}: {title}.")],
        sources: Vec::new(),
        fields: doc
            .request
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| types.field(f, &format!("request.fields[{i}]"), request_site))
            .collect(),
    };
    let response_docs = vec![format!("Response `data` of {route}: {title}.")];
    let response = match doc.response.data {
        DataKind::Null => Response::Null {
            name: names::response_type(&doc.name),
            docs: response_docs,
        },
        DataKind::Undocumented => Response::Undocumented {
            name: names::response_type(&doc.name),
            docs: response_docs,
        },
        DataKind::Object => Response::Object(Struct {
            name: names::response_type(&doc.name),
            docs: response_docs,
            sources: Vec::new(),
            fields: doc
                .response
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| types.field(f, &format!("response.fields[{i}]"), response_site))
                .collect(),
        }),
        DataKind::Array => {
            let item = match &doc.response.items {
                Some(items) => {
                    types.shape_type("data", items.shape(), true, "response.items", response_site)
                }
                None => {
                    let message = "`data: array` responses need `items:`".to_string();
                    types.report("response.data", message);
                    FieldType::String
                }
            };
            let items = doc.response.items.as_ref().map(|items| items.shape());
            Response::List {
                name: names::response_type(&doc.name),
                docs: response_docs,
                item,
                format: items.and_then(leaf_format),
                element_descriptions: items.map(element_descriptions).unwrap_or_default(),
            }
        }
    };
    let paging = doc
        .paging
        .as_ref()
        .map(|paging| resolve_paging(&doc.name, paging, &response, types));
    let mock = super::mock::resolve(doc, &request, types);
    Endpoint {
        name: doc.name.clone(),
        type_base: base,
        cli_subcommand: names::cli_subcommand(&doc.path),
        args_type: names::args_type(&doc.name),
        family,
        method: doc.method,
        path: doc.path.clone(),
        // Lint refused a missing key; `never` is the reading that cannot repeat an order.
        retry: Retry::or_never(doc.retry),
        title,
        docs,
        description: paragraph_lines(doc.description.as_ref()),
        gaps: doc.gaps.clone(),
        sources: doc.sources.clone(),
        deprecation,
        request,
        response,
        own_enums: Vec::new(),
        own_objects: Vec::new(),
        paging,
        mock,
        example_request: doc.examples.request.clone(),
        example_response: doc.examples.response.clone(),
    }
}
