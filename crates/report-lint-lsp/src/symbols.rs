//! The outline: the report's sections, with the tables inside them.

use crate::analysis::Analysis;
use report_lint_core::{Span, TableKind};
use tower_lsp_server::ls_types::{DocumentSymbol, SymbolKind};

pub(crate) fn outline(analysis: &Analysis) -> Vec<DocumentSymbol> {
    if !analysis.is_report() {
        return Vec::new();
    }
    let report = &analysis.report;
    let tables = &report.tables;
    let mut loose: Vec<(TableKind, Span)> = [
        (
            TableKind::Proactive,
            tables.proactive.as_ref().map(|t| t.span),
        ),
        (
            TableKind::Requests,
            tables.requests.as_ref().map(|t| t.span),
        ),
        (TableKind::Review, tables.review.as_ref().map(|t| t.span)),
    ]
    .into_iter()
    .filter_map(|(kind, span)| Some((kind, span?)))
    .collect();

    let mut symbols: Vec<DocumentSymbol> = Vec::new();
    for section in &report.sections {
        let whole = section.heading.cover(section.body);
        // A table is a child only when it lies inside the section: editors
        // expect a child's range within its parent's.
        let (inside, rest): (Vec<_>, Vec<_>) = loose.into_iter().partition(|(kind, span)| {
            kind.section() == section.kind && whole.start <= span.start && span.end <= whole.end
        });
        loose = rest;
        let children = inside
            .into_iter()
            .map(|(kind, span)| {
                symbol(
                    analysis,
                    kind.name().into(),
                    None,
                    SymbolKind::ARRAY,
                    span,
                    span,
                    Vec::new(),
                )
            })
            .collect();
        // Named in normalised form: a mirror copy's heading reads
        // "主動(dòng)公開…" as written.
        let name = format!("{}、{}", numeral(section.ordinal), section.title_text);
        let detail = (!section.exact).then(|| format!("标准标题：{}", section.kind.heading()));
        symbols.push(symbol(
            analysis,
            name,
            detail,
            SymbolKind::NAMESPACE,
            whole,
            section.heading,
            children,
        ));
    }
    symbols.extend(loose.into_iter().map(|(kind, span)| {
        symbol(
            analysis,
            kind.name().into(),
            None,
            SymbolKind::ARRAY,
            span,
            span,
            Vec::new(),
        )
    }));
    symbols
}

fn numeral(ordinal: u8) -> String {
    match ordinal {
        1..=10 => "一二三四五六七八九十"
            .chars()
            .nth(usize::from(ordinal) - 1)
            .map(String::from)
            .unwrap_or_default(),
        n => n.to_string(),
    }
}

fn symbol(
    analysis: &Analysis,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: Span,
    selection: Span,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    #[allow(deprecated)] // `deprecated` is a required field of the struct
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: analysis.range(range),
        selection_range: analysis.range(selection),
        children: (!children.is_empty()).then_some(children),
    }
}
