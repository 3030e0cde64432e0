//! Search as staff use it: by name, by the sound of a name, by the end of a phone or ID
//! number, by a door number; kept up to date by writes, and limited to a scope.

use chrono::NaiveDate;
use gridbook::model::time::day_of;
use gridbook::model::*;
use gridbook::search::{bench_queries, Builder, Hit, HitKind, MatchKind, SearchIndex};
use gridbook::store::{OpenOptions, Store};

const HUAYUAN: Id = 2;
const DONGYU: Id = 4;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An ID number for a birth date and sex; `with_x` picks a sequence whose check character is X.
fn id_number(birth: NaiveDate, sex: Sex, with_x: bool) -> String {
    (0..1000u16)
        .filter(|s| (s % 2 == 1) == (sex == Sex::Male))
        .map(|s| idnumber::compose(442000, birth, s))
        .find(|id| id.ends_with('X') == with_x)
        .unwrap()
}

fn resident(
    id: Id,
    household: Id,
    name: &str,
    sex: Sex,
    birth: NaiveDate,
    phone: &str,
) -> Resident {
    Resident {
        id,
        household,
        name: name.into(),
        sex,
        birth: day_of(birth),
        id_number: id_number(birth, sex, false),
        phone: phone.into(),
        relation: Relation::Head,
        residence: Residence::Resident,
        care_tags: vec![],
        party_member: false,
        left: None,
    }
}

fn household(id: Id, community: Id, building: Id, addr: &str, head: Id) -> Household {
    Household {
        id,
        community,
        grid: community + 1,
        building,
        address: Address::parse(addr).unwrap(),
        head: Some(head),
        phone: String::new(),
        care_tags: vec![],
        captain: None,
        status: None,
        landlord: None,
        tenancy: None,
        note: String::new(),
    }
}

/// 花苑社区 (buildings 5 and 3) and 东裕社区 (buildings 5 and 6): both have a 5-2-301.
fn people() -> (Vec<Household>, Vec<Resident>) {
    use Sex::{Female as F, Male as M};
    let households = vec![
        household(20, HUAYUAN, 10, "5-1-101", 100),
        household(21, HUAYUAN, 10, "5-1-102", 101),
        household(22, HUAYUAN, 10, "5-2-301", 104),
        household(23, HUAYUAN, 10, "5-2-302", 105),
        household(24, HUAYUAN, 11, "3-1-201", 106),
        household(25, DONGYU, 12, "5-2-301", 107),
        household(26, DONGYU, 13, "6-1-101", 108),
        household(27, DONGYU, 13, "6-1-102", 109),
    ];
    let mut residents = vec![
        resident(100, 20, "周官萍", F, ymd(1954, 3, 5), "13912345678"),
        resident(101, 21, "曾小明", M, ymd(1980, 7, 1), "13800000101"),
        resident(102, 21, "李娟", F, ymd(1982, 1, 9), "13800000102"),
        resident(104, 22, "单丽", F, ymd(1961, 11, 2), "13800000104"),
        resident(105, 23, "解放", M, ymd(1990, 2, 14), "13800000105"),
        resident(106, 24, "区志强", M, ymd(1975, 6, 30), "13800000106"),
        resident(107, 25, "仇海燕", F, ymd(1968, 9, 9), "13800000107"),
        resident(108, 26, "查文", M, ymd(1959, 12, 1), "13800000108"),
        resident(109, 27, "孙亮", M, ymd(1988, 4, 4), "13800000109"),
        resident(110, 27, "张晓敏", F, ymd(1990, 8, 8), "13800000110"),
    ];
    // 单丽's card ends in X.
    residents[3].id_number = id_number(ymd(1961, 11, 2), F, true);
    residents[2].relation = Relation::Spouse;
    residents[9].relation = Relation::Spouse;
    (households, residents)
}

fn store(dir: &std::path::Path) -> Store {
    let (households, residents) = people();
    let store = Store::open(dir, OpenOptions::default()).unwrap();
    store
        .write("fixture", |t| {
            t.put(&Street {
                id: 1,
                name: "东区街道".into(),
            })?;
            for (id, name) in [(HUAYUAN, "花苑社区"), (DONGYU, "东裕社区")] {
                t.put(&Community {
                    id,
                    street: 1,
                    name: name.into(),
                })?;
                t.put(&Grid {
                    id: id + 1,
                    community: id,
                    parent: None,
                    level: 1,
                    name: "第一网格".into(),
                    captain: None,
                })?;
            }
            let buildings = [
                (10, HUAYUAN, 5),
                (11, HUAYUAN, 3),
                (12, DONGYU, 5),
                (13, DONGYU, 6),
            ];
            for (id, community, number) in buildings {
                t.put(&Building {
                    id,
                    community,
                    grid: community + 1,
                    number,
                    entrances: 2,
                    floors: 6,
                })?;
            }
            for h in &households {
                t.put(h)?;
            }
            for r in &residents {
                t.put(r)?;
            }
            Ok(())
        })
        .unwrap();
    store
}

fn index() -> SearchIndex {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    SearchIndex::build(&store).unwrap()
}

fn names(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.name.as_str()).collect()
}

fn first(index: &SearchIndex, query: &str) -> Hit {
    let hits = index.search(query, 10, None);
    assert!(!hits.is_empty(), "{query:?} found nothing");
    hits[0].clone()
}

#[test]
fn a_name_in_hanzi_finds_that_person_first_then_names_starting_and_containing_it() {
    let index = index();
    let hit = first(&index, "周官萍");
    assert_eq!(
        hit,
        Hit {
            kind: HitKind::Resident,
            name: "周官萍".into(),
            address: "5-1-101".into(),
            community: "花苑社区".into(),
            household: 20,
            resident: Some(100),
            matched: MatchKind::Name,
            score: 1000,
            former: false,
            registrant: None,
        }
    );
    assert_eq!(names(&index.search("周", 10, None)), vec!["周官萍"]);
    assert_eq!(names(&index.search("官萍", 10, None)), vec!["周官萍"]);
    assert_eq!(names(&index.search("小", 10, None)), vec!["曾小明"]);
}

#[test]
fn pinyin_in_full_with_spaces_by_prefix_and_by_initials_finds_the_person_first() {
    let index = index();
    for q in [
        "zgp",
        "zhouguanping",
        "zhou guan ping",
        "ZhouGuanPing",
        "zhougu",
        "zhou",
    ] {
        let hit = first(&index, q);
        assert_eq!(
            (hit.name.as_str(), hit.resident),
            ("周官萍", Some(100)),
            "{q}"
        );
    }
    assert_eq!(first(&index, "zhouguanping").matched, MatchKind::Pinyin);
    assert_eq!(first(&index, "zgp").matched, MatchKind::Initials);
}

#[test]
fn surnames_read_as_surnames_rank_above_their_other_readings() {
    let index = index();
    let shan = first(&index, "shanli");
    assert_eq!(shan.name, "单丽");
    // Two people share the initials sl: equal scores fall back to name order.
    let sl = index.search("sl", 10, None);
    assert_eq!(names(&sl), vec!["单丽", "孙亮"]);
    assert_eq!(sl[0].score, sl[1].score);
    let dan = first(&index, "danli");
    assert_eq!(dan.name, "单丽");
    assert!(dan.score < shan.score, "{} < {}", dan.score, shan.score);

    assert_eq!(first(&index, "zengxiaoming").name, "曾小明");
    let zxm = index.search("zxm", 10, None);
    assert_eq!(names(&zxm), vec!["张晓敏", "曾小明"]);
    let ceng = first(&index, "cengxiaoming");
    assert_eq!(ceng.name, "曾小明");
    assert!(ceng.score < first(&index, "zengxiaoming").score);

    for (q, name) in [
        ("xiefang", "解放"),
        ("ouzhiqiang", "区志强"),
        ("qiuhaiyan", "仇海燕"),
        ("zhawen", "查文"),
        ("xf", "解放"),
        ("ozq", "区志强"),
    ] {
        assert_eq!(first(&index, q).name, name, "{q}");
    }
}

#[test]
fn a_later_syllable_and_a_loose_spelling_still_find_the_person_below_strict_matches() {
    let index = index();
    let hit = first(&index, "xiaoming");
    assert_eq!(
        (hit.name.as_str(), hit.matched),
        ("曾小明", MatchKind::Pinyin)
    );
    let hit = first(&index, "zhougp");
    assert_eq!(hit.name, "周官萍");
    assert!(
        hit.score < 600,
        "fuzzy ranks below strict tiers: {}",
        hit.score
    );
}

#[test]
fn the_end_of_a_phone_or_an_id_number_finds_its_owner() {
    let index = index();
    let hits = index.search("5678", 10, None);
    assert_eq!(names(&hits), vec!["周官萍"]);
    assert_eq!(hits[0].matched, MatchKind::Phone);
    assert_eq!(first(&index, "139 1234 5678").name, "周官萍");

    let (_, residents) = people();
    let card = &residents[3].id_number;
    assert!(card.ends_with('X'));
    for tail in [
        card[14..].to_lowercase(),
        card[12..].to_string(),
        card.clone(),
    ] {
        let hits = index.search(&tail, 10, None);
        assert_eq!(names(&hits), vec!["单丽"], "{tail}");
        assert_eq!(hits[0].matched, MatchKind::IdNumber);
    }
}

#[test]
fn three_digits_are_not_a_phone_tail() {
    let index = index();
    assert_eq!(index.search("678", 10, None), vec![]);
    assert_eq!(index.search("0101", 10, None)[0].matched, MatchKind::Phone);
}

#[test]
fn an_address_finds_its_households_in_every_community() {
    let index = index();
    for q in ["5-2-301", "5栋2单元301", "5栋2单元301室", "５－２－３０１"] {
        let hits = index.search(q, 10, None);
        let got: Vec<(&str, &str, HitKind, MatchKind, Id)> = hits
            .iter()
            .map(|h| {
                (
                    h.address.as_str(),
                    h.community.as_str(),
                    h.kind,
                    h.matched,
                    h.household,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "5-2-301",
                    "花苑社区",
                    HitKind::Household,
                    MatchKind::Address,
                    22
                ),
                (
                    "5-2-301",
                    "东裕社区",
                    HitKind::Household,
                    MatchKind::Address,
                    25
                ),
            ],
            "{q}"
        );
        assert_eq!(names(&hits), vec!["单丽", "仇海燕"], "named after the head");
        assert_eq!(hits[0].resident, None);
    }
    let entrance = index.search("5-2", 10, None);
    let got: Vec<(&str, Id)> = entrance
        .iter()
        .map(|h| (h.address.as_str(), h.household))
        .collect();
    // Each community's doors together, as a stairwell is walked.
    assert_eq!(got, vec![("5-2-301", 22), ("5-2-302", 23), ("5-2-301", 25)]);
    let rooms = index.search("5-2-30", 10, None);
    assert_eq!(rooms.len(), 3, "rooms starting with 30");
    assert_eq!(index.search("9-9-909", 10, None), vec![]);
}

#[test]
fn a_household_is_found_by_its_heads_name() {
    let index = index();
    let hit = first(&index, "单丽");
    assert_eq!((hit.household, hit.address.as_str()), (22, "5-2-301"));
}

#[test]
fn an_empty_store_gives_an_empty_index_that_still_takes_writes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), OpenOptions::default()).unwrap();
    let mut index = SearchIndex::build(&store).unwrap();
    assert!(index.is_empty());
    assert_eq!(index.search("zgp", 10, None), vec![]);
    let (households, residents) = people();
    index.upsert_resident(&residents[0], &households[0], "花苑社区");
    assert_eq!(index.len(), 2, "the resident and the household");
    assert_eq!(first(&index, "zgp").name, "周官萍");
    assert_eq!(
        first(&index, "5-1-101").name,
        "周官萍",
        "named after the head"
    );
}

#[test]
fn an_empty_query_finds_nothing() {
    let index = index();
    for q in ["", "   ", "\t", "-", "''"] {
        assert_eq!(index.search(q, 10, None), vec![], "{q:?}");
    }
    assert_eq!(index.search("zgp", 0, None), vec![]);
}

#[test]
fn the_limit_caps_the_hits() {
    let index = index();
    assert_eq!(index.search("5-2", 2, None).len(), 2);
    assert_eq!(index.search("z", 2, None).len(), 2);
}

#[test]
fn writes_show_up_in_the_next_search() {
    let mut index = index();
    let (households, _) = people();
    let before = index.len();
    let newcomer = resident(
        120,
        23,
        "欧阳娜娜",
        Sex::Female,
        ymd(2000, 1, 1),
        "13700001234",
    );
    index.upsert_resident(&newcomer, &households[3], "花苑社区");
    assert_eq!(index.len(), before + 1);
    for q in ["欧阳娜娜", "ouyangnana", "oynn", "1234"] {
        let hit = first(&index, q);
        assert_eq!(
            (hit.resident, hit.address.as_str()),
            (Some(120), "5-2-302"),
            "{q}"
        );
    }

    // A renamed resident is found by the new name only.
    let mut renamed = newcomer.clone();
    renamed.name = "欧阳娟".into();
    index.upsert_resident(&renamed, &households[3], "花苑社区");
    assert_eq!(index.len(), before + 1);
    assert_eq!(index.search("欧阳娜娜", 10, None), vec![]);
    assert_eq!(first(&index, "欧阳娟").resident, Some(120));

    // Residents from the bulk build can be removed too.
    index.remove_resident(120);
    index.remove_resident(100);
    assert_eq!(index.search("欧阳", 10, None), vec![]);
    assert_eq!(index.search("zhouguanping", 10, None), vec![]);
    assert_eq!(index.len(), before - 1);

    // A household that moves is found at its new door.
    let mut moved = households[4].clone();
    moved.address = Address::parse("3-2-502").unwrap();
    index.upsert_household(&moved, "区志强", "花苑社区");
    assert_eq!(index.search("3-1-201", 10, None), vec![]);
    assert_eq!(first(&index, "3-2-502").household, 24);
    assert_eq!(first(&index, "区志强").address, "3-2-502");
}

#[test]
fn a_scope_hides_another_community() {
    let index = index();
    let huayuan_only = |community: Id, _grid: Id| community == HUAYUAN;
    let hits = index.search("5-2-301", 10, Some(&huayuan_only));
    assert_eq!(names(&hits), vec!["单丽"]);
    assert_eq!(index.search("仇海燕", 10, Some(&huayuan_only)), vec![]);
    assert_eq!(index.search("qhy", 10, Some(&huayuan_only)), vec![]);
    let grid_of_dongyu = |_community: Id, grid: Id| grid == DONGYU + 1;
    assert_eq!(
        names(&index.search("sl", 10, Some(&grid_of_dongyu))),
        vec!["孙亮"]
    );
}

#[test]
fn hits_serialise_with_the_names_scripts_rely_on() {
    let index = index();
    let json = serde_json::to_value(first(&index, "5-2-302")).unwrap();
    assert_eq!(json["kind"], "household");
    assert_eq!(json["address"], "5-2-302");
    assert_eq!(json["community"], "花苑社区");
    let (_, residents) = people();
    let json = serde_json::to_value(first(&index, &residents[3].id_number[14..])).unwrap();
    assert_eq!(json["kind"], "resident");
    assert_eq!(json["matched"], "id_number");
}

/// A deterministic crowd of synthetic residents in the fixture's households.
fn crowd(n: usize) -> (Vec<Household>, Vec<Resident>) {
    const SURNAMES: &[&str] = &[
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "曾", "单", "解", "朴", "查",
    ];
    const GIVEN: &[&str] = &[
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
        "明", "超", "秀", "霞", "平", "长", "乐", "行", "重",
    ];
    let (households, _) = people();
    let mut seed: u64 = 7;
    let mut next = move |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    let residents = (0..n)
        .map(|i| {
            let mut name = SURNAMES[next(SURNAMES.len())].to_string();
            for _ in 0..1 + next(2) {
                name.push_str(GIVEN[next(GIVEN.len())]);
            }
            let h = &households[next(households.len())];
            let mut r = resident(1000 + i as Id, h.id, &name, Sex::Male, ymd(1980, 1, 1), "");
            r.phone = format!("13{:09}", next(1_000_000_000));
            let birth = ymd(
                1950 + next(50) as i32,
                1 + next(12) as u32,
                1 + next(28) as u32,
            );
            r.id_number = idnumber::compose(442000, birth, next(999) as u16);
            r
        })
        .collect();
    (households, residents)
}

fn build(households: &[Household], residents: &[Resident]) -> SearchIndex {
    let mut b = Builder::default();
    for (id, name) in [(HUAYUAN, "花苑社区"), (DONGYU, "东裕社区")] {
        b.community(&Community {
            id,
            street: 1,
            name: name.into(),
        });
    }
    for h in households {
        b.household(h);
    }
    for r in residents {
        b.resident(r);
    }
    b.finish()
}

const QUERIES: &[&str] = &[
    "王",
    "王伟",
    "伟",
    "李丽",
    "z",
    "zh",
    "zhang",
    "zhangwei",
    "zw",
    "zwe",
    "shanli",
    "danli",
    "sl",
    "wangfang",
    "wf",
    "weiming",
    "xiaom",
    "wanglei",
    "lij",
    "piaochang",
    "puchang",
    "pc",
    "chaxing",
    "zhaxing",
    "5678",
    "1234",
    "0000",
    "12x",
    "5-2",
    "5-2-301",
    "6",
    "zhangw",
    "wgw",
    "liuyj",
    "chenjie",
    "cj",
    "yangchao",
    "huang",
    "zhao",
    "zhaol",
    "jiefang",
    "leming",
    "zhwei",
    "wangfm",
    "chenjy",
    "lijng",
];

fn community(h: &Household) -> &'static str {
    if h.community == HUAYUAN {
        "花苑社区"
    } else {
        "东裕社区"
    }
}

#[test]
fn an_index_kept_up_by_writes_answers_like_one_built_at_once() {
    let (households, residents) = crowd(3000);
    let bulk = build(&households, &residents);

    // The queries reach every tier, the fuzzy fallback and looking inside names included.
    let scores: Vec<u32> = QUERIES
        .iter()
        .flat_map(|q| bulk.search(q, 30, None))
        .map(|h| h.score)
        .collect();
    assert!(scores.iter().any(|&s| s < 600), "a fuzzy hit");
    assert!(scores.contains(&700), "a hit inside a name");
    assert!(
        scores.contains(&820) && scores.contains(&900),
        "initials and full pinyin"
    );

    let mut written = build(&households, &[]);
    written.set_recent_limit(usize::MAX);
    for r in &residents {
        let h = households.iter().find(|h| h.id == r.household).unwrap();
        written.upsert_resident(r, h, community(h));
    }
    assert_eq!(written.len(), bulk.len());
    for q in QUERIES {
        assert_eq!(written.search(q, 30, None), bulk.search(q, 30, None), "{q}");
    }
    written.compact();
    for q in QUERIES {
        assert_eq!(
            written.search(q, 30, None),
            bulk.search(q, 30, None),
            "{q} after folding"
        );
    }

    // Removing half the crowd answers like building without them.
    let kept: Vec<Resident> = residents
        .iter()
        .filter(|r| r.id % 2 == 0)
        .cloned()
        .collect();
    let mut pruned = build(&households, &residents);
    for r in residents.iter().filter(|r| r.id % 2 == 1) {
        pruned.remove_resident(r.id);
    }
    let rebuilt = build(&households, &kept);
    assert_eq!(pruned.len(), rebuilt.len());
    for q in QUERIES {
        assert_eq!(
            pruned.search(q, 30, None),
            rebuilt.search(q, 30, None),
            "{q} after removals"
        );
    }
}

#[test]
fn twenty_thousand_residents_build_and_answer_every_kind_of_query() {
    let (households, residents) = crowd(20_000);
    let mut index = build(&households, &residents);
    index.set_recent_limit(100);
    assert_eq!(index.len(), 20_000 + households.len());
    for q in QUERIES {
        let hits = index.search(q, 50, None);
        assert!(hits.len() <= 50);
        let ranked = hits.windows(2).all(|w| {
            w[0].score > w[1].score
                || (w[0].score == w[1].score
                    && (w[0].kind == HitKind::Household || w[0].name <= w[1].name))
        });
        assert!(ranked, "{q}: hits out of order");
    }
    // Writes past the recent limit fold into the bulk index and stay found.
    for r in residents.iter().take(250) {
        let mut r = r.clone();
        r.name = format!("{}娃", r.name);
        let h = households.iter().find(|h| h.id == r.household).unwrap();
        index.upsert_resident(&r, h, community(h));
    }
    assert_eq!(index.len(), 20_000 + households.len());
    assert_eq!(index.shape().recent, 50);
    let babies = index.search("娃", 300, None);
    assert_eq!(babies.len(), 250);
    assert_eq!(bench_queries(&index, QUERIES, 2).len(), QUERIES.len() * 2);
    assert!(index.heap_bytes() > 0);
}

#[test]
fn a_whole_syllable_ranks_above_the_start_of_a_longer_one() {
    // `chen` is the whole first syllable of 陈伟 but only the start of 程一诺's cheng; by name
    // order alone 程 (U+7A0B) would come first.
    let community = Community {
        id: HUAYUAN,
        street: 1,
        name: "花苑社区".into(),
    };
    let born = ymd(1980, 1, 2);
    let mut b = Builder::default();
    b.community(&community);
    b.household(&household(20, HUAYUAN, 10, "5-1-101", 100));
    b.household(&household(21, HUAYUAN, 10, "5-1-102", 101));
    b.resident(&resident(
        100,
        20,
        "程一诺",
        Sex::Female,
        born,
        "13800000001",
    ));
    b.resident(&resident(101, 21, "陈伟", Sex::Male, born, "13800000002"));
    let mut index = b.finish();
    assert_eq!(
        names(&index.search("chen", 10, None)),
        vec!["陈伟", "程一诺"]
    );
    assert_eq!(names(&index.search("cheng", 10, None)), vec!["程一诺"]);
    // The same for someone just written, before the bulk index is rebuilt.
    let h = household(22, HUAYUAN, 10, "5-1-103", 102);
    index.upsert_household(&h, "陈丽", "花苑社区");
    index.upsert_resident(
        &resident(102, 22, "陈丽", Sex::Female, born, "13800000003"),
        &h,
        "花苑社区",
    );
    assert_eq!(
        names(&index.search("chen", 10, None)),
        vec!["陈丽", "陈伟", "程一诺"]
    );
}

/// The index of a store through the cell, as a server starts it; and whether it was loaded
/// from the file saved at the last build.
fn started(store: &std::sync::Arc<Store>) -> (Vec<String>, bool) {
    let cell = gridbook::search::SearchCell::start(store.clone());
    let found = cell
        .with(|i| {
            i.search("zgp", 10, None)
                .into_iter()
                .map(|h| h.name)
                .collect::<Vec<_>>()
        })
        .unwrap();
    (found, cell.loaded_from_file())
}

fn wait_for_file(path: &std::path::Path) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !path.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "{path:?} was not written"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn the_index_is_saved_after_a_build_and_used_until_a_person_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(store(dir.path()));
    let file = dir.path().join(gridbook::search::snapshot::FILE);
    assert_eq!(started(&store), (vec!["周官萍".to_string()], false));
    wait_for_file(&file);
    // The next start reads the file, and answers the same.
    assert_eq!(started(&store), (vec!["周官萍".to_string()], true));
    // A visit changes nobody the index holds: the file still serves.
    store
        .write("zhangli", |t| {
            t.put(&Visit {
                id: 900,
                household: 20,
                at: 1_764_000_000,
                staff: "zhangli".into(),
                purpose: VisitPurpose::Routine,
                outcome: VisitOutcome::Met,
                met: vec![],
                findings: "一切正常".into(),
                amends: None,
                roster_checked: false,
            })
        })
        .unwrap();
    assert!(started(&store).1, "a visit leaves the saved index good");
    // A new 张国平 is a person the saved index does not know: the store is read again.
    std::fs::remove_file(&file).ok();
    assert!(!started(&store).1);
    wait_for_file(&file);
    store
        .write("zhangli", |t| {
            t.put(&resident(
                150,
                21,
                "张国平",
                Sex::Male,
                ymd(1960, 5, 6),
                "13700000150",
            ))
        })
        .unwrap();
    let (found, loaded) = started(&store);
    assert!(
        !loaded,
        "a changed person makes the saved index out of date"
    );
    assert_eq!(found, vec!["周官萍".to_string(), "张国平".to_string()]);
}

#[test]
fn a_damaged_saved_index_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(store(dir.path()));
    let file = dir.path().join(gridbook::search::snapshot::FILE);
    started(&store);
    wait_for_file(&file);
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&file, &bytes).unwrap();
    assert_eq!(started(&store), (vec!["周官萍".to_string()], false));
    // That start built the index and saves it afresh: let it finish before the next damage.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::fs::read(&file).is_ok_and(|now| now == bytes) {
        assert!(
            std::time::Instant::now() < deadline,
            "the index was not saved again"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    std::fs::write(&file, b"not an index").unwrap();
    assert_eq!(started(&store), (vec!["周官萍".to_string()], false));
}
