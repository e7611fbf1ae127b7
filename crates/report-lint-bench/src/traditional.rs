//! Simplified → traditional conversion as mirror sites do it (DOMAIN.md
//! §5.3): character by character from a table, a few words converted as
//! phrases first (制作 → 製作, 答复 → 答覆), and the word-level zh-TW
//! rewrites mirrors make (规范性文件 → 規範性檔案, 优化 → 最佳化).
//!
//! The table covers every character the generator writes that has a
//! traditional form, choosing the form `fast2s` maps back; a test checks
//! both. Characters whose traditional form depends on the word and is
//! usually the same (面, 只, 系, 制…) are left alone.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Pairs of (simplified, traditional) characters, concatenated.
const PAIRS: &str = concat!(
    "万萬与與专專业業东東严嚴个個丰豐临臨为為举舉乐樂习習乡鄉书書于於云雲产產众眾优優会會体體党黨关關兴興养養内內写寫农農决決况況准準",
    "减減凤鳳则則别別办辦务務动動势勢区區医醫华華协協单單卫衛厅廳县縣参參双雙发發台臺号號后後听聽员員园園围圍国國图圖场場坚堅坝壩处處",
    "复複够夠头頭学學宁寧实實审審对對导導将將尽盡层層属屬岗崗岭嶺带帶并並广廣库庫应應废廢开開强強当當录錄彻徹征徵径徑态態总總战戰户戶",
    "执執扩擴护護报報挥揮据據摆擺数數断斷无無时時显顯机機杂雜权權条條来來极極构構标標栏欄桥橋检檢沟溝没沒泄洩济濟满滿点點热熱环環现現",
    "电電疗療监監盖蓋码碼确確碍礙积積称稱稳穩简簡类類纠糾红紅级級纳納线線组組织織经經结結绕繞统統继繼绩績续續维維编編缴繳网網罚罰职職",
    "联聯范範获獲营營补補见見规規视視计計认認训訓议議记記讲講许許讼訟设設访訪证證评評识識诉訴话話询詢误誤请請读讀谁誰调調谈談负負财財",
    "责責账賬质質购購贯貫费費资資踪蹤转轉载載较較辑輯输輸达達过過运運还還这這进進远遠适適采採针針链鏈错錯镇鎮长長门門问問间間闻聞阅閱",
    "阳陽际際难難页頁项項顾顧预預领領频頻题題额額马馬龙龍",
);

/// Words whose characters convert differently from the table (OpenCC's
/// phrase table), applied to the simplified text first.
const PHRASES: [(&str, &str); 6] = [
    ("制作", "製作"),
    ("编制", "編製"),
    ("关系", "關係"),
    ("联系", "聯繫"),
    ("答复", "答覆"),
    ("反复", "反覆"),
];

/// Word-level rewrites of zh-TW conversion, applied last.
const MIRROR_WORDS: [(&str, &str); 3] = [
    ("規範性文件", "規範性檔案"),
    ("網絡", "網路"),
    ("優化", "最佳化"),
];

static TABLE: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let chars: Vec<char> = PAIRS.chars().collect();
    chars.chunks(2).map(|p| (p[0], p[1])).collect()
});

pub(crate) fn convert(text: &str) -> String {
    let mut text = text.to_string();
    for (simplified, traditional) in PHRASES {
        text = text.replace(simplified, traditional);
    }
    let mut out: String = text
        .chars()
        .map(|c| TABLE.get(&c).copied().unwrap_or(c))
        .collect();
    for (word, mirror) in MIRROR_WORDS {
        out = out.replace(word, mirror);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{generate_report_sized, Layout, Script};
    use std::collections::HashSet;

    /// Characters left as they are on purpose (see the module docs).
    const KEPT: &str = "了修出占卷合同向家局志效旗松板核模泛注游溪照秘累管考致表升只回面布系制";

    /// Every character the generator may write is in its source files.
    const SOURCES: [&str; 5] = [
        include_str!("lib.rs"),
        include_str!("model.rs"),
        include_str!("prose.rs"),
        include_str!("render.rs"),
        include_str!("tables.rs"),
    ];

    fn simplified_corpus() -> String {
        (0..8)
            .flat_map(|seed| {
                Layout::ALL
                    .map(|layout| generate_report_sized(seed, layout, Script::Simplified, 40_000))
            })
            .collect()
    }

    #[test]
    fn fast2s_maps_every_pair_back() {
        assert_eq!(PAIRS.chars().count() % 2, 0);
        for (s, t) in TABLE.iter() {
            assert_eq!(fast2s::convert(&t.to_string()), s.to_string(), "{s}{t}");
        }
    }

    #[test]
    fn every_character_with_a_traditional_form_is_converted() {
        let used: HashSet<char> = SOURCES.concat().chars().collect();
        let mut missing: Vec<char> = (0x3400..=0x9FFF)
            .filter_map(char::from_u32)
            .filter_map(|t| {
                let s = fast2s::convert(&t.to_string());
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(s), None) if s != t => Some(s),
                    _ => None,
                }
            })
            .filter(|s| used.contains(s) && !TABLE.contains_key(s) && !KEPT.contains(*s))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        assert!(missing.is_empty(), "add to PAIRS or KEPT: {missing:?}");
    }

    #[test]
    fn fast2s_reads_the_conversion_back_but_for_the_mirror_words() {
        let text = simplified_corpus();
        let expected = text
            .replace("规范性文件", "规范性档案")
            .replace("网络", "网路")
            .replace("优化", "最佳化")
            .replace("答复", "答覆")
            .replace("反复", "反覆");
        assert_eq!(fast2s::convert(&convert(&text)), expected);
    }
}
