//! Notifications resolved: payload structs, event enums and what they share.

use super::docs::{paragraph, paragraph_lines, push_provenance, title_line};
use super::names;
use super::resolve::{variant, Origin, Resolver, Site};
use super::{EnumType, Notification, Notify, Struct};
use crate::diagnostic::Diagnostics;
use crate::spec::{DataKind, NotifyDoc, Spec, WireType};

/// The notifications, adding what could not be resolved to `problems`.
pub(super) fn notifications(spec: &Spec, doc: &NotifyDoc, problems: &mut Diagnostics) -> Notify {
    let mut types = Resolver::new(spec, Origin::Notification(0));
    // Payloads are received, like responses; they belong to no endpoint.
    let site = Site {
        is_request: false,
        endpoint: 0,
    };
    let kinds = spec
        .notifications
        .iter()
        .enumerate()
        .map(|(index, loaded)| {
            types.origin = Origin::Notification(index);
            let doc = &loaded.doc;
            let type_name = names::notification_type(&doc.name);
            let title = title_line(&doc.title);
            let mut docs = vec![title.clone()];
            docs.extend(paragraph(doc.description.as_ref()));
            if let Some(status) = &doc.status {
                docs.push(String::new());
                docs.push(format!("The page is tagged \"{status}\"."));
            }
            push_provenance(&mut docs, &doc.notes, &doc.gaps);
            let body = (doc.body == DataKind::Object).then(|| Struct {
                name: type_name.clone(),
                docs: docs.clone(),
                sources: doc.sources.clone(),
                fields: doc
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| types.field(f, &format!("fields[{i}]"), site))
                    .collect(),
            });
            let events = (!doc.events.is_empty()).then(|| EnumType {
                name: names::notification_event_type(&doc.name),
                docs: vec![format!("The event codes of {title}.")],
                tolerant: true,
                // The pages list the codes as strings.
                wire_type: WireType::String,
                variants: doc.events.iter().map(variant).collect(),
                used_by: Vec::new(),
            });
            Notification {
                name: doc.name.clone(),
                type_name,
                title,
                docs,
                description: paragraph_lines(doc.description.as_ref()),
                gaps: doc.gaps.clone(),
                sources: doc.sources.clone(),
                signed: doc.signed,
                discriminator: doc.discriminator.clone(),
                timestamp: doc.timestamp.as_ref().map(|t| (t.field.clone(), t.unit)),
                body,
                events,
                example_body: doc.examples.body.clone(),
            }
        })
        .collect();
    let mut docs = paragraph_lines(doc.description.as_ref());
    push_provenance(&mut docs, &doc.notes, &doc.gaps);
    problems.0.append(&mut types.problems.0);
    Notify {
        docs,
        signature_header: doc.signature_header.clone(),
        delivery_header: doc.delivery_header.clone(),
        ack_status: doc.acknowledgement.status,
        ack_body: doc.acknowledgement.body.clone(),
        ack_documented: doc.acknowledgement.documented,
        ack_note: doc.acknowledgement.note.clone(),
        kinds,
        enums: types.enums.into_values().collect(),
        objects: types.objects.into_values().collect(),
    }
}
