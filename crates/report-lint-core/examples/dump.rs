//! Prints what the parser read from a report: `cargo run -p report-lint-core --example dump FILE`.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let source = match report_lint_core::SourceFile::from_bytes(&path, bytes) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let r = report_lint_core::parse(source);
    println!("script={:?} template={:?}", r.script, r.template);
    println!(
        "meta title={:?} year={:?} agency={:?}",
        r.meta.title.as_ref().map(|t| &t.value),
        r.meta.year.as_ref().map(|y| y.value),
        r.meta.agency.as_ref().map(|a| &a.value)
    );
    println!(
        "publish={:?} period={:?}",
        r.meta.publish_date.as_ref().map(|d| d.value),
        r.meta.period.as_ref().map(|p| (p.start, p.end))
    );
    for s in &r.sections {
        println!(
            "section {:?} ord={} exact={} title={:?}",
            s.kind,
            s.ordinal,
            s.exact,
            r.text(s.title)
        );
    }
    if let Some(t) = &r.tables.proactive {
        for b in &t.blocks {
            let cols: Vec<_> = b.columns.iter().map(|c| c.text.as_str()).collect();
            println!("二 block {:?} cols={:?}", b.item, cols);
            for row in &b.rows {
                let v: Vec<_> = row.cells.iter().map(|c| c.text.as_str()).collect();
                println!("   {} {:?}", row.label.text, v);
            }
        }
    }
    if let Some(t) = &r.tables.requests {
        for row in &t.rows {
            let v: Vec<String> = row.cells.iter().map(|c| format!("{:?}", c.value)).collect();
            println!(
                "三 {:<24} exact={} readable={} num={:?} {}",
                row.key.short_name(),
                row.exact_label,
                row.readable,
                row.label.number.as_ref().map(|n| n.value),
                v.join(" ")
            );
        }
    } else {
        println!("三 missing");
    }
    match &r.tables.review {
        Some(t) => println!(
            "四 readable={} {:?}",
            t.readable,
            t.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>()
        ),
        None => println!("四 missing"),
    }
    for p in &r.percents {
        println!(
            "pct {} count={:?}",
            p.value,
            p.count
                .as_ref()
                .map(|c| (c.subject.as_str(), c.value.to_string()))
        );
    }
    for n in &r.notes {
        println!("note {:?} {}", n.kind, n.message);
    }
}
