//! The order rows and columns are shown in: by label in the interface's
//! alphabet, or by count, with "Other" and "Unknown" always last.

use crate::i18n::{I18n, Language};
use crate::stats::{Dimension, Key};

use super::label;

/// The order of the rows (and columns) on screen; the CSV keeps the
/// table's own order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// By the label in the interface's language; years, age groups and
    /// minor/adult in their natural order.
    #[default]
    ByLabel,
    /// Largest count first, ties by label.
    ByCount,
}

/// Where a value goes whatever the order: the values proper, then "Other",
/// then the values that say nothing ("not specified"), then Unknown (no
/// value at all).
fn trailing(key: &Key) -> u8 {
    match key.as_deref() {
        None => 3,
        Some("NonSpecifiedUnknown") => 2,
        Some("Other" | "ReferralOther") => 1,
        Some(_) => 0,
    }
}

/// Dimensions whose values have an order of their own (the table counts
/// them in it), which sorting by label would break ("18-20" before "9-17").
fn has_natural_order(dimension: Dimension) -> bool {
    matches!(
        dimension,
        Dimension::Year | Dimension::AgeGroup | Dimension::AgeGroupGbvims | Dimension::Minor
    )
}

/// A key that sorts text as `language` orders its alphabet. Lithuanian
/// puts č, š and ž after c, s and z as letters of their own, and y between
/// į and j; the other marks (ą, ę, ė, į, ų, ū, and é, ü… in both
/// languages) only break ties. Case never matters first.
pub fn collation_key(language: Language, text: &str) -> (Vec<u32>, Vec<u32>) {
    let mut primary = Vec::with_capacity(text.len());
    let mut secondary = Vec::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let (base, mark) = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ą' => ('a', 1),
            'ç' | 'ć' => ('c', 1),
            'č' => ('c', 2),
            'ď' => ('d', 1),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ė' | 'ě' => ('e', 1),
            'ģ' => ('g', 1),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => ('i', 1),
            'ķ' => ('k', 1),
            'ļ' | 'ł' => ('l', 1),
            'ñ' | 'ń' | 'ň' | 'ņ' => ('n', 1),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => ('o', 1),
            'ř' => ('r', 1),
            'ś' | 'ş' => ('s', 1),
            'š' => ('s', 2),
            'ť' => ('t', 1),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ų' | 'ů' => ('u', 1),
            'ý' | 'ÿ' => ('y', 1),
            'ź' | 'ż' => ('z', 1),
            'ž' => ('z', 2),
            other => (other, 0),
        };
        // Four places per character leave room for a letter after it.
        let mut weight = u32::from(base) * 4;
        let mut mark = mark;
        if language == Language::Lithuanian {
            match (base, mark) {
                ('c' | 's' | 'z', 2) => {
                    weight += 2;
                    mark = 0;
                }
                ('y', _) => weight = u32::from('i') * 4 + 2,
                _ => {}
            }
        }
        primary.push(weight);
        secondary.push(mark);
    }
    (primary, secondary)
}

/// The order to show `keys` in, as indices into them. `totals` are their
/// counts (for [`Order::ByCount`]).
pub fn display_order(
    i18n: &I18n,
    dimension: Dimension,
    keys: &[Key],
    totals: &[u64],
    order: Order,
) -> Vec<usize> {
    let language = i18n.language();
    let mut indices: Vec<usize> = (0..keys.len()).collect();
    let sort_keys: Vec<_> = keys
        .iter()
        .map(|key| collation_key(language, &label(i18n, dimension, key)))
        .collect();
    indices.sort_by(|&a, &b| {
        let by_place = trailing(&keys[a]).cmp(&trailing(&keys[b]));
        let by_count = match order {
            Order::ByCount => {
                let count = |i: usize| totals.get(i).copied().unwrap_or(0);
                count(b).cmp(&count(a))
            }
            Order::ByLabel => std::cmp::Ordering::Equal,
        };
        let by_label = if has_natural_order(dimension) {
            a.cmp(&b)
        } else {
            sort_keys[a].cmp(&sort_keys[b])
        };
        by_place.then(by_count).then(by_label).then(a.cmp(&b))
    });
    indices
}
