//! Source text → [`Report`]. Never fails, never panics: whatever cannot be
//! read becomes a [`ParseNote`] and the rest is still parsed.

mod cells;
mod column_table;
mod figure_runs;
mod labels_first;
mod meta;
mod oneline;
mod prose;
pub(crate) mod reflow;
mod sections;
mod tables;

use crate::normalize::Normalized;
use crate::report::*;
use crate::source::{SourceFile, Span};
use crate::template::{RequestRow, TemplateVersion, MARKERS_2019, MARKERS_2021};
use cells::{lines, tokenize, Cells};

/// Parses a report. See the crate docs for the pipeline.
pub fn parse(source: SourceFile) -> Report {
    let html = crate::html::looks_like_html(&source.name, &source.text);
    // A crawler dump: the whole body on one line, table cells glued.
    let dump = (!html && source.document.is_none())
        .then(|| oneline::view(&source.text))
        .flatten();
    // Text a PDF tool made: hard-wrapped prose, tables laid out in columns.
    let plan = (!html && source.document.is_none() && dump.is_none())
        .then(|| reflow::plan(&source.text))
        .flatten();
    let view = if html {
        Normalized::from_html(&source.text)
    } else if let Some(view) = dump {
        view
    } else if let Some(plan) = &plan {
        Normalized::reflowed(&source.text, plan)
    } else {
        Normalized::new(&source.text)
    };
    let text = view.text.as_str();
    // Word heading paragraphs, as offsets of the view (a document's text is
    // its own view: nothing is folded before it).
    let styled: Vec<usize> = source
        .document
        .as_deref()
        .map(|map| {
            let mut starts: Vec<usize> = map
                .heading_starts()
                .map(|at| view.view_offset(at))
                .collect();
            starts.sort_unstable();
            starts
        })
        .unwrap_or_default();
    let found = sections::find_headings(text, &styled);

    let end = text.len();
    let bodies: Vec<Span> = found
        .iter()
        .enumerate()
        .map(|(i, h)| {
            Span::new(
                body_start(text, h.line.end),
                // The next body ends where the heading's line starts, so a
                // Markdown `## ` before it is not read as a table cell.
                found.get(i + 1).map_or(end, |n| n.row.start),
            )
        })
        .collect();
    let region = |kind: SectionKind| {
        found
            .iter()
            .position(|h| h.kind == kind)
            .map_or(Span::new(0, end), |i| bodies[i])
    };

    // In PDF text a table is read from the first [`MAX_TABLE_LINES`] of
    // its part, by every reader: a part of a million one-character lines
    // (a hostile text) would cost its tokens many times over.
    let table_region = |kind: SectionKind| {
        let part = region(kind);
        if plan.is_none() {
            return part;
        }
        let end = lines(text, part)
            .nth(MAX_TABLE_LINES)
            .map_or(part.end, |line| line.start);
        Span::new(part.start, end)
    };
    let cells = if source.document.is_some() {
        Cells::Exact
    } else if plan.is_some() {
        Cells::Columns
    } else {
        Cells::Flattened
    };
    let mut reader = tables::Reader {
        text,
        view: &view,
        notes: Vec::new(),
        cells,
    };
    let notes = reader.notes.len();
    let mut proactive = tables::read_proactive(
        &mut reader,
        &tokenize(text, table_region(SectionKind::Proactive), cells),
    );
    // In PDF text, a table 二 some rows of which cannot be read is not read
    // at all (its figures may sit under other rows), and said once; what
    // follows it in its part is the table's, not prose.
    // Rows without a figure (every label first, then every figure) are as
    // unreadable as rows with too few.
    let figureless = proactive.as_ref().is_some_and(|t| {
        t.blocks
            .iter()
            .any(|b| b.rows.iter().any(|r| r.cells.is_empty()))
    });
    if cells == Cells::Columns && (reader.notes.len() > notes || figureless) {
        reader.notes.truncate(notes);
        if let Some(table) = proactive.as_mut() {
            let part = region(SectionKind::Proactive);
            table.span = Span::new(
                table.span.start,
                view.to_source(part).end.max(table.span.start),
            );
            table.blocks.clear();
            reader.notes.push(ParseNote {
                span: Span::new(table.span.start, table.span.start),
                kind: NoteKind::Unreadable(TableKind::Proactive),
                message: "表二的文字顺序无法还原各行各列，未核对该表".into(),
            });
        }
    }
    // Text laid out in columns: table 三's figures by position, its rows
    // by order; the token reader when that finds no columns.
    let notes = reader.notes.len();
    let by_columns = (cells == Cells::Columns)
        .then(|| column_table::read_requests(&mut reader, table_region(SectionKind::Requests)))
        .flatten();
    // Figures not under columns: in a PDF's content order (`pdftotext
    // -raw`, pdf.js) each row is its label and its figures on one
    // line. Read so when the text is in that order (its notes kept only
    // when it reads rows).
    let in_content_order = |reader: &mut tables::Reader| {
        let mut content = tables::Reader {
            text,
            view: &view,
            notes: Vec::new(),
            cells,
        };
        let rows = column_table::read_requests_in_content_order(
            &mut content,
            table_region(SectionKind::Requests),
        )
        .filter(|t| !t.rows.is_empty())?;
        reader.notes.truncate(notes);
        reader.notes.append(&mut content.notes);
        Some(rows)
    };
    let by_columns = match by_columns {
        None if cells == Cells::Columns => in_content_order(&mut reader),
        Some(table) if table.rows.is_empty() => {
            Some(in_content_order(&mut reader).unwrap_or(table))
        }
        other => other,
    };
    let requests = by_columns
        .or_else(|| {
            let notes = reader.notes.len();
            let table = tables::read_requests(
                &mut reader,
                &tokenize(text, table_region(SectionKind::Requests), cells),
            )?;
            // Every label first, then every figure: put back when certain,
            // else not read, and said once.
            if labels_first::is_labels_first(&table) {
                reader.notes.truncate(notes);
                return Some(labels_first::read(&table, cells == Cells::Columns).unwrap_or_else(|why| {
                    column_table::unread(&mut reader, table.span, &why)
                }));
            }
            // PDF text without columns (reading order: every label, then
            // every figure) is read only when it gives the whole table,
            // figure for figure; otherwise it is not read, and said once.
            if cells == Cells::Columns && !column_table::certain(&table) {
                reader.notes.truncate(notes);
                // Its pieces are all over the rest of its part (the next
                // page's rows too), read or not: none of that is prose.
                let part = view.to_source(region(SectionKind::Requests));
                // One figure a line, in the blocks a cell-by-cell table
                // is taken out in: put back when certain.
                let why = match figure_runs::read(&reader, table_region(SectionKind::Requests), &table) {
                    Some(Ok(mut table)) => {
                        table.span.end = table.span.end.max(part.end);
                        return Some(table);
                    }
                    Some(Err(why)) => why,
                    None => "表三的文字顺序无法还原各行各列（例如从 PDF 复制出的文字先列出全部行名、再列出全部数字），未核对该表".to_string(),
                };
                return Some(column_table::unread(
                    &mut reader,
                    Span::new(table.span.start, part.end.max(table.span.end)),
                    &why,
                ));
            }
            // Figures glued to a row's label ("（二）部分公开  4  1  0 …"):
            // the cells are separated by something the reader does not
            // take for a cell boundary, in every row; nothing is certain.
            if table.rows.iter().any(|row| glued_figures(&row.label.text)) {
                reader.notes.truncate(notes);
                return Some(column_table::unread(
                    &mut reader,
                    table.span,
                    "表三的单元格无法按模板读成行和列（行名与数字连在一起，如以空格或制表符排列），未核对该表",
                ));
            }
            Some(table)
        });
    let notes = reader.notes.len();
    let mut review = tables::read_review(
        &mut reader,
        &tokenize(text, table_region(SectionKind::ReviewLitigation), cells),
    );
    // Text laid out in columns: a cell wrapped over the lines around the
    // figures ("不"/"详") is put back by position.
    if let Some(table) = review
        .as_mut()
        .filter(|t| !t.readable && cells == Cells::Columns)
    {
        if let Some((read, span)) =
            column_table::read_review(&reader, table_region(SectionKind::ReviewLitigation))
        {
            reader.notes.truncate(notes);
            table.cells = read;
            table.readable = true;
            table.span = Span::new(
                table.span.start.min(span.start),
                table.span.end.max(span.end),
            );
        }
    }
    let tables = Tables {
        proactive,
        requests,
        review,
    };
    // A part whose table is there but could not be read at all: said once,
    // and its lines are not prose.
    let unread = unread_tables(text, &found, &bodies, &tables);
    let said = tables.requests.as_ref().is_some_and(|t| t.rows.is_empty());
    for (kind, span) in &unread {
        if *kind == TableKind::Requests && said {
            continue;
        }
        reader.notes.push(ParseNote {
            span: view.to_source(Span::new(span.start, span.start)),
            kind: NoteKind::Unreadable(*kind),
            message: format!(
                "{}的单元格无法按模板读成行和列（如以空格或制表符排列、各行粘连），未核对该表",
                kind.name()
            ),
        });
    }
    let evidence = detect_template(&tables);
    let template = evidence.overall;

    let sections: Vec<Section> = found
        .iter()
        .zip(&bodies)
        .map(|(h, body)| Section {
            kind: h.kind,
            ordinal: h.ordinal,
            heading: view.to_source(h.line),
            title: view.to_source(h.title),
            title_text: text[h.title.start..h.title.end].to_string(),
            closest: h.closest,
            exact: h.exact,
            body: view.to_source(*body),
        })
        .collect();

    let first_heading = found.first().map_or(text.len(), |h| h.row.start);
    let meta = meta::read_meta(&view, first_heading);
    let unread_spans: Vec<Span> = unread
        .iter()
        .map(|(_, span)| view.to_source(*span))
        .collect();
    let paragraphs = paragraphs(&view, &found, &bodies, &tables, &unread_spans);
    let (numbers, approximate_numbers, percents) =
        prose::read_numbers(&view, &source.text, &paragraphs);
    let script = if view.converted_chars >= 3 {
        Script::Traditional
    } else {
        Script::Simplified
    };
    let notes = reader.notes;

    Report {
        source,
        view,
        script,
        meta,
        template,
        template_evidence: evidence,
        sections,
        tables,
        paragraphs,
        numbers,
        approximate_numbers,
        percents,
        notes,
    }
}

fn body_start(text: &str, heading_end: usize) -> usize {
    text[heading_end..]
        .find('\n')
        .map_or(text.len(), |i| heading_end + i + 1)
}

/// The lines of its part a table in PDF text is read from (`table_region`
/// in [`parse`]): a table of the template, its labels wrapped a few
/// characters a line and its header repeated on every page, fills a few
/// hundred. Text beyond is not read as the table, however long the part.
const MAX_TABLE_LINES: usize = 2000;

/// Lines of prose: not headings, not inside a table.
fn paragraphs(
    view: &Normalized,
    found: &[sections::FoundHeading],
    bodies: &[Span],
    tables: &Tables,
    unread: &[Span],
) -> Vec<Paragraph> {
    let text = view.text.as_str();
    let table_spans: Vec<Span> = [
        tables.proactive.as_ref().map(|t| t.span),
        tables.requests.as_ref().map(|t| t.span),
        tables.review.as_ref().map(|t| t.span),
    ]
    .into_iter()
    .flatten()
    .chain(unread.iter().copied())
    .collect();
    let mut out = Vec::new();
    // Headings and bodies are in text order, and so are the lines: walk
    // them together so a long report costs one pass, not lines × headings.
    let mut next_heading = 0;
    let mut body = 0;
    for line in lines(text, Span::new(0, text.len())) {
        while next_heading < found.len() && found[next_heading].line.end <= line.start {
            next_heading += 1;
        }
        let is_heading = found
            .get(next_heading)
            .is_some_and(|h| h.line.start >= line.start && h.line.end <= line.end);
        let content = &text[line.start..line.end];
        if content.trim().is_empty() || is_heading {
            continue;
        }
        let source = view.to_source(line);
        // A line that overlaps a table (even by its leading `|`) is part of it.
        if table_spans
            .iter()
            .any(|t| source.start < t.end && t.start < source.end)
        {
            continue;
        }
        while body < bodies.len() && bodies[body].end <= line.start {
            body += 1;
        }
        let section = bodies
            .get(body)
            .filter(|b| b.start <= line.start)
            .map(|_| found[body].kind);
        out.push(Paragraph {
            span: source,
            text: content.to_string(),
            view_start: line.start,
            section,
        });
    }
    out
}

/// Whether a row label carries figures that belong in its cells: two or
/// more runs of digits after the words, apart by white space.
fn glued_figures(label: &str) -> bool {
    let pieces: Vec<&str> = label.split_whitespace().collect();
    let figures = pieces
        .iter()
        .rev()
        .take_while(|piece| piece.chars().all(|c| c.is_ascii_digit()))
        .count();
    // The words come first: a label that is all figures is something else.
    figures >= 2 && figures < pieces.len()
}

/// Words only a table of the part holds: its row labels and column headers.
fn table_words(kind: TableKind) -> &'static [&'static str] {
    match kind {
        TableKind::Proactive => &[
            "第二十条第",
            "本年制发件数",
            "本年新制作数量",
            "现行有效件数",
            "本年处理决定数量",
            "本年收费金额",
            "行政事业性收费",
        ],
        TableKind::Requests => &[
            "本年新收政府信息公开申请数量",
            "上年结转政府信息公开申请数量",
            "本年度办理结果",
            "予以公开",
            "部分公开",
            "不予公开",
            "无法提供",
            "不予处理",
            "结转下年度继续办理",
            "自然人",
            "法人或其他组织",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
        ],
        TableKind::Review => &[
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "未经复议直接起诉",
            "复议后起诉",
        ],
    }
}

/// Parts whose table was not read although its words stand there in
/// table-like lines (short, not sentences): the table is present but laid
/// out in a way no reader understood. The span runs from the first such
/// line to the last (view offsets).
fn unread_tables(
    text: &str,
    found: &[sections::FoundHeading],
    bodies: &[Span],
    tables: &Tables,
) -> Vec<(TableKind, Span)> {
    // A table 三 read as unreadable (no rows) has said so; its lines still
    // must not be read as prose.
    let unread_requests = tables.requests.as_ref().is_some_and(|t| t.rows.is_empty());
    let missing = [
        (TableKind::Proactive, tables.proactive.is_none()),
        (
            TableKind::Requests,
            tables.requests.is_none() || unread_requests,
        ),
        (TableKind::Review, tables.review.is_none()),
    ];
    let mut out = Vec::new();
    for (kind, _) in missing.into_iter().filter(|(_, missing)| *missing) {
        let Some(i) = found.iter().position(|h| h.kind == kind.section()) else {
            continue;
        };
        let words = table_words(kind);
        let mut seen = vec![false; words.len()];
        let mut span: Option<Span> = None;
        for line in lines(text, bodies[i]) {
            let content = text[line.start..line.end].trim();
            // A sentence of prose ("予以公开22件，…。") is not a table row.
            if content.is_empty() || content.contains('。') || content.chars().count() > 80 {
                continue;
            }
            let mut any = false;
            for (w, seen) in words.iter().zip(seen.iter_mut()) {
                if content.contains(w) {
                    *seen = true;
                    any = true;
                }
            }
            if any {
                span = Some(span.map_or(line, |s| s.cover(line)));
            }
        }
        // Three different words of the table: its rows or its header, not a
        // stray mention.
        if seen.iter().filter(|s| **s).count() < 3 {
            continue;
        }
        let Some(mut span) = span else {
            continue;
        };
        // The figures of the last rows may follow its last label.
        for line in lines(text, Span::new(span.end, bodies[i].end)) {
            let content = text[line.start..line.end].trim();
            let figures = content
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace() || "|.-/—－".contains(c));
            if !figures {
                break;
            }
            span = span.cover(line);
        }
        out.push((kind, span));
    }
    out
}

/// DOMAIN §2.5: the table's own labels say which template it follows. Each
/// table is judged on its own, so a report that mixes the two shows up.
fn detect_template(tables: &Tables) -> TemplateEvidence {
    let mut proactive = (0, 0);
    if let Some(t) = &tables.proactive {
        for block in &t.blocks {
            let keys = block
                .columns
                .iter()
                .map(|c| crate::labels::key(&c.text))
                .chain(block.rows.iter().map(|r| crate::labels::key(&r.label.text)))
                .chain(
                    block
                        .item
                        .filter(|i| *i == 9)
                        .map(|_| "第二十条第(九)项".to_string()),
                );
            for key in keys {
                if MARKERS_2019
                    .iter()
                    .any(|m| key.contains(&crate::labels::key(m)))
                {
                    proactive.0 += 1;
                }
                if MARKERS_2021.iter().any(|m| key.contains(m)) {
                    proactive.1 += 1;
                }
            }
        }
    }
    let mut requests = (0, 0);
    if let Some(t) = &tables.requests {
        for row in &t.rows {
            match row.key {
                RequestRow::OtherHandling(0) => requests.0 += 1,
                RequestRow::OtherHandling(_) => requests.1 += 1,
                _ => {}
            }
        }
    }
    let verdict = |(v2019, v2021): (usize, usize)| match v2019.cmp(&v2021) {
        std::cmp::Ordering::Greater => TemplateVersion::V2019,
        std::cmp::Ordering::Less => TemplateVersion::V2021,
        std::cmp::Ordering::Equal => TemplateVersion::Unknown,
    };
    TemplateEvidence {
        overall: verdict((proactive.0 + requests.0, proactive.1 + requests.1)),
        proactive: verdict(proactive),
        requests: verdict(requests),
    }
}
