//! Markdown tables of search results (written as they stream) and of outlets.

use std::io::{self, Write};

use crate::{Field, Found, Outlet};

/// A table of matching articles, one row written per article as it is found.
pub struct FoundTable<W: Write> {
    out: W,
    rows: usize,
}

impl<W: Write> FoundTable<W> {
    /// Writes the heading (`what` describes the query) and the table's header.
    pub fn new(mut out: W, what: &str) -> io::Result<Self> {
        writeln!(out, "# Articles {what}\n")?;
        writeln!(out, "| published | site | title | hits | first hit |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        Ok(FoundTable { out, rows: 0 })
    }

    pub fn row(&mut self, found: &Found) -> io::Result<()> {
        self.rows += 1;
        let hits: Vec<String> = found
            .counts()
            .iter()
            .map(|(_, l, n)| format!("{} ×{n}", l.replace('_', " ")))
            .collect();
        let first = found.hits.first().map_or(String::new(), |h| match h.field {
            Field::Source => format!("{}: “{}”", h.text, h.context),
            Field::Word | Field::Entity | Field::Technique | Field::Claim => {
                h.context.replacen(&h.text, &format!("**{}**", h.text), 1)
            }
        });
        writeln!(
            self.out,
            "| {} | {} | {} | {} | {} |",
            found.published.as_deref().unwrap_or("–"),
            cell(&found.site),
            cell(found.title.as_deref().unwrap_or(&found.id)),
            cell(&hits.join(" · ")),
            cell(&first)
        )
    }

    /// Ends the table with how many of the `read` articles matched.
    pub fn finish(mut self, read: usize) -> io::Result<W> {
        writeln!(self.out, "\n{} of {read} articles match.", self.rows)?;
        Ok(self.out)
    }
}

/// A table with one row per outlet.
pub fn outlets_table(rows: &[Outlet], mut out: impl Write) -> io::Result<()> {
    writeln!(out, "# Outlets compared\n")?;
    writeln!(
        out,
        "Rates are per 1,000 words of article text, the same measure for every outlet.\n"
    )?;
    writeln!(
        out,
        "| site | articles | words | published | attributions | reported text | claims | claims by sources | techniques | most used techniques | most named | most cited |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|---|")?;
    for o in rows {
        writeln!(
            out,
            "| {} | {} | {} | {} | {:.1} | {:.0}% | {:.1} | {:.0}% | {:.1} | {} | {} | {} |",
            cell(&o.site),
            o.articles,
            o.words,
            o.dates(),
            o.attributions_per_1k_words,
            o.reported_share * 100.0,
            o.claims_per_1k_words,
            o.claims_from_sources * 100.0,
            o.techniques_per_1k_words,
            cell(&o.top_techniques()),
            cell(&o.named()),
            cell(&o.cited()),
        )?;
    }
    Ok(())
}

/// Text made safe for one table cell.
fn cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Outlets;
    use crate::tests_support::{found_diaz, sample};

    #[test]
    fn a_found_row_bolds_its_first_hit() {
        let found = found_diaz("Ana Díaz", "Río | Times");
        let mut table = FoundTable::new(Vec::new(), "naming Díaz").unwrap();
        table.row(&found).unwrap();
        let out = String::from_utf8(table.finish(3).unwrap()).unwrap();
        assert!(out.contains("| 2024-03-12 | Río \\| Times | The bridge | Ana Díaz ×2 |"));
        assert!(out.contains("**Ana Díaz** said the bridge"));
        assert!(out.ends_with("1 of 3 articles match.\n"));
    }

    #[test]
    fn the_outlet_table_has_one_row_per_site() {
        let mut outlets = Outlets::default();
        outlets.add(&sample("Ana Díaz", "Río Times", "2024-03-12"));
        outlets.add(&sample("Omar Haddad", "Cedar Post", "2024-03-10"));
        let mut out = Vec::new();
        outlets_table(&outlets.rows(), &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("| Cedar Post | 1 |"));
        assert!(out.contains("| Río Times | 1 |"));
        assert!(out.contains("Loaded language"));
    }
}
