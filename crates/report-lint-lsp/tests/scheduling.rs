//! How many analyses run, and what is left afterwards: a burst of edits,
//! many documents at once, a document over the size limit, closing.
//!
//! A rule registered in this test binary only counts the analyses (it runs
//! once in each lint of a report) and can hold them at a gate, so that
//! edits arrive while an analysis is running whatever the machine's speed.
//! A counting allocator tells how much memory is held. The tests share
//! both, so they run one at a time.

mod common;

use common::{codes, second_one_under_other_handling, seed, utf16_position, Client};
use peak_alloc::PeakAlloc;
use peakmem_alloc::{PeakMemAlloc, PeakMemAllocTrait};
use report_lint_rules::core::Report;
use report_lint_rules::{declare_rule, Check, Diagnostic, RuleContext};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Live heap bytes of the whole test process (peak_alloc, inside), and the
/// most there were since a point of the test (peakmem-alloc, around it).
static COUNTING: PeakMemAlloc<PeakAlloc> = PeakMemAlloc::new(PeakAlloc);

#[global_allocator]
static ALLOCATOR: &PeakMemAlloc<PeakAlloc> = &COUNTING;

fn live() -> usize {
    PeakAlloc.current_usage()
}

/// The most live bytes there were since the last [`mark_peak`].
fn peak_since_mark(at_mark: usize) -> usize {
    at_mark + ALLOCATOR.get_peak_memory()
}

/// Starts measuring the peak from now; returns the live bytes now.
fn mark_peak() -> usize {
    let now = live();
    ALLOCATOR.reset_peak_memory();
    now
}

/// Lints begun (each analysis of a report lints it once), lints inside the
/// rule now, and the most there were at once.
static RUNS: AtomicUsize = AtomicUsize::new(0);
static INSIDE: AtomicUsize = AtomicUsize::new(0);
static MOST_INSIDE: AtomicUsize = AtomicUsize::new(0);
static GATE_OPEN: Mutex<bool> = Mutex::new(true);
static GATE: Condvar = Condvar::new();
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

declare_rule! {
    /// 测试用：统计分析次数，并可在闸门处等待。
    pub struct Counted {
        code: "Z998",
        name: "counted",
        family: "test",
        summary: "测试用：统计分析次数",
        severity: Info,
        fix: None,
    }
}

impl Check for Counted {
    fn check(&self, _: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        RUNS.fetch_add(1, Ordering::SeqCst);
        let inside = INSIDE.fetch_add(1, Ordering::SeqCst) + 1;
        MOST_INSIDE.fetch_max(inside, Ordering::SeqCst);
        let open = GATE_OPEN.lock().unwrap_or_else(|e| e.into_inner());
        drop(GATE.wait_while(open, |open| !*open));
        INSIDE.fetch_sub(1, Ordering::SeqCst);
        Vec::new()
    }
}

fn set_gate(open: bool) {
    *GATE_OPEN.lock().unwrap_or_else(|e| e.into_inner()) = open;
    GATE.notify_all();
}

/// Closes the gate until dropped (also when a test fails, so no analysis
/// is left waiting).
struct Closed;

impl Closed {
    fn gate() -> Closed {
        set_gate(false);
        Closed
    }
}

impl Drop for Closed {
    fn drop(&mut self) {
        set_gate(true);
    }
}

async fn one_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().await
}

fn runs() -> usize {
    RUNS.load(Ordering::SeqCst)
}

/// Waits (not for long: a hang fails the test) until `done` holds.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..2000 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting until {what}");
}

/// A request answered without any analysis: when its answer comes, every
/// notification sent before it has been handled.
async fn sync(client: &mut Client) {
    let none = json!({"textDocument": {"uri": "file:///none.txt"}, "position": {"line": 0, "character": 0}});
    assert_eq!(
        client.request("textDocument/hover", none).await["result"],
        Value::Null
    );
}

fn stat(stats: &Value, name: &str) -> u64 {
    stats[name]
        .as_u64()
        .unwrap_or_else(|| panic!("{name} in {stats}"))
}

async fn close(client: &mut Client, uri: &str) {
    client
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    client
        .notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["diagnostics"] == json!([])
        })
        .await;
}

/// Analyses held by the server, once whatever task still drops one is done.
async fn analyses_alive(client: &mut Client) -> u64 {
    for _ in 0..200 {
        let alive = stat(&client.stats().await, "analysesAlive");
        if alive == 0 {
            return 0;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stat(&client.stats().await, "analysesAlive")
}

/// Opens `uri` and sends 1,000 edits: versions 2..=1000 keep the row
/// numbered "1." (N001), 1001 fixes it.
async fn open_and_edit(
    client: &mut Client,
    uri: &str,
    text: &str,
    gate: impl FnOnce() -> Option<Closed>,
) {
    let before = runs();
    let gate = gate();
    client.open(uri, "plaintext", 1, text).await;
    if gate.is_some() {
        until("version 1 is being analysed", || runs() == before + 1).await;
    }
    let (line, character) = utf16_position(text, second_one_under_other_handling(text));
    let range = json!({"start": {"line": line, "character": character}, "end": {"line": line, "character": character + 1}});
    for version in 2..=1001 {
        let digit = if version == 1001 { "2" } else { "1" };
        client
            .change(uri, version, json!([{"range": range, "text": digit}]))
            .await;
    }
    sync(client).await;
}

/// 1,000 edits arrive while the first version is being analysed: then only
/// the last version is analysed, only its diagnostics are published, and
/// closing the document frees everything it held.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_edits_runs_two_analyses_and_leaves_nothing_behind() {
    let _serial = one_at_a_time().await;
    let (mut client, _) = Client::initialized(false, false).await;
    // Large enough (some 650 KB) that its analysis outweighs the buffers
    // of the pipes between client and server.
    let prose = "本机关依法及时答复申请人，未收取任何费用。\n\n".repeat(10_000);
    let text = format!("{}{prose}", seed("000"));

    // The same burst once without the gate, so that lazily built tables
    // and buffers grown by a burst are there before anything is measured.
    let warm_up = "file:///tmp/warm-up.txt";
    open_and_edit(&mut client, warm_up, &text, || None).await;
    client.diagnostics(warm_up, 1001).await;
    sync(&mut client).await;
    let with_document = live();
    close(&mut client, warm_up).await;
    sync(&mut client).await;
    let baseline = live();
    let one_document = with_document.saturating_sub(baseline);
    assert!(one_document > 1_000_000, "{one_document} bytes");

    let uri = "file:///tmp/burst.txt";
    let before = runs();
    let at_mark = mark_peak();
    open_and_edit(&mut client, uri, &text, || Some(Closed::gate())).await;
    let last = client.diagnostics(uri, 1001).await;
    assert!(
        !codes(&last).contains(&"N001".to_string()),
        "the last version's findings: {:?}",
        codes(&last)
    );
    assert!(
        (1..=1000).all(|version| !client.published(uri, version)),
        "a stale version was published"
    );
    assert_eq!(
        runs() - before,
        2,
        "the running analysis, then the last version"
    );
    let stats = client.stats().await;
    assert_eq!(stat(&stats, "documents"), 1);
    assert_eq!(stat(&stats, "analysesAlive"), 1);
    let peak = peak_since_mark(at_mark).saturating_sub(baseline);
    assert!(
        peak < 3 * one_document,
        "{peak} bytes at the most during the burst, a document holds {one_document}"
    );

    close(&mut client, uri).await;
    assert_eq!(stat(&client.stats().await, "documents"), 0);
    assert_eq!(analyses_alive(&mut client).await, 0);
    let left = live().saturating_sub(baseline);
    assert!(
        left < one_document / 2,
        "{left} bytes left after closing, a document holds {one_document}"
    );
    client.shut_down().await;
}

/// Many documents opened at once are analysed by a bounded pool: never
/// more analyses at a time than it has workers, and each document once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_documents_are_analysed_a_few_at_a_time() {
    let _serial = one_at_a_time().await;
    let (mut client, _) = Client::initialized(false, false).await;
    let workers = stat(&client.stats().await, "workers") as usize;
    let text = seed("000");
    let uris: Vec<String> = (0..workers * 2 + 3)
        .map(|i| format!("file:///tmp/many-{i}.txt"))
        .collect();

    let before = runs();
    MOST_INSIDE.store(0, Ordering::SeqCst);
    let gate = Closed::gate();
    for uri in &uris {
        client.open(uri, "plaintext", 1, &text).await;
    }
    until("the workers are busy", || runs() >= before + workers).await;
    sync(&mut client).await;
    assert_eq!(INSIDE.load(Ordering::SeqCst), workers, "the others wait");
    drop(gate);

    for uri in &uris {
        assert!(codes(&client.diagnostics(uri, 1).await).contains(&"N001".to_string()));
    }
    assert!(MOST_INSIDE.load(Ordering::SeqCst) <= workers);
    assert_eq!(runs() - before, uris.len());
    for uri in &uris {
        close(&mut client, uri).await;
    }
    assert_eq!(stat(&client.stats().await, "documents"), 0);
    assert_eq!(analyses_alive(&mut client).await, 0);
    client.shut_down().await;
}

/// A document over the command line's size limit gets one message saying
/// so, and no analysis; under the limit again, it is analysed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_over_the_size_limit_is_not_analysed() {
    let _serial = one_at_a_time().await;
    let (mut client, _) = Client::initialized(false, false).await;
    let uri = "file:///tmp/huge.txt";
    let text = seed("000");
    let limit = report_lint_core::MAX_TEXT_BYTES as usize;
    let huge = format!("{text}{}", "附注。\n".repeat(limit / 10 + 1));
    assert!(huge.len() > limit);

    let before = stat(&client.stats().await, "analysesRun");
    client.open(uri, "plaintext", 1, &huge).await;
    let refused = client.diagnostics(uri, 1).await;
    assert_eq!(refused.len(), 1, "{refused:?}");
    let message = refused[0]["message"].as_str().unwrap();
    assert!(
        message.contains("文件过大") && message.contains("未检查"),
        "{message}"
    );
    let outline = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(outline["result"], Value::Null);
    assert_eq!(stat(&client.stats().await, "analysesRun"), before);

    client.change(uri, 2, json!([{"text": text}])).await;
    assert!(codes(&client.diagnostics(uri, 2).await).contains(&"N001".to_string()));
    assert_eq!(stat(&client.stats().await, "analysesRun"), before + 1);

    let end = json!({"line": 100000, "character": 0});
    let grow =
        json!([{"range": {"start": end, "end": end}, "text": "附注。\n".repeat(limit / 10 + 1)}]);
    client.change(uri, 3, grow).await;
    assert_eq!(client.diagnostics(uri, 3).await.len(), 1);
    assert_eq!(stat(&client.stats().await, "analysesRun"), before + 1);
    close(&mut client, uri).await;
    client.shut_down().await;
}
