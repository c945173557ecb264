//! Full-text search of the cases: the text each case gives the index, and
//! what a person types turned into an index query that ranks the newest
//! matches.

use rusqlite::{Connection, OptionalExtension, params};

use super::cases::sql_int;
use super::list::{SUMMARY_COLUMNS, summary_from_row};
use super::{CaseSummary, Result, Vault};
use crate::domain::CaseRecord;

/// The text the search index holds for a case, by column.
pub(super) fn search_columns(record: &CaseRecord) -> [String; 4] {
    let case = &record.case;
    let join = |parts: Vec<Option<&str>>| -> String {
        parts.into_iter().flatten().collect::<Vec<_>>().join(" ")
    };
    let names = join(vec![
        case.person.given_name.as_deref(),
        case.person.family_name.as_deref(),
    ]);
    let mut places = vec![case.first_contact.place.as_deref()];
    if let Some(location) = &case.person.current_location {
        places.push(location.city.as_deref());
    }
    for event in &case.exploitation.events {
        places.push(event.city.as_deref());
    }
    let mut text = vec![case.notes.as_deref(), case.closure_reason.as_deref()];
    for follow_up in &case.follow_ups {
        text.extend([
            follow_up.summary.as_deref(),
            follow_up.next_action.as_deref(),
            follow_up.officer.as_deref(),
        ]);
    }
    for referral in &case.referrals {
        text.push(Some(&referral.organisation));
    }
    for event in &case.exploitation.events {
        text.push(event.description.as_deref());
    }
    for observed in &case.assessment.indicators {
        text.push(observed.note.as_deref());
    }
    [
        record.meta.reference.clone(),
        names,
        join(places),
        join(text),
    ]
}

/// How many of the newest matches a search ranks: see `search_cases`.
pub const SEARCH_WINDOW: u64 = 1_000;

/// Turns what a person typed into an FTS5 query: every word must match, as a
/// prefix, and nothing typed is taken for FTS5 syntax. None when nothing can
/// match.
///
/// `expand` gives the words of the index that begin with a typed word, when
/// the word is one word of the index and there are few of them: the query
/// then names them (`("kovalenko" OR "kovalenkova")`), which the index reads
/// lazily, where a prefix makes it merge every matching entry into one list
/// first (a city at the commission: 140,000 entries, for fifty results). A
/// number before the last word matches whole: a year or the digits of a
/// reference begin the words of most cases.
fn fts_query(
    input: &str,
    expand: &mut dyn FnMut(&str) -> Result<Option<Vec<String>>>,
) -> Result<Option<String>> {
    let quote = |word: &str| format!("\"{}\"", word.replace('"', "\"\""));
    let words: Vec<&str> = input
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .collect();
    let Some(last) = words.len().checked_sub(1) else {
        return Ok(None);
    };
    let mut terms = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if i < last && word.chars().all(|c| c.is_ascii_digit()) {
            terms.push(quote(word));
            continue;
        }
        match expand(word)? {
            Some(found) if found.is_empty() => return Ok(None),
            Some(found) => {
                let any: Vec<String> = found.iter().map(|term| quote(term)).collect();
                terms.push(format!("({})", any.join(" OR ")));
            }
            None => terms.push(quote(word) + "*"),
        }
    }
    Ok(Some(terms.join(" AND ")))
}

/// How many words of the index a typed word may stand for before the search
/// lets the index expand the prefix itself.
const MOST_EXPANSIONS: u16 = 16;

/// The words of the index beginning with `word`, if `word` is one word to
/// the index (after its own folding of case and accents), at least three
/// letters long and the beginning of at most [`MOST_EXPANSIONS`] words.
/// The index tokenizes `word` itself, in a scratch table in memory
/// (`temp_store = MEMORY`, see [`make_search_scratch`]), so that the folding
/// is exactly the index's.
fn prefix_expansions(conn: &Connection, word: &str) -> Result<Option<Vec<String>>> {
    conn.prepare_cached("DELETE FROM temp.typed")?.execute([])?;
    conn.prepare_cached("INSERT INTO temp.typed (word) VALUES (?1)")?
        .execute([word])?;
    let tokens = conn
        .prepare_cached("SELECT term FROM temp.typed_tokens")?
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    conn.prepare_cached("DELETE FROM temp.typed")?.execute([])?;
    let [token] = tokens.as_slice() else {
        return Ok(None);
    };
    if token.chars().count() < 3 {
        return Ok(None);
    }
    let found = conn
        .prepare_cached(
            "SELECT term FROM temp.index_words \
             WHERE term >= ?1 AND term < ?1 || char(1114111) LIMIT ?2",
        )?
        .query_map(params![token, MOST_EXPANSIONS + 1], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok((found.len() <= usize::from(MOST_EXPANSIONS)).then_some(found))
}

/// The scratch tables `prefix_expansions` reads, made by a connection's
/// first search and found by the later ones (they live in its temporary
/// schema, in memory); asked once per search, not once per typed word.
fn make_search_scratch(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.typed USING fts5 \
             (word, tokenize = 'unicode61 remove_diacritics 2');
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.typed_tokens USING fts5vocab \
             (temp, typed, 'instance');
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.index_words USING fts5vocab \
             (main, case_search, 'row');",
    )?;
    Ok(())
}

impl Vault {
    /// Full-text search over names, reference, places, notes, follow-ups and
    /// referrals; accents are ignored and each word matches as a prefix
    /// (numbers before the last word match whole). Best matches first, among
    /// the [`SEARCH_WINDOW`] most recently stored cases that match. A whole
    /// reference finds its case.
    pub fn search_cases(&self, text: &str, limit: u64) -> Result<Vec<CaseSummary>> {
        let reference = text.trim().to_uppercase();
        if !reference.contains(char::is_whitespace) {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM cases c WHERE c.reference = ?1"
            ))?;
            if let Some(found) = stmt.query_row([&reference], summary_from_row).optional()? {
                return Ok(vec![found]);
            }
        }
        make_search_scratch(&self.conn)?;
        let expand = &mut |word: &str| prefix_expansions(&self.conn, word);
        let Some(query) = fts_query(text, expand)? else {
            return Ok(Vec::new());
        };
        // Ranking needs every match scored: a common word at the commission
        // (a city, a year) matches hundreds of thousands of cases. Only the
        // newest matches are ranked. They are found by reading the matches'
        // rowids forwards: in descending order the index is many times
        // slower on an encrypted database (see docs/performance.md).
        let floor = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT rowid FROM case_search WHERE case_search MATCH ?1")?;
            let rowids = stmt
                .query_map([&query], |row| row.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let window = usize::try_from(SEARCH_WINDOW).unwrap_or(usize::MAX);
            rowids
                .len()
                .checked_sub(window)
                .map_or(0, |first| rowids[first])
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM \
             (SELECT rowid, rank FROM case_search WHERE case_search MATCH ?1 AND rowid >= ?2 \
              ORDER BY rank, rowid LIMIT ?3) s \
             JOIN cases c ON c.seq = s.rowid ORDER BY s.rank, c.seq"
        ))?;
        let rows = stmt.query_map(params![query, floor, sql_int(limit)], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    fn query(input: &str) -> Option<String> {
        // A vocabulary of two words beginning with "kov" and none with "xyz".
        let mut expand = |word: &str| {
            Ok(match word.to_lowercase().as_str() {
                "kov" => Some(vec!["kovalenko".to_owned(), "kovas".to_owned()]),
                "xyz" => Some(Vec::new()),
                _ => None,
            })
        };
        fts_query(input, &mut expand).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn typed_text_never_becomes_fts_syntax() {
        assert_eq!(
            query("ona  zemaityte").as_deref(),
            Some("\"ona\"* AND \"zemaityte\"*")
        );
        assert_eq!(query("a\"b OR").as_deref(), Some("\"a\"\"b\"* AND \"OR\"*"));
        assert_eq!(query(" - * "), None);
    }

    #[test]
    fn prefixes_become_the_words_they_stand_for() {
        assert_eq!(
            query("Kov boston").as_deref(),
            Some("(\"kovalenko\" OR \"kovas\") AND \"boston\"*")
        );
        assert_eq!(
            query("ona xyz"),
            None,
            "a word no case has: nothing matches"
        );
        assert_eq!(
            query("2026 00042").as_deref(),
            Some("\"2026\" AND \"00042\"*"),
            "a number before the last word matches whole"
        );
    }
}
