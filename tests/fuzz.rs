//! Property tests: arbitrary bytes and text into the decoders and parsers must give an error
//! or a value, never a panic or an unbounded allocation.

use gridbook::model::address::{Address, AddressQuery};
use gridbook::model::{idnumber, phone, Household, Resident, Visit};
use gridbook::store::codec;
use gridbook::tui::keymap::Keymap;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_codec_refuses_garbage_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = codec::decode::<Household>(&bytes);
        let _ = codec::decode::<Resident>(&bytes);
        let _ = codec::decode::<Visit>(&bytes);
        let _ = codec::decode::<Vec<String>>(&bytes);
    }

    #[test]
    fn a_valid_record_with_a_flipped_byte_never_panics(flip in 0usize..200, to in any::<u8>()) {
        let h = Household {
            id: 7, community: 1, grid: 2, building: 3,
            address: Address::parse("12-3-1203").unwrap(),
            head: Some(9), phone: "13912345678".into(), care_tags: vec![], captain: Some(4),
            status: None, landlord: None, tenancy: None, note: String::new(),
        };
        let mut bytes = codec::encode(&h).unwrap();
        let i = flip % bytes.len();
        bytes[i] = to;
        if let Ok(back) = codec::decode::<Household>(&bytes) {
            // If it still decodes, it is a whole record that survives its own round trip.
            let again = codec::encode(&back).unwrap();
            prop_assert_eq!(codec::decode::<Household>(&again).unwrap(), back);
        }
    }

    #[test]
    fn the_address_parser_takes_any_text(text in "\\PC{0,24}") {
        if let Ok(q) = AddressQuery::parse(&text) {
            prop_assert!(q.building > 0);
        }
        let _ = Address::parse(&text);
    }

    #[test]
    fn every_parsed_address_prints_back_the_same(b in 1u32..2000, e in 1u8..=9, r in 101u16..3400) {
        let a = Address::new(b, e, r).unwrap();
        prop_assert_eq!(Address::parse(&a.to_string()).unwrap(), a);
        prop_assert_eq!(Address::parse(&format!("{b}栋{e}单元{r}室")).unwrap(), a);
    }

    #[test]
    fn id_numbers_and_phones_take_any_text(text in "\\PC{0,30}") {
        let _ = idnumber::validate(&text);
        let _ = phone::normalize(&text);
        let _ = idnumber::mask(&text);
        let _ = phone::mask(&text);
    }

    #[test]
    fn the_keymap_parser_takes_any_text(text in "(\\[[a-z]{0,8}\\]\n)?(\"[a-z\\-]{0,10}\" = \"[a-z_]{0,12}\"\n){0,6}") {
        let (_, problems) = Keymap::parse(&text, "fuzz.toml");
        for p in problems {
            prop_assert!(p.starts_with("fuzz.toml:"), "{}", p);
        }
    }

    #[test]
    fn the_keymap_parser_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = Keymap::parse(&text, "bytes.toml");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_frame_decoder_refuses_garbage_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        use gridbook::server::protocol::{read_frame, ClientFrame, ServerFrame};
        let _ = read_frame::<ClientFrame>(&mut bytes.as_slice());
        let _ = read_frame::<ServerFrame>(&mut bytes.as_slice());
        // With a plausible length in front, the body is what gets tested.
        let mut framed = (bytes.len() as u32).to_be_bytes().to_vec();
        framed.extend_from_slice(&bytes);
        let _ = read_frame::<ClientFrame>(&mut framed.as_slice());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn a_roster_file_of_any_bytes_is_read_or_refused_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        use gridbook::io::table::Table;
        if let Ok((table, format)) = Table::from_bytes(&bytes) {
            let _ = gridbook::io::roster::read(&table, Some(format));
        }
    }

    #[test]
    fn roster_rows_of_any_text_are_read_with_their_problems_named(
        rows in proptest::collection::vec(
            proptest::collection::vec("[0-9A-Za-z一二三四五张王李户主子女常住流动独居老人、,/ -]{0,12}", 0..8),
            0..12,
        )
    ) {
        use gridbook::io::table::Table;
        let mut csv = String::from("楼栋,单元,房号,姓名,与户主关系,性别,出生日期,身份证号,联系电话,人员类型,重点人群\n");
        for r in &rows {
            let cells: Vec<String> = r.iter().map(|c| c.replace([',', '\n'], " ")).collect();
            csv.push_str(&cells.join(","));
            csv.push('\n');
        }
        if let Ok((table, format)) = Table::from_bytes(csv.as_bytes()) {
            let roster = gridbook::io::roster::read(&table, Some(format));
            // Every person read came from a row of the file, and every error names a row.
            prop_assert!(roster.people <= rows.len());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_saved_search_index_of_any_bytes_is_refused_without_panicking(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(gridbook::search::snapshot::FILE), &bytes).unwrap();
        prop_assert!(gridbook::search::snapshot::load(dir.path(), 0).is_none());
    }
}
