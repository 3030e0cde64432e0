//! A campaign's ledgers and its remaining rules (issue 15 part 5): 排查日报 and 排查记录 read
//! back with calamine (title, headers, exact rows, the exceptions' address and note), a
//! campaign over a parent grid counting the households of the grids below it, and a grid
//! captain's ledgers holding only her grids.

mod common;

use common::{cli_ok as ok, wait_until_released};

use gridbook::api::campaigns::{AddSentDown, CampaignStatus, CheckDoor, StartCampaign};
use gridbook::client::tables::{fetch, LedgerKind, TableRequest};
use gridbook::client::Ask;
use gridbook::io::sheet::Value;
use gridbook::model::time::{date_of, day_of, local_day};
use gridbook::model::{Address, CampaignKind, Community, Grid, Household, Id};
use gridbook::store::{OpenOptions, Store};

/// The small demo in dir/store: the households of a grid by its name, and every community's
/// name joined as a street-wide ledger's title has them.
fn demo() -> (tempfile::TempDir, Vec<(String, Vec<Household>)>, String) {
    let dir = tempfile::tempdir().unwrap();
    common::small_demo(&dir.path().join("store"));
    let (by_grid, place) = {
        let store = Store::open(&dir.path().join("store"), OpenOptions::default()).unwrap();
        let grids: Vec<Grid> = store.all::<Grid>().map(|g| g.unwrap()).collect();
        let households: Vec<Household> = store.all::<Household>().map(|h| h.unwrap()).collect();
        let mut names: Vec<String> = store.all::<Community>().map(|c| c.unwrap().name).collect();
        names.sort();
        let by_grid = grids
            .iter()
            .map(|g| {
                let mut hs: Vec<Household> = households
                    .iter()
                    .filter(|h| h.grid == g.id)
                    .cloned()
                    .collect();
                hs.sort_by_key(|h| door(&h.address));
                (g.name.clone(), hs)
            })
            .collect();
        (by_grid, names.join("、"))
    };
    wait_until_released(&dir.path().join("store"));
    (dir, by_grid, place)
}

fn door(a: &Address) -> (u32, u8, u16) {
    (a.building, a.entrance, a.room)
}

fn households_of<'a>(by_grid: &'a [(String, Vec<Household>)], name: &str) -> &'a [Household] {
    &by_grid.iter().find(|(n, _)| n == name).unwrap().1
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

const DAILY_HEADERS: &str =
    "序号,社区,网格,应查,已查,异常,无人,剩余,完成率,在岗下沉人员,异常户地址,异常情况";
const CHECKS_HEADERS: &str = "序号,社区,网格,地址,户主,排查结果,情况说明,第几次,排查人,排查时间";

#[test]
fn a_campaigns_daily_report_and_checks_read_back() {
    let (dir, by_grid, place) = demo();
    let d = dir.path();
    let one = households_of(&by_grid, "一网格-1片");
    let two = households_of(&by_grid, "一网格-2片");
    assert_eq!((one.len(), two.len()), (265, 259));
    assert_eq!(
        ok(
            d,
            &[
                "campaign",
                "start",
                "11月消防",
                "--kind",
                "消防",
                "--grid",
                "一网格-1片",
                "--grid",
                "一网格-2片",
                "--deadline",
                "2026-11-30",
                "--today",
                "2026-11-25",
            ],
        ),
        "campaign “11月消防” (fire) started: 524 households to check by 2026-11-30\n"
    );
    ok(
        d,
        &[
            "campaign",
            "staff",
            "add",
            "李华",
            "--unit",
            "区应急局",
            "--grid",
            "一网格-1片",
            "--user",
            "lihua",
        ],
    );
    let (a, b, c) = (
        one[0].address.to_string(),
        one[1].address.to_string(),
        two[0].address.to_string(),
    );
    assert_eq!(
        ok(
            d,
            &[
                "campaign",
                "check",
                &a,
                "--result",
                "异常",
                "--note",
                "灭火器过期"
            ]
        ),
        format!("{a}: abnormal; 1 of 524 households checked\n")
    );
    ok(
        d,
        &[
            "campaign",
            "check",
            &b,
            "--result",
            "异常",
            "--note",
            "楼道堆物",
        ],
    );
    ok(d, &["campaign", "check", &c, "--result", "无人在家"]);
    assert_eq!(
        ok(d, &["campaign", "check", &c, "--result", "正常"]),
        format!("{c}: normal (attempt 2); 3 of 524 households checked\n")
    );
    let community = place.clone();

    let file = d.join("daily.xlsx");
    let out = ok(
        d,
        &[
            "ledger",
            "campaign",
            "--campaign",
            "11月消防",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    let today = gridbook::io::values::ymd(date_of(local_day(gridbook::model::time::now())));
    let title = format!("{place}11月消防排查日报（{today}）");
    assert_eq!(
        out,
        format!("wrote {title}, 4 rows, to {}\n", file.display())
    );
    let cells = common::read_xlsx(&file);
    assert_eq!(cells[0][0], title);
    assert_eq!(cells[1].join(","), DAILY_HEADERS);
    assert_eq!(
        cells[2..].to_vec(),
        vec![
            row(&[
                "1",
                &community,
                "一网格-1片",
                "265",
                "2",
                "2",
                "0",
                "263",
                "0.7%",
                "李华（区应急局）",
                &a,
                "灭火器过期",
            ]),
            row(&["", "", "", "", "", "", "", "", "", "", &b, "楼道堆物"]),
            row(&[
                "2",
                &community,
                "一网格-2片",
                "259",
                "1",
                "0",
                "0",
                "258",
                "0.3%",
                "",
                "",
                "",
            ]),
            row(&["合计", "", "", "524", "3", "2", "0", "521", "0.5%", "", "", ""]),
        ]
    );
    // As it stood at the end of a day before any check.
    let file = d.join("daily-26.xlsx");
    ok(
        d,
        &[
            "ledger",
            "campaign",
            "--campaign",
            "11月消防",
            "--day",
            "2026-11-26",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    let cells = common::read_xlsx(&file);
    assert_eq!(
        cells[0][0],
        format!("{place}11月消防排查日报（2026-11-26）")
    );
    assert_eq!(
        cells.last().unwrap(),
        &row(&["合计", "", "", "524", "0", "0", "0", "524", "0.0%", "", "", ""])
    );
    assert_eq!(cells.len(), 2 + 3);

    let file = d.join("checks.xlsx");
    ok(d, &["ledger", "checks", "-o", file.to_str().unwrap()]);
    let cells = common::read_xlsx(&file);
    assert_eq!(cells[0][0], format!("{place}11月消防排查记录"));
    assert_eq!(cells[1].join(","), CHECKS_HEADERS);
    assert_eq!(cells.len(), 2 + 4);
    let picked: Vec<Vec<String>> = cells[2..]
        .iter()
        .map(|r| {
            vec![
                r[0].clone(),
                r[2].clone(),
                r[3].clone(),
                r[5].clone(),
                r[6].clone(),
                r[7].clone(),
            ]
        })
        .collect();
    assert_eq!(
        picked,
        vec![
            row(&["1", "一网格-1片", &a, "异常", "灭火器过期", "1"]),
            row(&["2", "一网格-1片", &b, "异常", "楼道堆物", "1"]),
            row(&["3", "一网格-2片", &c, "无人在家", "", "1"]),
            row(&["4", "一网格-2片", &c, "正常", "", "2"]),
        ]
    );
    assert_eq!(
        common::cli_refused(d, &["ledger", "visits", "-o", "x.xlsx"]),
        "gridbook: name the month with --month, such as --month 2026-11\n"
    );
}

fn text(v: &Value) -> String {
    v.text()
}

#[test]
fn a_campaign_over_a_parent_grid_counts_its_childrens_households_and_a_captains_ledgers_hold_only_her_grids(
) {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = common::second_grid_admin(root.path());
    // 第一网格 becomes a 片 of a new parent grid, 花苑网格 (id 5), which has no household of
    // its own: a campaign over it counts 第一网格's.
    store
        .write("fixture", |t| {
            t.put(&Grid {
                id: 5,
                community: 2,
                parent: None,
                level: 1,
                name: "花苑网格".into(),
                captain: None,
            })?;
            let mut g = t.get::<Grid>(&gridbook::store::keys::id(3))?.unwrap();
            g.parent = Some(5);
            g.level = 2;
            t.put(&g)
        })
        .unwrap();
    let today = local_day(store.now());
    let c: Id = admin
        .call(StartCampaign {
            name: "防汛排查".into(),
            kind: CampaignKind::Flood,
            grids: vec![5, 4],
            started: day_of(common::ymd(2026, 11, 25)),
            deadline: today + 30,
            results: vec![],
        })
        .unwrap()
        .id;
    admin
        .call(AddSentDown {
            campaign: c,
            person: "李华".into(),
            unit: "区应急局".into(),
            grid: 4,
            user: "lihua".into(),
            arrived: today,
        })
        .unwrap();
    for (h, result, note) in [
        (22, "异常", "地下室进水"),
        (24, "异常", "窗户漏雨"),
        (21, "正常", ""),
    ] {
        admin
            .call(CheckDoor {
                campaign: c,
                household: h,
                result: result.into(),
                note: note.into(),
            })
            .unwrap();
    }
    let total = admin
        .call(CampaignStatus {
            campaign: Some(c),
            today,
        })
        .unwrap()[0]
        .total;
    assert_eq!((total.due, total.checked, total.abnormal), (5, 3, 2));
    let captain = common::captain_backend(&store);
    let status = captain
        .call(CampaignStatus {
            campaign: Some(c),
            today,
        })
        .unwrap();
    assert_eq!((status[0].total.due, status[0].total.checked), (4, 2));
    let daily = fetch(
        &captain,
        &TableRequest::Campaign {
            kind: LedgerKind::Campaign,
            campaign: c,
            day: today,
        },
    )
    .unwrap();
    let rows: Vec<Vec<String>> = daily
        .rows
        .iter()
        .map(|r| r.iter().map(text).collect())
        .collect();
    assert_eq!(
        rows,
        vec![
            row(&[
                "1",
                "花苑社区",
                "第一网格",
                "4",
                "2",
                "1",
                "0",
                "2",
                "50.0%",
                "",
                "5-2-301",
                "地下室进水"
            ]),
            row(&["合计", "", "", "4", "2", "1", "0", "2", "50.0%", "", "", ""]),
        ]
    );
    let checks = fetch(
        &captain,
        &TableRequest::Campaign {
            kind: LedgerKind::Checks,
            campaign: c,
            day: today,
        },
    )
    .unwrap();
    let addresses: Vec<String> = checks.rows.iter().map(|r| text(&r[3])).collect();
    assert_eq!(addresses, vec!["5-2-301", "5-1-102"]);
}
