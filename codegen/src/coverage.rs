//! How much of the vendor's API the spec covers: reported by `lfgen lint`, not a check.

use crate::spec::{Completeness, Spec};

/// How much of the vendor's API the spec covers, by page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// Pages in the catalogue.
    pub pages: usize,
    /// Pages the vendor documents completely (method, path, fields, examples, response).
    pub documented: usize,
    /// Pages the vendor documents only in part (the catalogue gives the gaps).
    pub partial: usize,
    /// Partial pages transcribed into endpoints (the rest wait for generator support).
    pub partial_transcribed: usize,
    /// Pages known only by their navigation entry.
    pub title_only: usize,
    /// Paths only an older document gives, grouped by that document's date, in
    /// catalogue order: probable, never generated from.
    pub probable_paths: Vec<(String, Vec<String>)>,
}

impl std::fmt::Display for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "coverage: {} pages: {} documented, {} partial ({} transcribed), {} title-only",
            self.pages, self.documented, self.partial, self.partial_transcribed, self.title_only
        )?;
        for (i, (date, paths)) in self.probable_paths.iter().enumerate() {
            let lead = if i == 0 {
                "; probable paths from"
            } else {
                "; from"
            };
            write!(f, "{lead} {date} docs: {}", paths.join(", "))?;
        }
        Ok(())
    }
}

/// The coverage line of a spec with a catalogue.
pub fn coverage(spec: &Spec) -> Option<Coverage> {
    let pages = &spec.catalog.as_ref()?.doc.pages;
    let count = |c: Completeness| pages.iter().filter(|p| p.completeness == c).count();
    let mut probable_paths: Vec<(String, Vec<String>)> = Vec::new();
    for page in pages.iter().filter(|p| p.path.is_none()) {
        let Some(older) = &page.predecessor else {
            continue;
        };
        let Some(path) = &older.path else { continue };
        let date = &older.source.date;
        match probable_paths.iter_mut().find(|(d, _)| d == date) {
            Some((_, paths)) => paths.push(path.clone()),
            None => probable_paths.push((date.clone(), vec![path.clone()])),
        }
    }
    Some(Coverage {
        pages: pages.len(),
        documented: count(Completeness::Full),
        partial: count(Completeness::Partial),
        partial_transcribed: pages
            .iter()
            .filter(|p| {
                p.completeness == Completeness::Partial
                    && (p.endpoint.is_some() || p.notification.is_some())
            })
            .count(),
        title_only: count(Completeness::TitleOnly),
        probable_paths,
    })
}
