//! Enum values written into a description in the vendor's usual forms
//! (`1- unpaid ;2-paid`, `1-MIFI;2-模块;…`, `0-Unlimited daily plan ; 1- daily plan`),
//! and the variant names derived from them, each marked for review.

use std::collections::{HashMap, HashSet};

use super::model::{has_cjk, Bilingual, EnumValue};

/// One `code - label` pair of a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub value: String,
    pub label: String,
}

/// How many values one field's enum may have: more is not an enum a reviewer can read,
/// and a description of 150,000 codes must not cost minutes.
pub const MAX_VALUES: usize = 1_000;

/// The enum a description lists, when it lists at least two codes; `Err` with a review
/// note when it lists a code twice or more than [`MAX_VALUES`] codes (no enum drafted).
///
/// The list starts at the first `<digits>-` that follows the start of the text or a
/// separator, and runs over `;`-separated items of the form `<digits>[-: ]<label>`; a
/// label ends at the item's end or at a sentence stop (`. `, `。`).
pub fn parse(description: &str) -> Result<Vec<Pair>, String> {
    let Some(start) = list_start(description) else {
        return Ok(Vec::new());
    };
    let mut pairs: Vec<Pair> = Vec::new();
    let mut codes: HashSet<String> = HashSet::new();
    for item in description[start..].split([';', '；']) {
        let Some(pair) = item_pair(item) else { break };
        if pairs.len() == MAX_VALUES {
            return Err(format!(
                "the description lists more than {MAX_VALUES} codes; no enum was drafted"
            ));
        }
        if !codes.insert(pair.value.clone()) {
            return Err(format!(
                "the description lists the code {} twice; no enum was drafted",
                pair.value
            ));
        }
        let stop = sentence_stop(item);
        pairs.push(pair);
        if stop {
            break;
        }
    }
    if pairs.len() < 2 {
        return Ok(Vec::new());
    }
    Ok(pairs)
}

/// Where the first `<digits>-` of a list is.
fn list_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if bytes[i].is_ascii_digit() && boundary {
            let digits_end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            let rest = text[digits_end..].trim_start_matches(' ');
            if rest.starts_with('-') {
                return Some(i);
            }
            i = digits_end;
        } else {
            i += 1;
        }
    }
    None
}

fn item_pair(item: &str) -> Option<Pair> {
    let item = item.trim();
    let digits = item.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = &item[digits..];
    let separated = rest.trim_start_matches(' ');
    let label = match separated.chars().next() {
        Some('-' | ':' | '：' | '=') => &separated[separated.chars().next()?.len_utf8()..],
        // `4 IOT card`: a space alone separates the code from its label.
        Some(_) if separated.len() < rest.len() => separated,
        _ => return None,
    };
    let label = cut_sentence(label).trim();
    if label.is_empty() {
        return None;
    }
    Some(Pair {
        value: item[..digits].to_string(),
        label: label.to_string(),
    })
}

/// The label up to a sentence stop: `no. Usually 0` is `no`.
fn cut_sentence(label: &str) -> &str {
    let cut = [". ", "。", ", "]
        .iter()
        .filter_map(|stop| label.find(stop))
        .min();
    let label = &label[..cut.unwrap_or(label.len())];
    label.strip_suffix('.').unwrap_or(label)
}

fn sentence_stop(item: &str) -> bool {
    let item = item.trim();
    item.contains(". ") || item.contains('。')
}

/// The enum of a field from its zh and en descriptions: the codes of both, in the order
/// first written, with each language's label as its meaning.
pub fn from_description(description: &Bilingual) -> (Vec<EnumValue>, Vec<String>) {
    let mut comments = Vec::new();
    let mut listing = |text: Option<&str>| match text.map(parse) {
        Some(Err(note)) => {
            comments.push(format!("review: {note}"));
            Vec::new()
        }
        Some(Ok(pairs)) => pairs,
        None => Vec::new(),
    };
    let zh = listing(description.zh.as_deref());
    let en = listing(description.en.as_deref());
    let codes = |pairs: &[Pair]| pairs.iter().map(|p| p.value.clone()).collect::<Vec<_>>();
    if !zh.is_empty() && !en.is_empty() && codes(&zh) != codes(&en) {
        comments.push(format!(
            "review: the zh description lists the codes {:?} and the en one {:?}; both kept",
            codes(&zh),
            codes(&en)
        ));
    }
    let mut values: Vec<EnumValue> = Vec::new();
    // Each code's index in `values`: a lookup, not a scan per pair.
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for (pair, is_zh) in en
        .iter()
        .map(|p| (p, false))
        .chain(zh.iter().map(|p| (p, true)))
    {
        let index = *index_of.entry(pair.value.clone()).or_insert_with(|| {
            values.push(EnumValue {
                value: pair.value.clone(),
                name: String::new(),
                meaning: Bilingual::default(),
                review: String::new(),
            });
            values.len() - 1
        });
        let meaning = &mut values[index].meaning;
        // A label is a meaning in the language of its description; an ASCII label of
        // the zh description (`MIFI`) is its zh meaning too.
        let slot = if is_zh {
            &mut meaning.zh
        } else {
            &mut meaning.en
        };
        *slot = Some(pair.label.clone());
    }
    // Written in value order of first appearance, zh-only codes last (as found).
    name_values(&mut values);
    (values, comments)
}

/// Gives every value a snake_case name derived from its English meaning, or from an
/// ASCII zh meaning, or else from its code; names are made unique with the code.
pub fn name_values(values: &mut [EnumValue]) {
    for value in values.iter_mut() {
        let (name, review) = derive_name(value);
        value.name = name;
        value.review = review;
    }
    // How many values derive each name: counted once, not compared pairwise.
    let mut count: HashMap<String, usize> = HashMap::new();
    for value in values.iter() {
        *count.entry(value.name.clone()).or_default() += 1;
    }
    let clashing: Vec<bool> = values
        .iter()
        .map(|v| count.get(&v.name).is_some_and(|n| *n > 1))
        .collect();
    for (value, clashes) in values.iter_mut().zip(clashing) {
        if clashes {
            value.name = format!("{}_{}", value.name, value.value);
            value
                .review
                .push_str("; suffixed with the code to tell it from another value");
        }
    }
}

fn derive_name(value: &EnumValue) -> (String, String) {
    let label = [value.meaning.en.as_deref(), value.meaning.zh.as_deref()]
        .into_iter()
        .flatten()
        .find(|label| !has_cjk(label) && !snake(label).is_empty());
    match label {
        Some(label) => {
            let mut name = snake(label);
            if !name.starts_with(|c: char| c.is_ascii_lowercase()) || reserved(&name) {
                name = format!("value_{name}");
            }
            (name, format!("variant name derived from \"{label}\""))
        }
        None => (
            format!("value_{}", snake(&value.value)),
            "no English label: named from its code; name it from its meaning".to_string(),
        ),
    }
}

/// Lowercase ASCII words joined by `_`; anything else separates words.
pub fn snake(text: &str) -> String {
    let mut name = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !name.is_empty() {
            name.push('_');
        }
        name.push_str(&word.to_ascii_lowercase());
    }
    name
}

/// Names whose variant the name checks refuse (`Self`, `Unknown`, `Other`).
fn reserved(name: &str) -> bool {
    matches!(name, "self" | "unknown" | "other" | "super" | "crate")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse(text)
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.value, p.label))
            .collect()
    }

    fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(v, l)| (v.to_string(), l.to_string()))
            .collect()
    }

    #[test]
    fn reads_the_vendors_forms() {
        assert_eq!(
            pairs("Payment status : 1- unpaid ;2-paid"),
            owned(&[("1", "unpaid"), ("2", "paid")])
        );
        assert_eq!(
            pairs("设备类型:1-MIFI;2-模块;3-旅游卡;4-物联网卡;5-SOC"),
            owned(&[
                ("1", "MIFI"),
                ("2", "模块"),
                ("3", "旅游卡"),
                ("4", "物联网卡"),
                ("5", "SOC")
            ])
        );
        assert_eq!(
            pairs("Plan type: 0-Unlimited daily plan ; 1- daily plan ; 2- monthly plan; 3- 3 months plan ; 4- 6 months plan; 5 yearly plan"),
            owned(&[("0", "Unlimited daily plan"), ("1", "daily plan"), ("2", "monthly plan"), ("3", "3 months plan"), ("4", "6 months plan"), ("5", "yearly plan")])
        );
        assert_eq!(
            pairs("Whether to Enable immediately ; 1- enable ;0- no. OTA support SIM should be 0."),
            owned(&[("1", "enable"), ("0", "no")])
        );
        assert_eq!(
            pairs("Is it a host number package,1- yes;0-no. Usually 0"),
            owned(&[("1", "yes"), ("0", "no")])
        );
    }

    #[test]
    fn prose_with_numbers_is_no_enum() {
        for text in [
            "Amount, two decimal places.",
            "Plan active time, YYYYMMDD, UTC 8",
            "test data volume",
            "Fixed to 10 for H5, iphone and android eSIM.",
            "a range 1-5 only",
            "1-a;1-b",
        ] {
            assert_eq!(pairs(text), Vec::new(), "{text}");
        }
    }

    #[test]
    fn a_repeated_code_drafts_no_enum_and_says_why() {
        let description = Bilingual {
            zh: None,
            en: Some("Status: 1-unpaid;1-paid".into()),
        };
        let (values, comments) = from_description(&description);
        assert!(values.is_empty());
        assert_eq!(
            comments,
            ["review: the description lists the code 1 twice; no enum was drafted"]
        );
    }

    #[test]
    fn a_listing_over_the_cap_drafts_no_enum_quickly() {
        // 150,000 codes (1.9 MB): pairwise checks ran for minutes.
        let text: Vec<String> = (0..150_000).map(|i| format!("{i}-v{i}")).collect();
        let description = Bilingual {
            zh: None,
            en: Some(text.join(";")),
        };
        let start = std::time::Instant::now();
        let (values, comments) = from_description(&description);
        assert!(values.is_empty());
        assert_eq!(
            comments,
            ["review: the description lists more than 1000 codes; no enum was drafted"]
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        // At the cap: every value, named in linear time.
        let mut values: Vec<EnumValue> = (0..MAX_VALUES)
            .map(|i| EnumValue {
                value: i.to_string(),
                name: String::new(),
                meaning: Bilingual {
                    zh: None,
                    en: Some("same".into()),
                },
                review: String::new(),
            })
            .collect();
        name_values(&mut values);
        assert_eq!(values[999].name, "same_999");
    }

    #[test]
    fn names_come_from_english_then_ascii_labels_then_codes() {
        let description = Bilingual {
            zh: Some("设备类型:1-MIFI;2-模块".into()),
            en: None,
        };
        let (values, _) = from_description(&description);
        let names: Vec<&str> = values.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["mifi", "value_2"]);
        assert!(values[1].review.contains("no English label"));

        let description = Bilingual {
            zh: None,
            en: Some("0-3 months plan;1-3 months plan!".into()),
        };
        let (values, _) = from_description(&description);
        let names: Vec<&str> = values.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["value_3_months_plan_0", "value_3_months_plan_1"]);
    }
}
