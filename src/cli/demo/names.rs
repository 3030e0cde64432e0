//! Chinese names: surnames weighted by how common they are, given names by sex and generation,
//! and the pinyin of staff names for their OS user names.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::model::Sex;

/// Surname, its pinyin as a surname (单 shan, 解 xie, 区 ou, 仇 qiu, 查 zha, 曾 zeng), and how many
/// people in 100,000 carry it nationally (rounded from the 2020 census ranking).
const SURNAMES: &[(&str, &str, u32)] = &[
    ("王", "wang", 7120),
    ("李", "li", 7000),
    ("张", "zhang", 6740),
    ("刘", "liu", 5380),
    ("陈", "chen", 4610),
    ("杨", "yang", 3080),
    ("黄", "huang", 2500),
    ("赵", "zhao", 2290),
    ("吴", "wu", 2050),
    ("周", "zhou", 1910),
    ("徐", "xu", 1470),
    ("孙", "sun", 1460),
    ("马", "ma", 1400),
    ("朱", "zhu", 1320),
    ("胡", "hu", 1310),
    ("郭", "guo", 1200),
    ("何", "he", 1190),
    ("高", "gao", 1100),
    ("林", "lin", 1100),
    ("罗", "luo", 1000),
    ("郑", "zheng", 970),
    ("梁", "liang", 900),
    ("谢", "xie", 790),
    ("宋", "song", 740),
    ("唐", "tang", 730),
    ("许", "xu", 710),
    ("韩", "han", 700),
    ("冯", "feng", 650),
    ("邓", "deng", 640),
    ("曹", "cao", 620),
    ("彭", "peng", 590),
    ("曾", "zeng", 550),
    ("肖", "xiao", 540),
    ("田", "tian", 520),
    ("董", "dong", 500),
    ("袁", "yuan", 480),
    ("潘", "pan", 450),
    ("于", "yu", 440),
    ("蒋", "jiang", 430),
    ("蔡", "cai", 420),
    ("余", "yu", 410),
    ("杜", "du", 400),
    ("叶", "ye", 400),
    ("程", "cheng", 390),
    ("苏", "su", 370),
    ("魏", "wei", 360),
    ("吕", "lv", 350),
    ("丁", "ding", 340),
    ("任", "ren", 330),
    ("沈", "shen", 320),
    ("姚", "yao", 310),
    ("卢", "lu", 310),
    ("姜", "jiang", 300),
    ("崔", "cui", 300),
    ("钟", "zhong", 300),
    ("谭", "tan", 290),
    ("陆", "lu", 280),
    ("汪", "wang", 280),
    ("范", "fan", 270),
    ("金", "jin", 270),
    ("石", "shi", 260),
    ("廖", "liao", 260),
    ("贾", "jia", 250),
    ("夏", "xia", 250),
    ("韦", "wei", 250),
    ("付", "fu", 240),
    ("方", "fang", 240),
    ("白", "bai", 230),
    ("邹", "zou", 230),
    ("孟", "meng", 220),
    ("熊", "xiong", 220),
    ("秦", "qin", 210),
    ("邱", "qiu", 210),
    ("江", "jiang", 210),
    ("尹", "yin", 200),
    ("薛", "xue", 200),
    ("闫", "yan", 190),
    ("段", "duan", 190),
    ("雷", "lei", 190),
    ("侯", "hou", 180),
    ("龙", "long", 180),
    ("史", "shi", 180),
    ("陶", "tao", 170),
    ("黎", "li", 170),
    ("贺", "he", 170),
    ("顾", "gu", 160),
    ("毛", "mao", 160),
    ("郝", "hao", 160),
    ("龚", "gong", 150),
    ("邵", "shao", 150),
    ("万", "wan", 150),
    ("钱", "qian", 150),
    ("严", "yan", 150),
    ("覃", "qin", 140),
    ("武", "wu", 140),
    ("戴", "dai", 140),
    ("莫", "mo", 140),
    ("孔", "kong", 130),
    ("向", "xiang", 130),
    ("汤", "tang", 130),
    // Polyphonic surnames, rare on purpose: they read differently as a surname.
    ("单", "shan", 25),
    ("解", "xie", 20),
    ("区", "ou", 20),
    ("仇", "qiu", 20),
    ("查", "zha", 20),
];

/// Surnames more common in the Pearl River Delta than nationally, and by how much.
const CANTONESE_BOOST: &[(&str, u32)] = &[
    ("陈", 3),
    ("黄", 3),
    ("梁", 4),
    ("林", 2),
    ("何", 3),
    ("郑", 2),
    ("冯", 2),
    ("李", 2),
    ("吴", 2),
    ("罗", 2),
    ("谭", 3),
    ("区", 6),
    ("莫", 2),
    ("卢", 2),
    ("钟", 2),
];

/// A cumulative table to draw surnames from, locally or nationally weighted.
pub struct Surnames {
    national: Vec<u32>,
    local: Vec<u32>,
}

impl Surnames {
    pub fn new() -> Surnames {
        let mut national = Vec::with_capacity(SURNAMES.len());
        let mut local = Vec::with_capacity(SURNAMES.len());
        let (mut n, mut l) = (0u32, 0u32);
        for (s, _, w) in SURNAMES {
            let boost = CANTONESE_BOOST
                .iter()
                .find(|(b, _)| b == s)
                .map_or(1, |(_, k)| *k);
            n += w;
            l += w * boost;
            national.push(n);
            local.push(l);
        }
        Surnames { national, local }
    }

    /// A surname: `local` for people registered in 中山, national weights for migrants.
    pub fn draw(&self, rng: &mut ChaCha8Rng, local: bool) -> &'static str {
        let table = if local { &self.local } else { &self.national };
        let total = *table.last().unwrap_or(&1);
        let x = rng.random_range(0..total);
        let i = table.partition_point(|&c| c <= x);
        SURNAMES[i.min(SURNAMES.len() - 1)].0
    }
}

/// The pinyin of a surname, for OS user names.
pub fn surname_pinyin(surname: &str) -> &'static str {
    SURNAMES
        .iter()
        .find(|(s, _, _)| *s == surname)
        .map_or("x", |(_, p, _)| p)
}

/// Given names by generation: born before 1962, 1962–1999, 2000 on. Two-character and
/// one-character names; a name picks one list or the other.
const OLD_MEN: &[&str] = &[
    "建国", "建军", "国强", "德明", "志强", "国华", "振华", "福生", "永强", "树林", "文华", "伟民",
    "金水", "锦华", "炳坤", "国平", "德胜", "家明", "桂林", "荣华", "汉民", "润生", "炳南", "耀祖",
    "锦泉", "国良", "志刚", "庆华", "友谊", "卫东",
];
const OLD_MEN_1: &[&str] = &[
    "勇", "强", "军", "明", "华", "刚", "平", "兵", "林", "福", "荣", "洪", "忠", "根",
];
const OLD_WOMEN: &[&str] = &[
    "桂英", "秀兰", "秀英", "玉兰", "桂兰", "秀珍", "凤英", "玉珍", "淑珍", "丽华", "美华", "月娥",
    "惠芳", "金凤", "翠花", "玉梅", "瑞英", "桂芳", "素珍", "亚妹", "带娣", "彩霞", "玉英", "少珍",
    "月好", "凤珍", "秀琼", "惠娟",
];
const OLD_WOMEN_1: &[&str] = &[
    "英", "兰", "珍", "芳", "梅", "霞", "娟", "凤", "华", "萍", "琼", "娥",
];
const MID_MEN: &[&str] = &[
    "志伟", "建华", "海涛", "伟强", "晓东", "志明", "俊杰", "文杰", "家豪", "国栋", "振宇", "嘉明",
    "永辉", "海波", "少华", "锦辉", "伟东", "志坚", "卫国", "晓峰", "立新", "红军", "伟雄", "汉文",
    "浩明", "冠华", "子健", "耀明",
];
const MID_MEN_1: &[&str] = &[
    "伟", "磊", "军", "勇", "涛", "斌", "强", "鹏", "杰", "俊", "浩", "超", "明", "刚", "健", "辉",
    "波", "宇", "峰", "亮", "锋", "东",
];
const MID_WOMEN: &[&str] = &[
    "丽娟", "晓燕", "海燕", "秀梅", "丽萍", "美玲", "晓丽", "婷婷", "慧敏", "嘉欣", "淑仪", "雪梅",
    "春燕", "凤仪", "丽君", "小红", "玉婷", "洁仪", "咏诗", "静怡", "晓红", "艳萍", "金玲", "翠珊",
    "美娟", "少芬",
];
const MID_WOMEN_1: &[&str] = &[
    "丽", "娜", "静", "敏", "燕", "艳", "霞", "婷", "莉", "芳", "萍", "红", "玲", "洁", "雪", "颖",
    "琳", "慧", "倩", "欣",
];
const YOUNG_BOYS: &[&str] = &[
    "梓轩", "浩然", "宇轩", "子墨", "一鸣", "俊熙", "皓轩", "梓豪", "博文", "浩宇", "子豪", "锦程",
    "沐阳", "奕辰", "嘉俊", "子涵", "宇航", "思远", "铭轩", "梓睿", "俊宇", "晨阳", "天佑", "家乐",
    "子轩", "承泽",
];
const YOUNG_BOYS_1: &[&str] = &["睿", "轩", "宇", "哲", "铭", "航", "晨", "昊", "朗", "恒"];
const YOUNG_GIRLS: &[&str] = &[
    "欣怡", "梓涵", "诗涵", "子涵", "雨萱", "可馨", "梓萱", "一诺", "思彤", "语桐", "欣妍", "雨桐",
    "若汐", "紫涵", "佳琪", "芷若", "思琪", "晓彤", "嘉怡", "诗琪", "雅婷", "芷晴", "乐瑶", "心怡",
    "语嫣", "梓琳",
];
const YOUNG_GIRLS_1: &[&str] = &["颖", "琳", "萱", "彤", "瑶", "悦", "妍", "玥", "菲", "琪"];

/// A given name for someone of this sex born in this year (after the demo's year shift is undone).
pub fn given(rng: &mut ChaCha8Rng, sex: Sex, born: i32) -> &'static str {
    let (two, one, p_one): (&[&str], &[&str], f64) = match (sex, born) {
        (Sex::Male, y) if y < 1962 => (OLD_MEN, OLD_MEN_1, 0.30),
        (Sex::Female, y) if y < 1962 => (OLD_WOMEN, OLD_WOMEN_1, 0.20),
        (Sex::Male, y) if y < 2000 => (MID_MEN, MID_MEN_1, 0.35),
        (Sex::Female, y) if y < 2000 => (MID_WOMEN, MID_WOMEN_1, 0.35),
        (Sex::Male, _) => (YOUNG_BOYS, YOUNG_BOYS_1, 0.12),
        (Sex::Female, _) => (YOUNG_GIRLS, YOUNG_GIRLS_1, 0.12),
    };
    let list = if rng.random_bool(p_one) { one } else { two };
    list[rng.random_range(0..list.len())]
}

/// Given names of working-age staff with their pinyin, for names like `zhangli`.
const STAFF_GIVEN: &[(&str, &str, Sex)] = &[
    ("丽", "li", Sex::Female),
    ("芳", "fang", Sex::Female),
    ("敏", "min", Sex::Female),
    ("静", "jing", Sex::Female),
    ("艳", "yan", Sex::Female),
    ("娟", "juan", Sex::Female),
    ("霞", "xia", Sex::Female),
    ("婷", "ting", Sex::Female),
    ("燕", "yan", Sex::Female),
    ("玲", "ling", Sex::Female),
    ("慧", "hui", Sex::Female),
    ("琳", "lin", Sex::Female),
    ("雪", "xue", Sex::Female),
    ("颖", "ying", Sex::Female),
    ("晓燕", "xiaoyan", Sex::Female),
    ("丽娟", "lijuan", Sex::Female),
    ("嘉欣", "jiaxin", Sex::Female),
    ("淑仪", "shuyi", Sex::Female),
    ("美玲", "meiling", Sex::Female),
    ("倩", "qian", Sex::Female),
    ("萍", "ping", Sex::Female),
    ("红", "hong", Sex::Female),
    ("梅", "mei", Sex::Female),
    ("佳", "jia", Sex::Female),
    ("海燕", "haiyan", Sex::Female),
    ("婉婷", "wanting", Sex::Female),
    ("咏诗", "yongshi", Sex::Female),
    ("伟", "wei", Sex::Male),
    ("强", "qiang", Sex::Male),
    ("磊", "lei", Sex::Male),
    ("军", "jun", Sex::Male),
    ("洋", "yang", Sex::Male),
    ("勇", "yong", Sex::Male),
    ("杰", "jie", Sex::Male),
    ("涛", "tao", Sex::Male),
    ("明", "ming", Sex::Male),
    ("超", "chao", Sex::Male),
    ("刚", "gang", Sex::Male),
    ("辉", "hui", Sex::Male),
    ("鹏", "peng", Sex::Male),
    ("健", "jian", Sex::Male),
    ("斌", "bin", Sex::Male),
    ("浩", "hao", Sex::Male),
    ("凯", "kai", Sex::Male),
    ("志强", "zhiqiang", Sex::Male),
    ("家豪", "jiahao", Sex::Male),
    ("俊杰", "junjie", Sex::Male),
    ("峰", "feng", Sex::Male),
    ("亮", "liang", Sex::Male),
    ("东", "dong", Sex::Male),
    ("波", "bo", Sex::Male),
    ("文", "wen", Sex::Male),
    ("帆", "fan", Sex::Male),
    ("志明", "zhiming", Sex::Male),
    ("振华", "zhenhua", Sex::Male),
    ("嘉明", "jiaming", Sex::Male),
];

/// A member of staff: display name and the OS user name made from its pinyin.
pub struct StaffName {
    pub name: String,
    pub user: String,
}

pub fn staff_name(rng: &mut ChaCha8Rng, surnames: &Surnames) -> StaffName {
    let surname = surnames.draw(rng, true);
    let (given, pinyin, _) = STAFF_GIVEN[rng.random_range(0..STAFF_GIVEN.len())];
    StaffName {
        name: format!("{surname}{given}"),
        user: format!("{}{pinyin}", surname_pinyin(surname)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_surname_has_pinyin_and_boosts_name_real_surnames() {
        for (s, p, w) in SURNAMES {
            assert!(!p.is_empty() && *w > 0, "{s}");
            assert_eq!(s.chars().count(), 1, "{s}");
        }
        for (b, _) in CANTONESE_BOOST {
            assert!(
                SURNAMES.iter().any(|(s, _, _)| s == b),
                "{b} is boosted but not listed"
            );
        }
    }

    #[test]
    fn common_surnames_come_up_more_often_than_rare_ones() {
        let table = Surnames::new();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut wang = 0;
        let mut tang = 0;
        for _ in 0..20_000 {
            match table.draw(&mut rng, false) {
                "王" => wang += 1,
                "汤" => tang += 1,
                _ => {}
            }
        }
        assert!(wang > 10 * tang, "王 {wang}, 汤 {tang}");
    }
}
