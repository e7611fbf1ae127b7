//! The facts one report states: who publishes it, for which year, and every
//! figure of its three tables. Figures are drawn so that every identity of
//! DOMAIN.md §3.1 holds by construction: table 三 rows add up across, results
//! add up to （七）总计 in every column, 新收 + 结转 = 总计 + 结转下年度 in every
//! column, and each table 四 group adds up to its 总计.

use crate::random::Random;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Template {
    /// 国办公开办函〔2019〕60号, report years 2019–2020.
    V2019,
    /// 国办公开办函〔2021〕30号, report years 2021 onward.
    V2021,
}

/// Which publication deadline of 条例第四十九条 applies (DOMAIN §0.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AgencyKind {
    /// A department of a county government: publishes by 31 January.
    Department,
    /// A county government's own report: publishes by 31 March.
    Government,
    /// A township or sub-district: deadlines come from local notices.
    Township,
}

#[derive(Debug, Clone)]
pub(crate) struct Agency {
    pub name: String,
    pub kind: AgencyKind,
    /// The county the agency belongs to ("青溪县").
    pub county: String,
    /// How the report refers to the agency ("我局").
    pub we: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// A row of table 三. Sub-rows carry their 1-based number; `Other(0)` is the
/// single （六）其他处理 row of the 2019 template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Row3 {
    New,
    Carried,
    Granted,
    Partly,
    Withheld(u8),
    Unavailable(u8),
    NotProcessed(u8),
    Other(u8),
    Total,
    Forward,
}

impl Row3 {
    /// The rows of the results block, summed into （七）总计, in template order.
    pub fn results(template: Template) -> Vec<Row3> {
        let mut rows = vec![Row3::Granted, Row3::Partly];
        rows.extend((1..=8).map(Row3::Withheld));
        rows.extend((1..=3).map(Row3::Unavailable));
        rows.extend((1..=5).map(Row3::NotProcessed));
        match template {
            Template::V2019 => rows.push(Row3::Other(0)),
            Template::V2021 => rows.extend((1..=3).map(Row3::Other)),
        }
        rows
    }
}

/// Applicant columns of table 三 (自然人 … 其他) followed by 总计.
pub(crate) const COLUMNS: usize = 7;
pub(crate) const TOTAL: usize = 6;

#[derive(Debug, Clone)]
pub(crate) struct Table3 {
    /// Every row in template order, 总计 column included.
    pub rows: Vec<(Row3, [u64; COLUMNS])>,
}

impl Table3 {
    pub fn get(&self, key: Row3) -> [u64; COLUMNS] {
        self.rows
            .iter()
            .find(|(k, _)| *k == key)
            .map_or([0; COLUMNS], |(_, v)| *v)
    }

    /// The 总计 of every row `member` selects, summed (a group's total).
    pub fn total_of(&self, member: impl Fn(Row3) -> bool) -> u64 {
        self.rows
            .iter()
            .filter(|(k, _)| member(*k))
            .map(|(_, v)| v[TOTAL])
            .sum()
    }
}

/// A figure of table 二, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Figure {
    Count(u64),
    /// 2019's 本年增/减, which may be negative.
    Signed(i64),
    /// An amount already formatted, with its unit if it has one ("35.62", "79000.1元").
    Amount(String),
    /// `/`: the agency cannot make 规章.
    NotApplicable,
}

impl Figure {
    pub fn text(&self) -> String {
        match self {
            Figure::Count(n) => n.to_string(),
            Figure::Signed(n) => n.to_string(),
            Figure::Amount(s) => s.clone(),
            Figure::NotApplicable => "/".into(),
        }
    }
}

/// One 第二十条第（X）项 block of table 二.
#[derive(Debug, Clone)]
pub(crate) struct Block2 {
    /// The item as a Chinese numeral: 一, 五, 六, 八, 九.
    pub item: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<(&'static str, Vec<Figure>)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub agency: Agency,
    pub year: u16,
    pub template: Template,
    pub published: Date,
    pub table2: Vec<Block2>,
    pub table3: Table3,
    /// 行政复议, 未经复议直接起诉, 复议后起诉: 维持 纠正 其他 未结 总计 each.
    pub table4: [u64; 15],
    /// How the new requests arrived, adding up to 一、本年新收 总计.
    pub channels: Vec<(&'static str, u64)>,
}

const PLACES: [&str; 30] = [
    "青溪", "云岭", "安平", "永宁", "长河", "东湖", "西山", "南岗", "北塘", "金川", "石门", "桃源",
    "清河", "新安", "丰乐", "宁远", "华阳", "龙泉", "凤城", "临江", "平湖", "白水", "兴隆", "广安",
    "德兴", "红旗", "柳林", "松山", "梅岭", "江北",
];

const TOWNS: [&str; 16] = [
    "城关", "河口", "新街", "大坝", "双桥", "高桥", "三合", "太平", "长岭", "白沙", "马场", "花园",
    "东城", "西城", "南门", "北关",
];

/// County departments and how their reports refer to themselves.
const DEPARTMENTS: [(&str, &str); 21] = [
    ("市场监督管理局", "我局"),
    ("交通运输局", "我局"),
    ("卫生健康局", "我局"),
    ("生态环境分局", "我局"),
    ("教育局", "我局"),
    ("财政局", "我局"),
    ("自然资源局", "我局"),
    ("住房和城乡建设局", "我局"),
    ("人力资源和社会保障局", "我局"),
    ("民政局", "我局"),
    ("司法局", "我局"),
    ("农业农村局", "我局"),
    ("文化和旅游局", "我局"),
    ("应急管理局", "我局"),
    ("医疗保障局", "我局"),
    ("统计局", "我局"),
    ("水利局", "我局"),
    ("商务局", "我局"),
    ("发展和改革局", "我局"),
    ("人民政府办公室", "我办"),
    ("卫生健康委员会", "我委"),
];

const COUNTY_SUFFIXES: [&str; 3] = ["县", "区", "市"];

/// What kind of agency, among the county's departments, the county
/// government and its townships: `0..21` a department, 21 the government,
/// then two kinds of township per town.
const AGENCY_CHOICES: usize = DEPARTMENTS.len() + 1 + 2 * TOWNS.len();

fn agency_of(place: usize, suffix: usize, choice: usize) -> Agency {
    let county = format!("{}{}", PLACES[place], COUNTY_SUFFIXES[suffix]);
    if let Some((dept, we)) = DEPARTMENTS.get(choice) {
        return Agency {
            name: format!("{county}{dept}"),
            kind: AgencyKind::Department,
            county,
            we,
        };
    }
    let Some(township) = choice.checked_sub(DEPARTMENTS.len() + 1) else {
        return Agency {
            name: format!("{county}人民政府"),
            kind: AgencyKind::Government,
            county,
            we: "本机关",
        };
    };
    let town = TOWNS[township / 2 % TOWNS.len()];
    let (suffix, we) = [("镇人民政府", "我镇"), ("街道办事处", "我街道")][township % 2];
    Agency {
        name: format!("{county}{town}{suffix}"),
        kind: AgencyKind::Township,
        county,
        we,
    }
}

/// Mostly departments; one report in ten from a county government and one
/// from a township.
fn random_agency(rng: &mut Random) -> Agency {
    let place = rng.below(PLACES.len() as u64) as usize;
    let suffix = rng.below(COUNTY_SUFFIXES.len() as u64) as usize;
    let choice = match rng.below(10) {
        0 => DEPARTMENTS.len(),
        1 => DEPARTMENTS.len() + 1 + rng.below(2 * TOWNS.len() as u64) as usize,
        _ => rng.below(DEPARTMENTS.len() as u64) as usize,
    };
    agency_of(place, suffix, choice)
}

/// The `n`-th of all agency names, shuffled so that neighbours differ:
/// distinct for the first 4,860 numbers.
fn numbered_agency(n: u64) -> Agency {
    let total = (PLACES.len() * COUNTY_SUFFIXES.len() * AGENCY_CHOICES) as u64;
    // 2207 is prime to the total, so this is a permutation of 0..total.
    let n = ((n % total) * 2207 + 13) % total;
    let choice = (n % AGENCY_CHOICES as u64) as usize;
    let rest = n / AGENCY_CHOICES as u64;
    let suffix = (rest % COUNTY_SUFFIXES.len() as u64) as usize;
    agency_of(
        (rest / COUNTY_SUFFIXES.len() as u64) as usize,
        suffix,
        choice,
    )
}

fn days_in(month: u8) -> u8 {
    if month == 2 {
        28
    } else {
        31
    }
}

/// A publication date that meets the deadline of 条例第四十九条.
fn published(rng: &mut Random, year: u16, kind: AgencyKind) -> Date {
    let month = match kind {
        AgencyKind::Department => 1,
        AgencyKind::Government | AgencyKind::Township => rng.range(1, 3) as u8,
    };
    Date {
        year: year + 1,
        month,
        day: rng.range(5, u64::from(days_in(month))) as u8,
    }
}

/// Splits `n` into parts proportional to `weights` by drawing each unit:
/// the parts vary from report to report like real counts do.
fn split(rng: &mut Random, n: u64, weights: &[u64]) -> Vec<u64> {
    let mut parts = vec![0; weights.len()];
    let total: u64 = weights.iter().sum();
    if total == 0 {
        if let Some(first) = parts.first_mut() {
            *first = n;
        }
        return parts;
    }
    for _ in 0..n {
        let mut draw = rng.below(total);
        for (part, w) in parts.iter_mut().zip(weights) {
            if draw < *w {
                *part += 1;
                break;
            }
            draw -= w;
        }
    }
    parts
}

/// Mostly zero, sometimes up to `max`: how rare outcomes look in real tables.
fn sparse(rng: &mut Random, zero_chance: f64, max: u64) -> u64 {
    if rng.chance(zero_chance) {
        0
    } else {
        rng.range(0, max)
    }
}

/// How many requests an agency receives in a year: most a handful, a few
/// thousands.
fn yearly_requests(rng: &mut Random) -> u64 {
    match rng.below(100) {
        0..=39 => rng.range(0, 12),
        40..=74 => rng.range(12, 120),
        75..=94 => rng.range(120, 1200),
        _ => rng.range(1200, 9000),
    }
}

/// Requests carried over (二、上年结转) and carried forward (四、结转下年度),
/// per applicant column, when a series fixes them.
type Carry = ([u64; TOTAL], [u64; TOTAL]);

fn table3(rng: &mut Random, template: Template, received: u64, carry: Option<Carry>) -> Table3 {
    let applicants = [
        rng.range(600, 950),
        rng.range(0, 250),
        sparse(rng, 0.6, 20),
        sparse(rng, 0.6, 20),
        sparse(rng, 0.4, 40),
        sparse(rng, 0.5, 30),
    ];
    let new = split(rng, received, &applicants);
    let results = Row3::results(template);
    let weights: Vec<u64> = results
        .iter()
        .map(|row| match row {
            Row3::Granted => rng.range(300, 600),
            Row3::Partly => rng.range(20, 120),
            Row3::Unavailable(1) => rng.range(60, 250),
            Row3::Unavailable(_) => sparse(rng, 0.4, 40),
            Row3::Other(0) => sparse(rng, 0.3, 60),
            _ => sparse(rng, 0.6, 25),
        })
        .collect();

    let mut columns: Vec<Vec<u64>> = vec![Vec::new(); results.len()];
    let (mut carried, mut total, mut forward) = ([0; COLUMNS], [0; COLUMNS], [0; COLUMNS]);
    let mut new_row = [0; COLUMNS];
    for c in 0..TOTAL {
        match carry {
            Some((from_last_year, into_next_year)) => {
                carried[c] = from_last_year[c];
                forward[c] = into_next_year[c];
                // What is carried forward was received or carried over.
                new_row[c] = new[c].max(forward[c].saturating_sub(carried[c]));
            }
            None => {
                new_row[c] = new[c];
                carried[c] = if rng.chance(0.5) {
                    0
                } else {
                    rng.range(0, new[c] / 6 + 1)
                };
                let pool = new[c] + carried[c];
                forward[c] = if rng.chance(0.5) {
                    0
                } else {
                    rng.range(0, pool / 8)
                };
            }
        }
        total[c] = new_row[c] + carried[c] - forward[c];
        for (row, n) in split(rng, total[c], &weights).into_iter().enumerate() {
            columns[row].push(n);
        }
    }
    let with_total = |values: &[u64]| {
        let mut row = [0; COLUMNS];
        row[..TOTAL].copy_from_slice(&values[..TOTAL]);
        row[TOTAL] = values[..TOTAL].iter().sum();
        row
    };
    let mut rows = vec![
        (Row3::New, with_total(&new_row)),
        (Row3::Carried, with_total(&carried)),
    ];
    rows.extend(
        results
            .iter()
            .zip(&columns)
            .map(|(key, values)| (*key, with_total(values))),
    );
    rows.push((Row3::Total, with_total(&total)));
    rows.push((Row3::Forward, with_total(&forward)));
    Table3 { rows }
}

fn table4(rng: &mut Random, received: u64) -> [u64; 15] {
    let max = (1 + received / 200).min(30);
    let mut cells = [0; 15];
    for group in cells.chunks_mut(5) {
        for cell in &mut group[..4] {
            *cell = sparse(rng, 0.6, max);
        }
        group[4] = group[..4].iter().sum();
    }
    cells
}

/// An amount in 万元 with up to two decimals ("35.62", "0", "3656.1").
fn amount(rng: &mut Random) -> String {
    if rng.chance(0.3) {
        return "0".into();
    }
    let cents = rng.range(1, 500_000);
    match rng.below(3) {
        0 => (cents / 100).to_string(),
        1 => format!("{}.{}", cents / 100, cents % 10),
        _ => format!("{}.{:02}", cents / 100, cents % 100),
    }
}

fn table2(rng: &mut Random, template: Template, kind: AgencyKind, scale: u64) -> Vec<Block2> {
    let count = |rng: &mut Random, max: u64| Figure::Count(rng.range(0, max));
    // A county department or township cannot make 规章 (rules); many write `/`.
    let rules = |rng: &mut Random| -> Vec<Figure> {
        if kind != AgencyKind::Government && rng.chance(0.4) {
            vec![Figure::NotApplicable; 3]
        } else {
            vec![Figure::Count(0); 3]
        }
    };
    // Busier agencies decide more cases, up to a county's largest.
    let busy = 1 + (scale / 10).min(50);
    match template {
        Template::V2021 => {
            let issued = rng.range(0, 30);
            let repealed = rng.range(0, 10);
            let in_force = issued + rng.range(0, 150);
            vec![
                Block2 {
                    item: "一",
                    columns: &["本年制发件数", "本年废止件数", "现行有效件数"],
                    rows: vec![
                        ("规章", rules(rng)),
                        (
                            "行政规范性文件",
                            vec![
                                Figure::Count(issued),
                                Figure::Count(repealed),
                                Figure::Count(in_force),
                            ],
                        ),
                    ],
                },
                Block2 {
                    item: "五",
                    columns: &["本年处理决定数量"],
                    rows: vec![("行政许可", vec![count(rng, 500 * busy)])],
                },
                Block2 {
                    item: "六",
                    columns: &["本年处理决定数量"],
                    rows: vec![
                        ("行政处罚", vec![count(rng, 100 * busy)]),
                        ("行政强制", vec![count(rng, 10 * busy)]),
                    ],
                },
                Block2 {
                    item: "八",
                    columns: &["本年收费金额（单位：万元）"],
                    rows: vec![("行政事业性收费", vec![Figure::Amount(amount(rng))])],
                },
            ]
        }
        Template::V2019 => {
            let service = |rng: &mut Random, max: u64| {
                vec![
                    Figure::Count(rng.range(0, 60)),
                    Figure::Signed(rng.range(0, 10) as i64 - 5),
                    Figure::Count(rng.range(0, max)),
                ]
            };
            let made = rng.range(0, 20);
            vec![
                Block2 {
                    item: "一",
                    columns: &["本年新制作数量", "本年新公开数量", "对外公开总数量"],
                    rows: vec![
                        ("规章", rules(rng)),
                        (
                            "规范性文件",
                            vec![
                                Figure::Count(made),
                                Figure::Count(made),
                                Figure::Count(made + rng.range(0, 120)),
                            ],
                        ),
                    ],
                },
                Block2 {
                    item: "五",
                    columns: &["上一年项目数量", "本年增/减", "处理决定数量"],
                    rows: vec![
                        ("行政许可", service(rng, 500 * busy)),
                        ("其他对外管理服务事项", service(rng, 50 * busy)),
                    ],
                },
                Block2 {
                    item: "六",
                    columns: &["上一年项目数量", "本年增/减", "处理决定数量"],
                    rows: vec![
                        ("行政处罚", service(rng, 100 * busy)),
                        ("行政强制", service(rng, 10 * busy)),
                    ],
                },
                Block2 {
                    item: "八",
                    columns: &["上一年项目数量", "本年增/减"],
                    rows: vec![(
                        "行政事业性收费",
                        vec![
                            Figure::Count(rng.range(0, 12)),
                            Figure::Signed(rng.range(0, 4) as i64 - 2),
                        ],
                    )],
                },
                Block2 {
                    item: "九",
                    columns: &["采购项目数量", "采购总金额"],
                    rows: vec![(
                        "政府集中采购",
                        vec![
                            Figure::Count(rng.range(0, 30)),
                            Figure::Amount(format!("{}万元", amount(rng))),
                        ],
                    )],
                },
            ]
        }
    }
}

/// One report of a corpus that follows an agency over consecutive years.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Series {
    /// Which agency (its name; see [`numbered_agency`]).
    pub agency: u64,
    /// The agency's own random stream: its size and what it carries from
    /// one year into the next, the same in every report of the series.
    pub seed: u64,
    pub year: u16,
}

/// What an agency of `size` carries from `year` into the next year.
fn carried_forward(series: &Series, year: u16, size: u64) -> [u64; TOTAL] {
    let mut rng = Random::new(series.seed ^ u64::from(year).wrapping_mul(0x2545_f491_4f6c_dd1d));
    let max = size / 30 + 1;
    let mut carry = [0; TOTAL];
    for (c, n) in carry.iter_mut().enumerate() {
        let zero_chance = if c == 0 { 0.4 } else { 0.9 };
        *n = sparse(&mut rng, zero_chance, max);
    }
    carry
}

fn template_of(year: u16) -> Template {
    if year <= 2020 {
        Template::V2019
    } else {
        Template::V2021
    }
}

/// The facts of one report: drawn from `rng`, or for a report of a series,
/// with the agency, year and carried requests the series fixes.
pub(crate) fn model(rng: &mut Random, series: Option<Series>) -> Model {
    let (agency, year, received, carry) = match series {
        None => {
            let agency = random_agency(rng);
            // Mostly current reports, some under the 2019 template.
            let year = match rng.below(20) {
                0 => 2019,
                1 | 2 => 2020,
                n => 2021 + (n % 4) as u16,
            };
            (agency, year, yearly_requests(rng), None)
        }
        Some(series) => {
            let size = yearly_requests(&mut Random::new(series.seed));
            let received = size * rng.range(80, 120) / 100;
            let carry = (
                carried_forward(&series, series.year - 1, size),
                carried_forward(&series, series.year, size),
            );
            (
                numbered_agency(series.agency),
                series.year,
                received,
                Some(carry),
            )
        }
    };
    let template = template_of(year);
    let published = published(rng, year, agency.kind);
    let table3 = table3(rng, template, received, carry);
    let received = table3.get(Row3::New)[TOTAL];
    let table2 = table2(rng, template, agency.kind, received);
    let table4 = table4(rng, received);
    let channel_weights = [rng.range(500, 900), rng.range(0, 200), rng.range(0, 200)];
    let by_channel = split(rng, received, &channel_weights);
    let channels = ["网上申请", "信函申请", "当面申请"]
        .into_iter()
        .zip(by_channel)
        .collect();
    Model {
        agency,
        year,
        template,
        published,
        table2,
        table3,
        table4,
        channels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_identity_holds() {
        for seed in 0..200 {
            let series = Series {
                agency: seed / 3,
                seed: seed / 3,
                year: 2019 + (seed % 6) as u16,
            };
            let m = model(&mut Random::new(seed), (seed % 2 == 0).then_some(series));
            let t = &m.table3;
            for (key, row) in &t.rows {
                assert_eq!(row[..TOTAL].iter().sum::<u64>(), row[TOTAL], "{key:?}");
            }
            for c in 0..COLUMNS {
                let results: u64 = Row3::results(m.template).iter().map(|k| t.get(*k)[c]).sum();
                assert_eq!(results, t.get(Row3::Total)[c]);
                assert_eq!(
                    t.get(Row3::New)[c] + t.get(Row3::Carried)[c],
                    t.get(Row3::Total)[c] + t.get(Row3::Forward)[c]
                );
            }
            for g in m.table4.chunks(5) {
                assert_eq!(g[..4].iter().sum::<u64>(), g[4]);
            }
            let channels: u64 = m.channels.iter().map(|(_, n)| n).sum();
            assert_eq!(channels, t.get(Row3::New)[TOTAL]);
        }
    }
}

#[cfg(test)]
mod series_tests {
    use super::*;

    #[test]
    fn a_series_carries_forward_what_the_next_year_carries_over() {
        for agency in 0..20 {
            let report = |year| {
                let series = Series {
                    agency,
                    seed: agency * 31,
                    year,
                };
                model(
                    &mut Random::new(u64::from(year) * 1000 + agency),
                    Some(series),
                )
            };
            for year in 2019..2024 {
                let (this, next) = (report(year), report(year + 1));
                assert_eq!(this.agency.name, next.agency.name);
                assert_eq!(
                    this.table3.get(Row3::Forward),
                    next.table3.get(Row3::Carried)
                );
            }
        }
        let names: std::collections::HashSet<String> =
            (0..4860).map(|n| numbered_agency(n).name).collect();
        assert_eq!(names.len(), 4860);
    }
}
