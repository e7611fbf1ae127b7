//! The two official templates as data: the rows and columns of each table and
//! the identities between them. A rule iterates these tables instead of
//! spelling labels out, so a third template is a new entry here.
//!
//! Sources: 国办公开办函〔2019〕60号 (trial template, report years 2019–2020)
//! and 国办公开办函〔2021〕30号 (report years 2021 onward).

use serde::Serialize;

/// Which official template a report's tables follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TemplateVersion {
    V2019,
    V2021,
    Unknown,
}

impl TemplateVersion {
    pub fn label(self) -> &'static str {
        match self {
            TemplateVersion::V2019 => "2019年版（国办公开办函〔2019〕60号）",
            TemplateVersion::V2021 => "2021年版（国办公开办函〔2021〕30号）",
            TemplateVersion::Unknown => "未识别",
        }
    }

    /// The template a report for `year` must use (DOMAIN §3.4).
    pub fn expected_for_year(year: u16) -> Option<TemplateVersion> {
        match year {
            2019 | 2020 => Some(TemplateVersion::V2019),
            y if y >= 2021 => Some(TemplateVersion::V2021),
            _ => None,
        }
    }
}

/// The canonical key of a table 三 row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum RequestRow {
    /// 一、本年新收政府信息公开申请数量
    NewRequests,
    /// 二、上年结转政府信息公开申请数量
    CarriedOver,
    /// （一）予以公开
    Granted,
    /// （二）部分公开
    PartlyGranted,
    /// （三）不予公开 k.
    Withheld(u8),
    /// （四）无法提供 k.
    Unavailable(u8),
    /// （五）不予处理 k.
    NotProcessed(u8),
    /// （六）其他处理: 0 for the single 2019 row, k for the 2021 sub-rows.
    OtherHandling(u8),
    /// （七）总计
    ResultsTotal,
    /// 四、结转下年度继续办理
    CarriedForward,
}

/// The results groups of table 三 whose members are numbered sub-rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RequestGroup {
    Withheld,
    Unavailable,
    NotProcessed,
    OtherHandling,
}

impl RequestGroup {
    pub const ALL: [RequestGroup; 4] = [
        RequestGroup::Withheld,
        RequestGroup::Unavailable,
        RequestGroup::NotProcessed,
        RequestGroup::OtherHandling,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RequestGroup::Withheld => "（三）不予公开",
            RequestGroup::Unavailable => "（四）无法提供",
            RequestGroup::NotProcessed => "（五）不予处理",
            RequestGroup::OtherHandling => "（六）其他处理",
        }
    }

    /// The group label without its ordinal, as matched in text.
    pub fn bare_label(self) -> &'static str {
        match self {
            RequestGroup::Withheld => "不予公开",
            RequestGroup::Unavailable => "无法提供",
            RequestGroup::NotProcessed => "不予处理",
            RequestGroup::OtherHandling => "其他处理",
        }
    }

    pub fn ordinal(self) -> &'static str {
        match self {
            RequestGroup::Withheld => "三",
            RequestGroup::Unavailable => "四",
            RequestGroup::NotProcessed => "五",
            RequestGroup::OtherHandling => "六",
        }
    }

    pub fn row(self, k: u8) -> RequestRow {
        match self {
            RequestGroup::Withheld => RequestRow::Withheld(k),
            RequestGroup::Unavailable => RequestRow::Unavailable(k),
            RequestGroup::NotProcessed => RequestRow::NotProcessed(k),
            RequestGroup::OtherHandling => RequestRow::OtherHandling(k),
        }
    }

    /// Canonical sub-row labels (without their number) in template order.
    pub fn sub_rows(self, version: TemplateVersion) -> &'static [&'static str] {
        match self {
            RequestGroup::Withheld => &[
                "属于国家秘密",
                "其他法律行政法规禁止公开",
                "危及“三安全一稳定”",
                "保护第三方合法权益",
                "属于三类内部事务信息",
                "属于四类过程性信息",
                "属于行政执法案卷",
                "属于行政查询事项",
            ],
            RequestGroup::Unavailable => &[
                "本机关不掌握相关政府信息",
                "没有现成信息需要另行制作",
                "补正后申请内容仍不明确",
            ],
            RequestGroup::NotProcessed => &[
                "信访举报投诉类申请",
                "重复申请",
                "要求提供公开出版物",
                "无正当理由大量反复申请",
                "要求行政机关确认或重新出具已获取信息",
            ],
            RequestGroup::OtherHandling => match version {
                TemplateVersion::V2019 => &[],
                _ => &[
                    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                    "其他",
                ],
            },
        }
    }
}

impl RequestRow {
    pub fn group(self) -> Option<RequestGroup> {
        match self {
            RequestRow::Withheld(_) => Some(RequestGroup::Withheld),
            RequestRow::Unavailable(_) => Some(RequestGroup::Unavailable),
            RequestRow::NotProcessed(_) => Some(RequestGroup::NotProcessed),
            RequestRow::OtherHandling(k) if k > 0 => Some(RequestGroup::OtherHandling),
            _ => None,
        }
    }

    /// The sub-row number within its group (1-based), if it is a sub-row.
    pub fn sub_index(self) -> Option<u8> {
        match self {
            RequestRow::Withheld(k)
            | RequestRow::Unavailable(k)
            | RequestRow::NotProcessed(k)
            | RequestRow::OtherHandling(k)
                if k > 0 =>
            {
                Some(k)
            }
            _ => None,
        }
    }

    /// Whether the row is one of the results rows summed into （七）总计.
    pub fn is_result(self) -> bool {
        !matches!(
            self,
            RequestRow::NewRequests
                | RequestRow::CarriedOver
                | RequestRow::ResultsTotal
                | RequestRow::CarriedForward
        )
    }

    /// The label as printed in the official template (simplified characters).
    pub fn label(self, version: TemplateVersion) -> String {
        match self {
            RequestRow::NewRequests => "一、本年新收政府信息公开申请数量".into(),
            RequestRow::CarriedOver => "二、上年结转政府信息公开申请数量".into(),
            RequestRow::Granted => "（一）予以公开".into(),
            RequestRow::PartlyGranted => {
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）".into()
            }
            RequestRow::OtherHandling(0) => "（六）其他处理".into(),
            RequestRow::ResultsTotal => "（七）总计".into(),
            RequestRow::CarriedForward => "四、结转下年度继续办理".into(),
            row => {
                let (group, k) = (row.group().expect("sub-row"), row.sub_index().unwrap_or(1));
                let text = group
                    .sub_rows(version)
                    .get(k as usize - 1)
                    .copied()
                    .unwrap_or("");
                format!("{}{}.{}", group.label(), k, text)
            }
        }
    }

    /// A short name used in messages: "（三）3.危及“三安全一稳定”" → "（三）3".
    pub fn short_name(self) -> String {
        match (self, self.group().zip(self.sub_index())) {
            (_, Some((g, k))) => format!("（{}）{}", g.ordinal(), k),
            // The row's own parenthesised note is too long for a message.
            (RequestRow::PartlyGranted, None) => "（二）部分公开".into(),
            (_, None) => self.label(TemplateVersion::V2021),
        }
    }

    /// Every row of table 三 in template order.
    pub fn all(version: TemplateVersion) -> Vec<RequestRow> {
        let mut rows = vec![
            RequestRow::NewRequests,
            RequestRow::CarriedOver,
            RequestRow::Granted,
            RequestRow::PartlyGranted,
        ];
        for group in RequestGroup::ALL {
            let n = group.sub_rows(version).len() as u8;
            if n == 0 {
                rows.push(RequestRow::OtherHandling(0));
            }
            rows.extend((1..=n).map(|k| group.row(k)));
        }
        rows.push(RequestRow::ResultsTotal);
        rows.push(RequestRow::CarriedForward);
        rows
    }
}

/// The applicant columns of table 三, in template order; the last is 总计.
pub const REQUEST_COLUMNS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// Index of the 总计 column of table 三.
pub const REQUEST_TOTAL_COLUMN: usize = 6;

/// Header words of table 三 (besides the column names): cells made only of
/// these are skipped when reading rows.
pub const REQUEST_HEADER_WORDS: [&str; 5] = [
    "本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和",
    "申请人情况",
    "法人或其他组织",
    "三、本年度办理结果",
    "本年度办理结果",
];

/// The three groups of table 四, each five columns ending in 总计.
pub const REVIEW_GROUPS: [&str; 3] = [
    "行政复议",
    "行政诉讼（未经复议直接起诉）",
    "行政诉讼（复议后起诉）",
];

/// The five columns of each table 四 group.
pub const REVIEW_COLUMNS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// Header words of table 四.
pub const REVIEW_HEADER_WORDS: [&str; 9] = [
    "行政复议",
    "行政诉讼",
    "未经复议直接起诉",
    "复议后起诉",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
];

/// The header labels of table 三 as the template prints them, each with how
/// many times it appears. Longer labels come first: "其他" is also part of
/// "法人或其他组织", so counting must take the longer label out first.
pub const REQUEST_HEADER: [(&str, usize); 9] = [
    ("法人或其他组织", 1),
    ("社会公益组织", 1),
    ("法律服务机构", 1),
    ("申请人情况", 1),
    ("商业企业", 1),
    ("科研机构", 1),
    ("自然人", 1),
    ("其他", 1),
    ("总计", 1),
];

/// The header labels of table 四, each with how many times it appears
/// (every group repeats the five result columns), longer labels first.
pub const REVIEW_HEADER: [(&str, usize); 9] = [
    ("未经复议直接起诉", 1),
    ("复议后起诉", 1),
    ("行政复议", 1),
    ("行政诉讼", 1),
    ("结果维持", 3),
    ("结果纠正", 3),
    ("其他结果", 3),
    ("尚未审结", 3),
    ("总计", 3),
];

/// One block of table 二 (第二十条第（X）项): its rows and value columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProactiveBlockSpec {
    /// The item of 条例第二十条: 1, 5, 6, 8 or 9.
    pub item: u8,
    pub columns: &'static [&'static str],
    pub rows: &'static [&'static str],
}

pub const PROACTIVE_2021: [ProactiveBlockSpec; 4] = [
    ProactiveBlockSpec {
        item: 1,
        columns: &["本年制发件数", "本年废止件数", "现行有效件数"],
        rows: &["规章", "行政规范性文件"],
    },
    ProactiveBlockSpec {
        item: 5,
        columns: &["本年处理决定数量"],
        rows: &["行政许可"],
    },
    ProactiveBlockSpec {
        item: 6,
        columns: &["本年处理决定数量"],
        rows: &["行政处罚", "行政强制"],
    },
    ProactiveBlockSpec {
        item: 8,
        columns: &["本年收费金额(单位:万元)"],
        rows: &["行政事业性收费"],
    },
];

pub const PROACTIVE_2019: [ProactiveBlockSpec; 5] = [
    ProactiveBlockSpec {
        item: 1,
        columns: &["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        rows: &["规章", "规范性文件"],
    },
    ProactiveBlockSpec {
        item: 5,
        columns: &["上一年项目数量", "本年增/减", "处理决定数量"],
        rows: &["行政许可", "其他对外管理服务事项"],
    },
    ProactiveBlockSpec {
        item: 6,
        columns: &["上一年项目数量", "本年增/减", "处理决定数量"],
        rows: &["行政处罚", "行政强制"],
    },
    ProactiveBlockSpec {
        item: 8,
        columns: &["上一年项目数量", "本年增/减"],
        rows: &["行政事业性收费"],
    },
    ProactiveBlockSpec {
        item: 9,
        columns: &["采购项目数量", "采购总金额"],
        rows: &["政府集中采购"],
    },
];

impl ProactiveBlockSpec {
    pub fn for_version(version: TemplateVersion) -> &'static [ProactiveBlockSpec] {
        match version {
            TemplateVersion::V2019 => &PROACTIVE_2019,
            _ => &PROACTIVE_2021,
        }
    }
}

/// Labels that only the 2019 template has (DOMAIN §2.5).
pub const MARKERS_2019: [&str; 6] = [
    "本年新制作数量",
    "对外公开总数量",
    "其他对外管理服务事项",
    "第二十条第(九)项",
    "政府集中采购",
    "上一年项目数量",
];

/// Labels that only the 2021 template has.
pub const MARKERS_2021: [&str; 3] = ["本年制发件数", "现行有效件数", "本年收费金额"];

/// Canonical section headings and the variants seen in published reports
/// (DOMAIN §1.2). The first entry of each list is canonical.
pub const SECTION_HEADINGS: [&[&str]; 6] = [
    &["总体情况"],
    &["主动公开政府信息情况", "行政机关主动公开政府信息情况"],
    &[
        "收到和处理政府信息公开申请情况",
        "行政机关收到和处理政府信息公开申请情况",
    ],
    &[
        "政府信息公开行政复议、行政诉讼情况",
        "因政府信息公开申请行政复议、提起行政诉讼情况",
        "因政府信息公开被申请行政复议、提起行政诉讼情况",
        "政府信息公开行政复议和行政诉讼情况",
        "政府信息公开行政复议、诉讼情况",
    ],
    &[
        "存在的主要问题及改进情况",
        "政府信息公开工作存在的主要问题及改进情况",
        "存在的主要问题和改进措施",
        "存在问题及改进情况",
        "存在的主要问题及改进措施",
        "政府信息公开工作存在的主要问题及改进措施",
    ],
    &["其他需要报告的事项"],
];
