//! `report-lint view`: the text view of a report with line numbers. For a
//! Word document this is the text the findings' lines and columns count
//! in (JSON `range`), laid out as the reader made it: paragraphs as lines,
//! table rows as `| cell | cell |`, automatic numbers written out.

use crate::args::ViewArgs;
use crate::check::collect_inputs;
use crate::console::Console;
use crate::input::{self, Pending};
use crate::summary::Tally;
use std::io;

pub fn view(args: &ViewArgs, console: &mut Console) -> io::Result<i32> {
    let stdin_filename = args.stdin_filename.as_deref();
    let mut tally = Tally::default();
    let inputs = collect_inputs(&args.paths, stdin_filename, console, &mut tally)?;
    let several = inputs.items.len() > 1;
    for (i, item) in inputs.items.iter().enumerate() {
        let pending = Pending::new(item, stdin_filename, &mut *console.stdin);
        let source = match pending.read() {
            Ok(source) => source,
            Err(err) => {
                writeln!(console.stderr, "{}: {}", err.path, err.message)?;
                tally.failed += 1;
                continue;
            }
        };
        if several {
            if i > 0 {
                writeln!(console.stdout)?;
            }
            writeln!(
                console.stdout,
                "==> {} <==",
                input::input_name(item, stdin_filename)
            )?;
        }
        if args.plain {
            console.stdout.write_all(source.text.as_bytes())?;
            continue;
        }
        let width = source.line_count().to_string().len();
        for line in 0..source.line_count() {
            let span = source.line_span(line);
            if line + 1 == source.line_count() && span.is_empty() {
                break; // the empty "line" after a final line break
            }
            writeln!(
                console.stdout,
                "{:>width$}  {}",
                line + 1,
                source.slice(span)
            )?;
        }
    }
    Ok(if tally.failed > 0 { 2 } else { 0 })
}
