//! The command line as clap sees it. Help texts are in Chinese: the people
//! reading `--help` are agency staff.

use clap::{Args, Parser, Subcommand, ValueEnum};
use report_lint_rules::Severity;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "report-lint",
    version,
    about = "政府信息公开工作年度报告检查工具",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查报告（文件或文件夹），报告发现的问题
    Check(CheckArgs),
    /// 自动修复可以安全修复的问题，然后报告剩下的问题
    Fix(FixArgs),
    /// 导出报告中表二、表三、表四的数据（JSON 或 CSV），便于汇总
    Extract(ExtractArgs),
    /// 为 Word 文档（.docx）的每个问题加一条批注，写入一份副本（默认为“原文件名.批注.docx”）
    Annotate(AnnotateArgs),
    /// 显示报告的文本视图并标出行号（Word 文档的问题位置中的行号即指这个视图）
    View(ViewArgs),
    /// 显示某个文件实际使用的配置及每项配置的来源
    Config(ConfigArgs),
    /// 查看规则说明；不带代码时列出全部规则
    Rule(RuleArgs),
    /// 删除检查结果缓存（.report-lint-cache）
    Clean(CleanArgs),
    /// 以语言服务器（LSP）方式运行，供编辑器使用
    Lsp(LspArgs),
    /// 写出网页检查工具（一个 HTML 文件，用浏览器打开即可检查报告，不需要安装，文件不会上传）
    Web(WebArgs),
}

/// Which configuration applies: shared by `check`, `fix` and `config`.
#[derive(Debug, Args)]
pub struct RuleSelection {
    /// 只运行这些规则（代码、代码前缀或名称，逗号分隔，如 `B,S001`）
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,

    /// 不运行这些规则（代码、代码前缀或名称，逗号分隔），优先于 --select
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// 使用这个配置文件，而不是每个文件所在文件夹及其上级中最近的 report-lint.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// What `check` and `fix` share: which files, which rules, how to print.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// 要检查的文件或文件夹（文件夹会递归查找 .docx .txt .md .markdown .html .htm，以及需要另存为 .docx 的 .doc .wps .odt .rtf）；`-` 表示标准输入；默认为当前文件夹
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 从标准输入读取时显示的文件名
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    #[command(flatten)]
    pub rules: RuleSelection,

    /// 输出格式：text 供人阅读；json 问题列表；json-report 每个文件的问题与核对结果；
    /// sarif 供代码扫描平台；github 供 GitHub Actions 标注；csv 供电子表格
    /// （以 = + - @、制表符或回车开头的单元格前加 '，以免被当作公式执行）；
    /// html 一个独立的网页（文件索引、每份报告的问题和原文标注、核对结果），可直接发送
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// 是否使用颜色（auto：输出到终端且未设置 NO_COLOR 时使用）
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// 结束时按规则统计问题数量（text 格式输出到标准输出，其他格式输出到标准错误）
    #[arg(long)]
    pub statistics: bool,

    /// 发现问题时退出码仍为 0（用法错误或文件无法读取时仍为 2）
    #[arg(long)]
    pub exit_zero: bool,

    /// 达到这个级别的问题才使退出码为 1
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = Threshold::Error)]
    pub severity: Threshold,

    /// 不读也不写检查结果缓存（默认缓存每个文件的结果，文件、配置和程序都未变时直接复用）
    #[arg(long)]
    pub no_cache: bool,

    /// 检查结果缓存所在的文件夹（默认为环境变量 REPORT_LINT_CACHE_DIR，再次为当前文件夹下的 .report-lint-cache）
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub lint: LintArgs,

    /// 上一年度的报告，与本次检查的报告对照（上年结转、内容雷同）；
    /// 不指定时，同一次检查中同一机关相邻年度的报告自动配对
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,

    /// 不输出每份报告的“核对”行（哪些勾稽关系成立、不成立、无法核对）
    #[arg(long)]
    pub no_checks: bool,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub lint: LintArgs,

    /// 同时应用不安全的修复（可能正确，但需要人工确认）
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// 不写入文件，只输出修复前后的差异；有可修复的内容时退出码为 1
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// 报告文件或文件夹（文件夹中不是年报的文件会被跳过）；`-` 表示标准输入
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// 从标准输入读取时显示的文件名
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// 输出格式：json 每份报告一个对象；csv 每份报告一行、每个单元格一列（带 BOM，Excel 可直接打开；
    /// 以 = + - @、制表符或回车开头的单元格前加 '，以免被当作公式执行）
    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    pub format: ExtractFormat,
}

#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// Word 文档（.docx），或包含 Word 文档的文件夹
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// 写入这个文件（只能用于一个文档）；默认在原文件旁写入“原文件名.批注.docx”，
    /// 原文件已是“.批注.docx”时更新它本身
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub rules: RuleSelection,

    /// 发现问题时退出码仍为 0（文件无法读取或写入时仍为 2）
    #[arg(long)]
    pub exit_zero: bool,

    /// 达到这个级别的问题才使退出码为 1
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = Threshold::Error)]
    pub severity: Threshold,
}

#[derive(Debug, Args)]
pub struct ViewArgs {
    /// 报告文件；`-` 表示标准输入
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// 从标准输入读取时显示的文件名（以 .docx 结尾时按 Word 文档读取）
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// 不显示行号，只输出文本（例如把 Word 草稿的文字另存为文本文件）
    #[arg(long)]
    pub plain: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// 显示检查这个文件时使用的配置（文件不必存在）
    #[arg(long, value_name = "FILE", required = true)]
    pub show: PathBuf,

    #[command(flatten)]
    pub rules: RuleSelection,

    /// 输出格式
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// 规则代码（如 B001）或名称（如 row-total-mismatch）
    #[arg(value_name = "CODE")]
    pub code: Option<String>,

    /// 输出格式
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// 缓存所在的文件夹（默认为环境变量 REPORT_LINT_CACHE_DIR，再次为当前文件夹下的 .report-lint-cache）
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// 通过标准输入输出通信（默认即如此；编辑器客户端会加上这个参数）
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Args)]
pub struct WebArgs {
    /// 写入这个文件；`-` 表示标准输出
    #[arg(
        short = 'o',
        long,
        value_name = "FILE",
        default_value = "年报检查.html"
    )]
    pub output: PathBuf,
}

/// Output formats of `check` and `fix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    JsonReport,
    Sarif,
    Github,
    Csv,
    Html,
}

impl Format {
    /// Formats a program reads: the closing summary goes to stderr, no progress bar.
    pub fn is_machine(self) -> bool {
        self != Format::Text
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

/// The lowest severity that makes the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Threshold {
    Info,
    Warning,
    Error,
}

impl Threshold {
    pub fn severity(self) -> Severity {
        match self {
            Threshold::Info => Severity::Info,
            Threshold::Warning => Severity::Warning,
            Threshold::Error => Severity::Error,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
