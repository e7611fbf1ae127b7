//! The words of a report: the fixed sentences every report has (basis,
//! statistics period, the requests paragraph whose counts and percentages
//! come from table 三, fees), and filler paragraphs composed from phrase
//! pools so that no two reports read alike and sizes can be set.
//!
//! Text is written in simplified characters with full-width punctuation;
//! layouts and the traditional script are applied when rendering.
//!
//! Everything written here must be correct on its face, because a report
//! is only as useful to the tests as it is clean: enumerations count up from
//! 一是, totals introduced by 共 are followed only by parts that add up to
//! them, every percentage is its count over a denominator stated before it,
//! rounded half up, and no year other than the report year and the next one
//! appears outside citations.

use crate::model::{AgencyKind, Model, Row3, Template, TOTAL};
use crate::random::Random;

/// The subjects filler paragraphs are written about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Topic {
    Proactive,
    Requests,
    Management,
    Platform,
    Supervision,
    Problems,
    Improvements,
}

/// A run of paragraphs under an optional sub-heading ("（一）主动公开").
/// Filler of `topic` may be appended to grow the report.
#[derive(Debug, Clone)]
pub(crate) struct Passage {
    pub subheading: Option<String>,
    pub paragraphs: Vec<String>,
    pub topic: Option<Topic>,
}

/// What fills one of the six parts besides its table.
pub(crate) struct PartText {
    pub heading: String,
    pub passages: Vec<Passage>,
}

/// The text of a report, in reading order; tables are added by the caller.
pub(crate) struct Text {
    pub title: String,
    pub preamble: Vec<String>,
    pub parts: Vec<PartText>,
}

/// Context phrases that open a sentence.
const CONTEXTS: [&str; 20] = [
    "围绕优化营商环境",
    "聚焦群众关切",
    "按照上级部署要求",
    "结合本单位职能",
    "围绕年度重点工作",
    "聚焦重大决策部署",
    "对照政务公开标准目录",
    "围绕乡村振兴战略",
    "聚焦民生保障领域",
    "按照“谁制作、谁公开”的原则",
    "结合政务服务改革",
    "围绕安全生产工作",
    "聚焦生态环境保护",
    "围绕重大建设项目",
    "按照公开标准化规范化要求",
    "结合数字政府建设",
    "围绕稳就业保民生",
    "聚焦教育医疗养老等热点",
    "围绕市场主体需求",
    "对照年度政务公开工作要点",
];

/// How a sentence ends: what the work achieved.
const RESULTS: [&str; 15] = [
    "进一步提升了政务公开的针对性和实效性",
    "有效回应了社会关切",
    "群众的获得感明显增强",
    "公开质量稳步提升",
    "得到了社会各界的广泛认可",
    "为经济社会发展营造了良好环境",
    "切实保障了人民群众的知情权、参与权和监督权",
    "政务公开工作的规范化水平不断提高",
    "推动各项政策措施落地见效",
    "增强了政府工作的透明度和公信力",
    "工作成效得到上级部门肯定",
    "形成了上下联动、协同推进的工作格局",
    "便利了企业和群众办事",
    "以公开促落实、促规范、促服务的作用得到发挥",
    "公众参与的积极性明显提高",
];

fn actions(topic: Topic) -> &'static [&'static str] {
    match topic {
        Topic::Proactive => &[
            "及时公开政策文件和执行情况",
            "同步发布政策解读材料",
            "做好财政预决算和“三公”经费信息公开",
            "全面落实行政执法公示制度",
            "加大重点领域信息公开力度",
            "及时发布权威信息回应社会关切",
            "做好重大建设项目批准和实施信息公开",
            "推进公共资源配置领域信息公开",
            "开展重大决策预公开",
            "规范行政规范性文件的统一登记和公布",
            "及时更新机构职能和领导信息",
            "主动公开涉企政策和惠企措施",
        ],
        Topic::Requests => &[
            "严格按照法定程序和时限办理政府信息公开申请",
            "对申请内容不明确的及时告知申请人补正",
            "组织业务科室和法律顾问集体研究疑难复杂申请",
            "规范答复文书格式并载明救济途径",
            "建立依申请公开转主动公开机制",
            "加强与申请人的沟通",
            "完善依申请公开登记台账",
            "落实依申请公开办理全流程跟踪督办",
        ],
        Topic::Management => &[
            "严格执行信息发布保密审查制度",
            "动态更新政府信息公开指南和主动公开目录",
            "定期开展已公开信息清理",
            "建立公开属性源头认定机制",
            "加强个人信息保护",
            "完善政策文件库建设",
            "健全政府信息公开工作台账",
            "规范政府信息公开工作流程",
            "落实政府信息公开工作年度报告制度",
            "做好行政规范性文件的清理和有效性标注",
        ],
        Topic::Platform => &[
            "持续优化政府网站栏目设置",
            "加强政务新媒体规范管理",
            "推进政务公开专区标准化建设",
            "完善网站无障碍功能和适老化改造",
            "优化网站检索功能",
            "做好政府公报的编辑发行",
            "在办事大厅设置政府信息公开查阅点",
            "开设政策问答专栏",
            "推动网站与新媒体内容同步发布",
            "加强政务服务热线与网站的联动",
        ],
        Topic::Supervision => &[
            "调整充实政务公开工作领导小组",
            "将政务公开工作纳入年度绩效考核",
            "组织政务公开业务培训",
            "主动接受社会监督",
            "聘请社会监督员",
            "开展政务公开社会评议",
            "定期检查政府网站和政务新媒体",
            "建立政务公开工作月调度机制",
            "邀请第三方机构开展评估",
            "严格落实责任追究制度",
        ],
        Topic::Problems => &[
            "主动公开的深度和广度还不够，部分信息只公开结果、未公开过程",
            "政策解读形式较为单一，图解、视频等解读方式运用较少",
            "依申请公开答复文书的规范性有待进一步提高",
            "政务新媒体信息更新不够及时，与群众的互动交流不够充分",
            "基层政务公开标准化规范化建设还需持续深化",
            "工作人员业务能力与新形势新要求相比还有差距",
            "公众参与渠道还不够丰富，决策公开的实效有待提升",
            "部分栏目信息分类不够清晰，查找不够便捷",
        ],
        Topic::Improvements => &[
            "对照主动公开目录逐项梳理，扩大决策过程和执行结果信息公开范围",
            "丰富政策解读形式，重要政策文件做到图文解读全覆盖",
            "组织依申请公开业务培训，统一答复文书模板，邀请法律顾问参与审核",
            "加强政务新媒体日常管理，提高信息发布的时效性",
            "推进基层政务公开标准目录的动态调整，提升公开的规范化水平",
            "健全公众参与机制，拓展网上征求意见、座谈听证等参与渠道",
            "优化网站栏目设置，提升政府信息的可查询性和易获取性",
            "加强业务学习和交流，提升工作人员的政策把握能力",
        ],
    }
}

/// Sentences with figures. `{n}` is a count, `{k}` a small count, `{m}` a
/// large one, `{p}` a share with one decimal, `{S}` the county website,
/// `{W}` how the agency names itself, `{Y}` the report year. A `{p}` never
/// follows a count closely: it is a rate, not the count's share.
fn figures(topic: Topic) -> &'static [&'static str] {
    match topic {
        Topic::Proactive => &[
            "全年通过{S}发布各类政务信息{n}条，做到应公开尽公开。",
            "全年开展决策预公开{k}次，公开征求意见的时间一般不少于三十日。",
            "组织召开新闻发布会{k}场，由业务科室负责同志解读政策、回答提问。",
            "主要负责同志带头解读重要政策{k}次，解读形式包括图文、视频和在线访谈。",
            "以“政府开放日”为载体，全年举办活动{k}期，邀请人大代表、政协委员和群众代表走进机关。",
            "通过政务新媒体发布信息{n}条，阅读量累计达{m}人次。",
            "全年公开重点领域信息{n}条，内容涵盖教育、医疗、养老、就业等方面。",
        ],
        Topic::Requests => &[
            "全年开展依申请公开业务培训{k}次，对办理流程和答复规范进行讲解。",
            "梳理申请人关注度较高的政府信息，转为主动公开{k}条。",
        ],
        Topic::Management => &[
            "全年清理过期失效信息{n}条，修改错误链接{k}个。",
            "对现行有效的行政规范性文件进行全面梳理，全年清理文件{k}件。",
            "全年开展保密审查{n}次，未发生泄密事件。",
            "更新政府信息公开指南{k}次，确保指南内容与实际工作一致。",
        ],
        Topic::Platform => &[
            "通过政务公开专区为群众提供政策咨询{n}次。",
            "全年编发政府公报{k}期，免费向公众发放。",
            "围绕群众关心的问题编写政策问答材料{k}篇。",
            "全年开展政府网站和政务新媒体自查{k}次，整改问题{k}个。",
            "政府网站全年访问量达{m}人次，网站运行安全平稳。",
        ],
        Topic::Supervision => &[
            "全年组织政务公开业务培训{k}场，参训{n}人次。",
            "聘请社会监督员{k}名，定期听取对政务公开工作的意见和建议。",
            "开展政务公开社会评议{k}次。群众对政务公开工作的满意度达{p}%。",
            "本年度未发生因政府信息公开工作引发的责任追究情况。",
            "全年召开政务公开专题会议{k}次，研究解决工作中的问题。",
        ],
        Topic::Problems | Topic::Improvements => &[],
    }
}

/// Chinese numerals for enumerations (一是 … 十是).
const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// Writes the sentences of one report. It remembers which sentences with
/// figures it wrote: each is used once, so that a report never states two
/// different counts of the same thing.
pub(crate) struct Writer<'a> {
    model: &'a Model,
    /// The county website the report is published on.
    site: String,
    used: Vec<&'static str>,
    itemised: bool,
}

impl<'a> Writer<'a> {
    pub fn new(model: &'a Model) -> Writer<'a> {
        Writer {
            model,
            site: format!("{}人民政府门户网站", model.agency.county),
            used: Vec::new(),
            itemised: false,
        }
    }

    fn fill(&self, rng: &mut Random, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            match &rest[open + 1..open + close] {
                "n" => out.push_str(&rng.range(10, 999).to_string()),
                "k" => out.push_str(&rng.range(1, 12).to_string()),
                "m" => out.push_str(&rng.range(1000, 99_999).to_string()),
                "p" => out.push_str(&format!("{}.{}", rng.range(90, 99), rng.range(0, 9))),
                "S" => out.push_str(&self.site),
                "W" => out.push_str(self.model.agency.we),
                "Y" => out.push_str(&self.model.year.to_string()),
                other => out.push_str(other),
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn combo(&self, rng: &mut Random, topic: Topic) -> String {
        let context = rng.pick(&CONTEXTS);
        let action = rng.pick(actions(topic));
        let result = rng.pick(&RESULTS);
        match rng.below(3) {
            0 => format!("{context}，{action}，{result}。"),
            1 => format!("{}{action}，{result}。", self.model.agency.we),
            _ => format!("{context}，{}{action}。", self.model.agency.we),
        }
    }

    /// "一是…；二是…；三是…。" — numbered from 一 without gaps.
    fn enumeration(&self, rng: &mut Random, topic: Topic, lead: &str) -> String {
        let count = rng.range(2, 5) as usize;
        let items = rng.sample(actions(topic), count);
        let body: Vec<String> = items
            .iter()
            .zip(NUMERALS)
            .map(|(item, n)| format!("{n}是{item}"))
            .collect();
        format!("{lead}{}。", body.join("；"))
    }

    /// A total introduced by 共 and parts that add up to it exactly.
    fn itemised(&self, rng: &mut Random) -> String {
        if rng.chance(0.5) {
            let parts: Vec<u64> = (0..4).map(|_| rng.range(10, 400)).collect();
            format!(
                "全年共发布政务信息{}条，分别为：第一季度{}条，第二季度{}条，第三季度{}条，第四季度{}条。",
                parts.iter().sum::<u64>(),
                parts[0],
                parts[1],
                parts[2],
                parts[3]
            )
        } else {
            let kinds = rng.sample(
                &[
                    "政策文件类",
                    "机构职能类",
                    "行政许可和行政处罚结果类",
                    "人事信息类",
                    "财政信息类",
                    "其他类",
                ],
                3,
            );
            let parts: Vec<u64> = kinds.iter().map(|_| rng.range(5, 300)).collect();
            let list: Vec<String> = kinds
                .iter()
                .zip(&parts)
                .map(|(k, n)| format!("{k}{n}条"))
                .collect();
            format!(
                "{}年，共主动公开政府信息{}条，其中{}。",
                self.model.year,
                parts.iter().sum::<u64>(),
                list.join("、")
            )
        }
    }

    /// A filler paragraph about `topic`.
    pub fn filler(&mut self, rng: &mut Random, topic: Topic) -> String {
        match topic {
            Topic::Problems => {
                return self.enumeration(rng, topic, "经认真查摆，主要存在以下问题：")
            }
            Topic::Improvements => {
                let we = self.model.agency.we;
                return self.enumeration(rng, topic, &format!("下一步，{we}将重点做好以下工作："));
            }
            _ => {}
        }
        if rng.chance(0.25) {
            let lead = format!("{}主要做了以下工作：", self.model.agency.we);
            return self.enumeration(rng, topic, &lead);
        }
        if topic == Topic::Proactive && !self.itemised && rng.chance(0.3) {
            self.itemised = true;
            return self.itemised(rng);
        }
        let sentences = rng.range(2, 5);
        let mut paragraph = String::new();
        for _ in 0..sentences {
            let pool = figures(topic);
            let template = (!pool.is_empty() && rng.chance(0.35)).then(|| rng.pick(pool));
            match template.filter(|t| !self.used.contains(t)) {
                Some(template) => {
                    self.used.push(template);
                    paragraph.push_str(&self.fill(rng, template));
                }
                None => paragraph.push_str(&self.combo(rng, topic)),
            }
        }
        paragraph
    }
}

/// `count` of `denominator` in percent, rounded half up to two places.
fn percent(count: u64, denominator: u64) -> String {
    let (n, d) = (u128::from(count), u128::from(denominator.max(1)));
    let hundredths = (n * 10_000 * 2 + d) / (2 * d);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// The paragraph of 一（二）: counts and shares, all taken from table 三.
fn requests_paragraph(model: &Model) -> String {
    let t = &model.table3;
    let total = |row| t.get(row)[TOTAL];
    let (new, carried, handled, forward) = (
        total(Row3::New),
        total(Row3::Carried),
        total(Row3::Total),
        total(Row3::Forward),
    );
    let mut s = String::new();
    if new == 0 {
        s.push_str("本年度未收到政府信息公开申请。");
    } else {
        s.push_str(&format!("全年共收到政府信息公开申请{new}件"));
        let channels: Vec<String> = model
            .channels
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(how, n)| format!("{how}{n}件，占{}%", percent(*n, new)))
            .collect();
        if channels.len() > 1 {
            s.push_str(&format!("，其中{}。", channels.join("；")));
        } else {
            s.push('。');
        }
    }
    if carried > 0 {
        s.push_str(&format!("上年结转{carried}件。"));
    }
    if handled > 0 {
        let results = [
            ("予以公开", total(Row3::Granted)),
            ("部分公开", total(Row3::Partly)),
            ("不予公开", t.total_of(|r| matches!(r, Row3::Withheld(_)))),
            (
                "无法提供",
                t.total_of(|r| matches!(r, Row3::Unavailable(_))),
            ),
            (
                "不予处理",
                t.total_of(|r| matches!(r, Row3::NotProcessed(_))),
            ),
            ("其他处理", t.total_of(|r| matches!(r, Row3::Other(_)))),
        ];
        let listed: Vec<String> = results
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(what, n)| format!("{what}{n}件，占{}%", percent(*n, handled)))
            .collect();
        s.push_str(&format!(
            "全年共办结{handled}件，其中{}。",
            listed.join("；")
        ));
        let disclosed = total(Row3::Granted) + total(Row3::Partly);
        s.push_str(&format!(
            "依申请公开的公开率为{}%。",
            percent(disclosed, handled)
        ));
    }
    if forward > 0 {
        s.push_str(&format!(
            "结转下年度继续办理{forward}件，将在法定期限内答复。"
        ));
    } else if handled > 0 {
        s.push_str("所有申请均在法定期限内答复。");
    }
    s
}

fn passage(subheading: &str, paragraphs: Vec<String>, topic: Option<Topic>) -> Passage {
    Passage {
        subheading: (!subheading.is_empty()).then(|| subheading.to_string()),
        paragraphs,
        topic,
    }
}

/// Headings as the template words them, or one of the variants reports use
/// (DOMAIN §1.2).
fn heading(rng: &mut Random, n: usize) -> String {
    let variants: &[&str] = match n {
        0 => &["总体情况"],
        1 => &["主动公开政府信息情况", "行政机关主动公开政府信息情况"],
        2 => &["收到和处理政府信息公开申请情况"],
        3 => &[
            "政府信息公开行政复议、行政诉讼情况",
            "因政府信息公开申请行政复议、提起行政诉讼情况",
        ],
        4 => &[
            "存在的主要问题及改进情况",
            "政府信息公开工作存在的主要问题及改进情况",
            "存在的主要问题和改进措施",
        ],
        _ => &["其他需要报告的事项"],
    };
    let words = if rng.chance(0.8) {
        variants[0]
    } else {
        rng.pick(variants)
    };
    format!("{}、{words}", NUMERALS[n])
}

pub(crate) fn title(model: &Model) -> String {
    format!(
        "{}{}年政府信息公开工作年度报告",
        model.agency.name, model.year
    )
}

/// The text of a report with no filler beyond one paragraph per passage.
pub(crate) fn text(writer: &mut Writer, rng: &mut Random) -> Text {
    let model = writer.model;
    let (y, we, name) = (model.year, model.agency.we, &model.agency.name);
    let basis = match model.template {
        Template::V2021 => {
            "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
        }
        Template::V2019 => {
            "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"
        }
    };
    let period = match rng.below(3) {
        0 => format!("本报告所列数据统计期限为{y}年1月1日至{y}年12月31日。"),
        1 => format!("本报告所列数据统计期限自{y}年1月1日起到{y}年12月31日止。"),
        _ => format!("本报告使用数据统计时间为{y}年1月1日至12月31日。"),
    };
    let phone = format!(
        "0{}-{}",
        rng.range(510, 899),
        rng.range(61_000_000, 89_999_999)
    );
    let preamble = format!(
        "本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）和{basis}要求编制。\
         {period}本报告电子版可在{}“政府信息公开”专栏查阅和下载。如对本报告有疑问，请与{name}办公室联系（电话：{phone}）。",
        writer.site
    );
    let opening = format!(
        "{y}年，{name}认真贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，严格执行《条例》，\
         坚持以公开为常态、不公开为例外，围绕中心工作持续推进政府信息公开，各项工作取得积极成效。"
    );
    let mut one = vec![passage("", vec![opening], None)];
    for (sub, topic) in [
        ("（一）主动公开", Topic::Proactive),
        ("（二）依申请公开", Topic::Requests),
        ("（三）政府信息管理", Topic::Management),
        ("（四）政府信息公开平台建设", Topic::Platform),
        ("（五）监督保障", Topic::Supervision),
    ] {
        let mut paragraphs = Vec::new();
        if topic == Topic::Requests {
            paragraphs.push(requests_paragraph(model));
        }
        paragraphs.push(writer.filler(rng, topic));
        one.push(passage(sub, paragraphs, Some(topic)));
    }
    let review = &model.table4;
    let fee = match model.template {
        Template::V2021 => "（一）信息处理费收取情况。依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度未收取信息处理费。",
        Template::V2019 => "（一）收费及减免情况。本年度办理政府信息公开申请未收取任何费用。",
    };
    let county_office = format!("{}人民政府办公室", model.agency.county);
    let signed = model.published;
    let six = vec![
        fee.to_string(),
        format!(
            "（二）落实上级年度政务公开工作要点情况。按照{county_office}印发的{y}年政务公开工作要点，\
             {we}逐项明确责任科室和完成时限，各项任务均已按期完成。"
        ),
        format!(
            "（三）人大代表建议和政协提案办理结果公开情况。本年度承办人大代表建议{}件、政协提案{}件，办理结果均已按规定公开。",
            rng.range(0, 20),
            rng.range(0, 20)
        ),
        name.to_string(),
        format!("{}年{}月{}日", signed.year, signed.month, signed.day),
    ];
    let township_note = (model.agency.kind == AgencyKind::Township)
        .then(|| format!("{we}按照{county_office}的统一部署开展政务公开工作。"));
    let mut two = vec![format!("{we}主动公开政府信息情况如下：")];
    two.extend(township_note);
    let parts = vec![
        PartText {
            heading: heading(rng, 0),
            passages: one,
        },
        PartText {
            heading: heading(rng, 1),
            passages: vec![passage("", two, None)],
        },
        PartText {
            heading: heading(rng, 2),
            passages: vec![passage(
                "",
                vec![format!("{we}收到和处理政府信息公开申请情况如下：")],
                None,
            )],
        },
        PartText {
            heading: heading(rng, 3),
            passages: vec![passage(
                "",
                vec![format!(
                    "本年度因政府信息公开被申请行政复议{}件、被提起行政诉讼{}件，具体情况如下：",
                    review[4],
                    review[9] + review[14]
                )],
                None,
            )],
        },
        PartText {
            heading: heading(rng, 4),
            passages: vec![
                passage(
                    "（一）存在的主要问题",
                    vec![writer.filler(rng, Topic::Problems)],
                    Some(Topic::Problems),
                ),
                passage(
                    "（二）改进情况",
                    vec![writer.filler(rng, Topic::Improvements)],
                    Some(Topic::Improvements),
                ),
            ],
        },
        PartText {
            heading: heading(rng, 5),
            passages: vec![passage("", six, None)],
        },
    ];
    Text {
        title: title(model),
        preamble: vec![preamble],
        parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(22, 49), "44.90");
        assert_eq!(percent(3, 13), "23.08");
        assert_eq!(percent(1, 8), "12.50");
        assert_eq!(percent(5, 5), "100.00");
    }
}
