//! The places of the demo: streets and communities with the real names of 中山市, a grid tree
//! of levels 1–4 per community, and buildings with their entrances, floors and occupied rooms.
//! Planned in memory before anything is written, so the number of households is known up front.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::Scale;

/// 东区街道 and its communities, as the sources name them.
const DONGQU: (&str, &[&str]) = (
    "东区街道",
    &[
        "花苑",
        "东裕",
        "起湾",
        "新鳌岭",
        "齐富湾",
        "夏洋",
        "竹苑",
        "远洋",
        "长江三溪",
        "银湾",
        "库充",
        "槎桥",
        "亨尾",
        "白沙湾",
        "桥岭",
        "柏苑",
    ],
);

/// The other central streets of 中山市, for the city scale.
const CITY: &[(&str, &[&str])] = &[
    DONGQU,
    (
        "石岐街道",
        &[
            "莲峰", "太平", "湖滨", "民生", "悦来", "凤鸣", "仁厚", "光明", "员峰", "张溪", "厚兴",
            "龙凤", "岐头", "南下",
        ],
    ),
    (
        "西区街道",
        &[
            "长洲",
            "沙朗",
            "后山",
            "烟洲",
            "隆平",
            "彩虹",
            "翠景",
            "金鱼沙",
            "广丰",
            "富华",
        ],
    ),
    (
        "南区街道",
        &[
            "城南",
            "马岭",
            "竹秀园",
            "环城",
            "北溪",
            "树涌",
            "寮后",
            "恒美",
        ],
    ),
    ("五桂山街道", &["长命水", "南桥", "桂南", "石鼓", "龙石"]),
];

/// How big each scale is.
struct Shape {
    streets: &'static [(&'static str, &'static [&'static str])],
    /// How many communities of the listed ones to use (all for street and city).
    communities: usize,
    /// Households to aim for; None means a fixed number of buildings (small).
    households: Option<u64>,
    buildings: Option<u32>,
    grids: usize,
    /// The deepest grid level, and how many children a grid has at most.
    depth: u8,
    branch: usize,
    /// Share of towers (18–33 floors) and mid-rise blocks among new buildings.
    towers: f64,
    midrise: f64,
}

fn shape(scale: Scale) -> Shape {
    match scale {
        Scale::Small => Shape {
            streets: std::slice::from_ref(&DONGQU),
            communities: 1,
            households: None,
            buildings: Some(12),
            grids: 4,
            depth: 2,
            branch: 3,
            towers: 0.0,
            midrise: 0.0,
        },
        Scale::Street => Shape {
            streets: std::slice::from_ref(&DONGQU),
            communities: 16,
            households: Some(58_000),
            buildings: None,
            grids: 45,
            depth: 2,
            branch: usize::MAX,
            towers: 0.16,
            midrise: 0.08,
        },
        Scale::City => Shape {
            streets: CITY,
            communities: usize::MAX,
            households: Some(195_000),
            buildings: None,
            grids: 521,
            depth: 4,
            branch: 2,
            towers: 0.16,
            midrise: 0.08,
        },
    }
}

pub struct StreetPlan {
    pub name: &'static str,
    pub communities: Vec<CommunityPlan>,
}

pub struct CommunityPlan {
    /// The full name, such as 花苑社区.
    pub name: String,
    pub grids: Vec<GridPlan>,
    pub buildings: Vec<BuildingPlan>,
}

pub struct GridPlan {
    pub level: u8,
    /// Index of the parent in the community's `grids`.
    pub parent: Option<usize>,
    pub name: String,
    pub leaf: bool,
}

pub struct BuildingPlan {
    /// 1..N within the community.
    pub number: u32,
    /// Index of the (leaf) grid in the community's `grids`.
    pub grid: usize,
    pub entrances: u8,
    pub floors: u8,
    /// Occupied rooms in door order: (entrance, room).
    pub occupied: Vec<(u8, u16)>,
}

pub struct Plan {
    pub streets: Vec<StreetPlan>,
}

impl Plan {
    pub fn households(&self) -> u64 {
        self.streets
            .iter()
            .flat_map(|s| &s.communities)
            .flat_map(|c| &c.buildings)
            .map(|b| b.occupied.len() as u64)
            .sum()
    }
}

pub fn plan(rng: &mut ChaCha8Rng, scale: Scale) -> Plan {
    let shape = shape(scale);
    // Which communities, and how many households each should hold: uneven on purpose.
    let mut names: Vec<(usize, &'static str)> = Vec::new();
    for (si, (_, communities)) in shape.streets.iter().enumerate() {
        for c in communities.iter() {
            names.push((si, c));
        }
    }
    names.truncate(shape.communities);
    let weights: Vec<f64> = names.iter().map(|_| rng.random_range(0.55..1.45)).collect();
    let weight_sum: f64 = weights.iter().sum();
    let targets: Vec<u64> = match shape.households {
        Some(total) => weights
            .iter()
            .map(|w| (total as f64 * w / weight_sum).round() as u64)
            .collect(),
        None => vec![0; names.len()],
    };

    // Buildings first, then as many leaf grids as the grid total allows, spread by size.
    let mut buildings: Vec<Vec<BuildingPlan>> = Vec::new();
    for (i, _) in names.iter().enumerate() {
        let towers = if shape.towers > 0.0 {
            shape.towers * rng.random_range(0.3..1.7)
        } else {
            0.0
        };
        let mut list = Vec::new();
        let mut households = 0u64;
        loop {
            let done = match shape.buildings {
                Some(n) => list.len() as u32 >= n,
                None => households >= targets[i],
            };
            if done {
                break;
            }
            let b = building(rng, list.len() as u32 + 1, towers, shape.midrise);
            households += b.occupied.len() as u64;
            list.push(b);
        }
        buildings.push(list);
    }
    let sizes: Vec<u64> = buildings
        .iter()
        .map(|bs| bs.iter().map(|b| b.occupied.len() as u64).sum())
        .collect();
    let leaves = leaves_for(&sizes, shape.grids, shape.depth, shape.branch);

    let mut streets: Vec<StreetPlan> = Vec::new();
    for (((si, name), mut bs), k) in names.into_iter().zip(buildings).zip(leaves) {
        let grids = grid_tree(k, shape.depth, shape.branch);
        let leaf_ix: Vec<usize> = (0..grids.len()).filter(|&i| grids[i].leaf).collect();
        // Hand out buildings in number order, cutting where the households reach each share.
        let total: u64 = bs.iter().map(|b| b.occupied.len() as u64).sum();
        let mut seen = 0u64;
        for b in bs.iter_mut() {
            let share = ((seen * leaf_ix.len() as u64) / total.max(1)) as usize;
            b.grid = leaf_ix[share.min(leaf_ix.len() - 1)];
            seen += b.occupied.len() as u64;
        }
        let street_name = shape.streets[si].0;
        if streets.last().is_none_or(|s| s.name != street_name) {
            streets.push(StreetPlan {
                name: street_name,
                communities: Vec::new(),
            });
        }
        if let Some(s) = streets.last_mut() {
            s.communities.push(CommunityPlan {
                name: format!("{name}社区"),
                grids,
                buildings: bs,
            });
        }
    }
    Plan { streets }
}

/// Draws one from weighted choices.
pub fn weighted<T: Copy>(rng: &mut ChaCha8Rng, choices: &[(T, u32)]) -> T {
    let total: u32 = choices.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total.max(1));
    for (v, w) in choices {
        if x < *w {
            return *v;
        }
        x -= w;
    }
    choices[choices.len() - 1].0
}

/// One building: an old walk-up estate (6–9 floors), a mid-rise block or a tower (18–33).
fn building(rng: &mut ChaCha8Rng, number: u32, towers: f64, midrise: f64) -> BuildingPlan {
    let x: f64 = rng.random();
    let (entrances, floors, rooms) = if x < towers {
        (
            weighted(rng, &[(1u8, 50), (2, 40), (3, 10)]),
            rng.random_range(18u8..=33),
            weighted(rng, &[(2u8, 20), (3, 30), (4, 50)]),
        )
    } else if x < towers + midrise {
        (
            weighted(rng, &[(1u8, 40), (2, 45), (3, 15)]),
            rng.random_range(10u8..=17),
            weighted(rng, &[(2u8, 30), (3, 35), (4, 35)]),
        )
    } else {
        (
            weighted(rng, &[(1u8, 5), (2, 30), (3, 40), (4, 25)]),
            weighted(rng, &[(6u8, 20), (7, 35), (8, 30), (9, 15)]),
            weighted(rng, &[(2u8, 20), (3, 40), (4, 40)]),
        )
    };
    let vacancy: f64 = rng.random_range(0.04..0.11);
    let mut occupied = Vec::new();
    for e in 1..=entrances {
        for f in 1..=u16::from(floors) {
            for n in 1..=u16::from(rooms) {
                if !rng.random_bool(vacancy) {
                    occupied.push((e, f * 100 + n));
                }
            }
        }
    }
    BuildingPlan {
        number,
        grid: 0,
        entrances,
        floors,
        occupied,
    }
}

/// How many grids a community with `k` leaf grids has, built as `grid_tree` builds it.
fn grid_count(k: usize, depth: u8, branch: usize) -> usize {
    fn count(k: usize, level: u8, depth: u8, branch: usize) -> usize {
        if level >= depth || k <= 1 {
            return 1;
        }
        1 + split(k, branch)
            .into_iter()
            .map(|part| count(part, level + 1, depth, branch))
            .sum::<usize>()
    }
    count(k, 1, depth, branch)
}

/// Splits `k` leaves over at most `branch` children, as evenly as can be, larger parts first.
fn split(k: usize, branch: usize) -> Vec<usize> {
    let m = k.min(branch).max(1);
    (0..m).map(|i| k / m + usize::from(i < k % m)).collect()
}

/// Leaf grids per community: spread by households, the total raised until the grid count
/// reaches the target.
fn leaves_for(sizes: &[u64], target: usize, depth: u8, branch: usize) -> Vec<usize> {
    let total: u64 = sizes.iter().sum::<u64>().max(1);
    let mut leaves = sizes.len();
    loop {
        // Largest remainder, at least one leaf each.
        let exact: Vec<f64> = sizes
            .iter()
            .map(|&s| s as f64 * leaves as f64 / total as f64)
            .collect();
        let mut k: Vec<usize> = exact.iter().map(|e| (e.floor() as usize).max(1)).collect();
        let mut order: Vec<usize> = (0..sizes.len()).collect();
        order.sort_by(|&a, &b| {
            let ra = exact[a] - exact[a].floor();
            let rb = exact[b] - exact[b].floor();
            rb.total_cmp(&ra).then(a.cmp(&b))
        });
        let mut i = 0;
        while k.iter().sum::<usize>() < leaves && !order.is_empty() {
            k[order[i % order.len()]] += 1;
            i += 1;
        }
        let grids: usize = k.iter().map(|&n| grid_count(n, depth, branch)).sum();
        if grids >= target || leaves > target * 4 {
            return k;
        }
        leaves += 1;
    }
}

const NUMERALS: [&str; 11] = [
    "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
];

/// 1 → 一, 12 → 十二, 23 → 二十三.
pub fn numeral(n: usize) -> String {
    match n {
        0..=10 => NUMERALS[n].to_string(),
        11..=19 => format!("十{}", NUMERALS[n - 10]),
        _ if n.is_multiple_of(10) && n < 100 => format!("{}十", NUMERALS[n / 10]),
        _ if n < 100 => format!("{}十{}", NUMERALS[n / 10], NUMERALS[n % 10]),
        _ => n.to_string(),
    }
}

/// A community's grid tree with `k` leaves: one level-1 grid, then children split as evenly as
/// the branching allows, down to `depth`. Names stay short enough for a narrow tree pane and
/// unique within the community: 第一网格, 一网格-2片, 2片-3组, 2片3组-1小组.
fn grid_tree(k: usize, depth: u8, branch: usize) -> Vec<GridPlan> {
    fn add(
        out: &mut Vec<GridPlan>,
        k: usize,
        level: u8,
        parent: Option<usize>,
        ordinal: usize,
        depth: u8,
        branch: usize,
    ) {
        let name = match level {
            1 => format!("第{}网格", numeral(ordinal)),
            2 => {
                let root = out[parent.unwrap_or(0)]
                    .name
                    .trim_start_matches('第')
                    .to_string();
                format!("{root}-{ordinal}片")
            }
            3 => {
                let up = parent.map_or(0, |p| ordinal_of(out, p));
                format!("{up}片-{ordinal}组")
            }
            _ => {
                let up = parent.map_or(String::new(), |p| out[p].name.replace('-', ""));
                format!("{up}-{ordinal}小组")
            }
        };
        let leaf = level >= depth || k <= 1;
        out.push(GridPlan {
            level,
            parent,
            name,
            leaf,
        });
        let me = out.len() - 1;
        if !leaf {
            for (i, part) in split(k, branch).into_iter().enumerate() {
                add(out, part, level + 1, Some(me), i + 1, depth, branch);
            }
        }
    }
    let mut out = Vec::new();
    add(&mut out, k, 1, None, 1, depth, branch);
    out
}

/// The ordinal a grid's name ends with: 2 for 一网格-2片, 3 for 2片-3组.
fn ordinal_of(grids: &[GridPlan], i: usize) -> usize {
    let digits: String = grids[i]
        .name
        .rsplit('-')
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    digits.parse().unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn numerals_read_the_chinese_way() {
        assert_eq!(numeral(1), "一");
        assert_eq!(numeral(10), "十");
        assert_eq!(numeral(12), "十二");
        assert_eq!(numeral(20), "二十");
        assert_eq!(numeral(23), "二十三");
    }

    #[test]
    fn a_grid_tree_has_its_levels_and_short_names() {
        let t = grid_tree(6, 4, 2);
        assert_eq!(t.len(), grid_count(6, 4, 2));
        assert_eq!(t.len(), 11);
        assert_eq!(t.iter().filter(|g| g.leaf).count(), 6);
        let names: Vec<&str> = t.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "第一网格",
                "一网格-1片",
                "1片-1组",
                "1片1组-1小组",
                "1片1组-2小组",
                "1片-2组",
                "一网格-2片",
                "2片-1组",
                "2片1组-1小组",
                "2片1组-2小组",
                "2片-2组",
            ]
        );
        for g in &t {
            assert!(
                unicode_width::UnicodeWidthStr::width(g.name.as_str()) <= 12,
                "{}",
                g.name
            );
            assert_eq!(g.parent.is_none(), g.level == 1);
        }
    }

    #[test]
    fn small_is_one_community_with_four_grids_and_twelve_buildings() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let p = plan(&mut rng, Scale::Small);
        assert_eq!(p.streets.len(), 1);
        let c = &p.streets[0].communities;
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].name, "花苑社区");
        assert_eq!(c[0].grids.len(), 4);
        assert_eq!(c[0].buildings.len(), 12);
        for b in &c[0].buildings {
            assert!(c[0].grids[b.grid].leaf);
        }
    }
}
