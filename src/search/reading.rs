//! How a name reads in pinyin: every heteronym of each character, surnames read as surnames,
//! written as CamelCase keys (`ZhouGuanPing`) whose capitals mark the syllables.

use pinyin::ToPinyinMulti;

/// At most this many reading combinations are kept for one name (the usual one first).
pub const MAX_COMBOS: usize = 4;

/// Level of the usual reading of a name (every character read the usual way, the first as a surname).
pub const USUAL: u8 = 0;
/// Level of any other combination of readings.
pub const OTHER: u8 = 1;

/// Single-character surnames whose surname reading is not the reading the pinyin crate lists
/// first. Only characters where the crate cannot tell surname usage belong here; a unit test
/// checks that each reading is one of the crate's heteronyms and not already its first.
const SURNAMES: &[(char, &str)] = &[
    ('单', "shan"),
    ('曾', "zeng"),
    ('解', "xie"),
    ('区', "ou"),
    ('仇', "qiu"),
    ('查', "zha"),
    ('朴', "piao"),
    ('尉', "yu"),
    ('盖', "ge"),
    ('缪', "miao"),
    ('覃', "qin"),
    ('种', "chong"),
    ('员', "yun"),
    ('乐', "yue"),
    ('召', "shao"),
    ('翟', "zhai"),
    ('秘', "bi"),
    ('繁', "po"),
    ('折', "she"),
    ('句', "gou"),
    ('长', "chang"),
    ('便', "pian"),
    ('藏', "zang"),
    ('都', "du"),
    ('重', "chong"),
    ('能', "nai"),
    ('洗', "xian"),
    ('蔚', "yu"),
];

/// Two-character surnames read differently from their characters' first readings.
const COMPOUND_SURNAMES: &[(&str, [&str; 2])] = &[
    ("尉迟", ["yu", "chi"]),
    ("万俟", ["mo", "qi"]),
    ("单于", ["chan", "yu"]),
    ("长孙", ["zhang", "sun"]),
    ("澹台", ["tan", "tai"]),
    ("乐正", ["yue", "zheng"]),
];

/// Reusable buffers for reading names, so building the index does not allocate per name.
#[derive(Default)]
pub struct Reader {
    /// Syllable spellings, lowercase ASCII, back to back.
    text: Vec<u8>,
    /// Each option: (start, len) in `text`.
    options: Vec<(u32, u32)>,
    /// Each syllable position of the name: (first option, number of options).
    positions: Vec<(u32, u32)>,
    /// The reading index chosen for each position while writing a combination.
    choice: Vec<u32>,
    key: Vec<u8>,
    /// Where each syllable of `key` starts.
    starts: Vec<u32>,
}

/// The level of a combination: the first is the usual reading.
pub fn level_of(combo: usize) -> u8 {
    if combo == 0 {
        USUAL
    } else {
        OTHER
    }
}

impl Reader {
    /// Calls `emit(key, level)` for each reading combination of `name`, the usual one first,
    /// at most [`MAX_COMBOS`] of them. Keys are ASCII CamelCase: one capital per syllable.
    pub fn for_each_key(&mut self, name: &str, mut emit: impl FnMut(&[u8], u8)) {
        self.read(name);
        for combo in 0..self.combos() {
            self.write_key(combo);
            emit(&self.key, level_of(combo));
        }
    }

    /// As [`Reader::for_each_key`], with where each syllable of the key starts.
    pub fn for_each_key_with_starts(&mut self, name: &str, mut emit: impl FnMut(&[u8], &[u32])) {
        self.read(name);
        for combo in 0..self.combos() {
            self.write_key(combo);
            emit(&self.key, &self.starts);
        }
    }

    /// The key of one combination of `name` (as numbered by [`Reader::for_each_key`]), and
    /// where each of its syllables starts.
    pub fn key(&mut self, name: &str, combo: usize) -> (&[u8], &[u32]) {
        self.read(name);
        if combo < self.combos() {
            self.write_key(combo);
        } else {
            self.key.clear();
            self.starts.clear();
        }
        (&self.key, &self.starts)
    }

    /// How many combinations the name last read has.
    fn combos(&self) -> usize {
        if self.positions.is_empty() {
            return 0;
        }
        let changes: usize = self.positions.iter().map(|p| p.1 as usize - 1).sum();
        (1 + changes).min(MAX_COMBOS)
    }

    /// Sets `choice` to combination `combo`: 0 is every usual reading; then every single
    /// change from it, second readings first (position by position), then third readings...
    fn choose(&mut self, combo: usize) {
        self.choice.clear();
        self.choice.resize(self.positions.len(), 0);
        if combo == 0 {
            return;
        }
        let mut left = combo;
        let most = self.positions.iter().map(|p| p.1).max().unwrap_or(1);
        for idx in 1..most {
            for (p, pos) in self.positions.iter().enumerate() {
                if pos.1 > idx {
                    left -= 1;
                    if left == 0 {
                        self.choice[p] = idx;
                        return;
                    }
                }
            }
        }
    }

    fn write_key(&mut self, combo: usize) {
        self.choose(combo);
        self.key.clear();
        self.starts.clear();
        for (p, &(first, _)) in self.positions.iter().enumerate() {
            let (start, len) = self.options[(first + self.choice[p]) as usize];
            let syl = &self.text[start as usize..(start + len) as usize];
            if let Some((head, rest)) = syl.split_first() {
                self.starts.push(self.key.len() as u32);
                self.key.push(head.to_ascii_uppercase());
                self.key.extend_from_slice(rest);
            }
        }
    }

    /// Splits a name into syllable positions, each with its readings, best first.
    fn read(&mut self, name: &str) {
        self.text.clear();
        self.options.clear();
        self.positions.clear();
        let mut chars = name.char_indices().peekable();
        let mut first_syllable = true;
        // A compound surname (尉迟) fixes the first two readings.
        if let Some((surname, readings)) =
            COMPOUND_SURNAMES.iter().find(|(s, _)| name.starts_with(s))
        {
            for (c, reading) in surname.chars().zip(readings) {
                self.begin_position();
                self.add_option(reading.as_bytes());
                self.add_char_readings(c);
                chars.next();
            }
            first_syllable = false;
        }
        while let Some((i, c)) = chars.next() {
            if c.is_ascii_alphanumeric() {
                // A run of Latin letters or digits is one syllable, read as written.
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if !d.is_ascii_alphanumeric() {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                self.begin_position();
                self.add_option(name[i..end].to_ascii_lowercase().as_bytes());
                first_syllable = false;
                continue;
            }
            if !has_reading(c) {
                continue; // 「·」, spaces and other marks have no reading
            }
            self.begin_position();
            if first_syllable {
                if let Some((_, reading)) = SURNAMES.iter().find(|(s, _)| *s == c) {
                    self.add_option(reading.as_bytes());
                }
            }
            self.add_char_readings(c);
            first_syllable = false;
        }
        // A position whose readings all failed to spell gets dropped.
        self.positions.retain(|p| p.1 > 0);
    }

    fn begin_position(&mut self) {
        self.positions.push((self.options.len() as u32, 0));
    }

    fn add_char_readings(&mut self, c: char) {
        if let Some(mut entry) = table().entry(c) {
            let count = entry[0];
            entry = &entry[1..];
            for _ in 0..count {
                let len = entry[0] as usize;
                self.add_option(&entry[1..=len]);
                entry = &entry[1 + len..];
            }
            return;
        }
        for_each_reading(c, |syl| self.add_option(syl));
    }

    /// Adds a reading to the current position unless it already has it.
    fn add_option(&mut self, syl: &[u8]) {
        let Some(pos) = self.positions.last_mut() else {
            return;
        };
        let first = pos.0 as usize;
        let dup = self.options[first..]
            .iter()
            .any(|&(s, l)| &self.text[s as usize..(s + l) as usize] == syl);
        if dup || syl.is_empty() {
            return;
        }
        self.options
            .push((self.text.len() as u32, syl.len() as u32));
        self.text.extend_from_slice(syl);
        pos.1 += 1;
    }
}

/// Calls `f` with each distinct reading of a character, spelled, in the crate's order.
fn for_each_reading(c: char, mut f: impl FnMut(&[u8])) {
    let Some(multi) = c.to_pinyin_multi() else {
        return;
    };
    let mut seen: Vec<([u8; 8], usize)> = Vec::new();
    for reading in multi {
        let mut spelled = [0u8; 8];
        if let Some(n) = spell(reading.plain(), &mut spelled) {
            if n > 0 && !seen.iter().any(|(s, m)| s[..*m] == spelled[..n]) {
                seen.push((spelled, n));
                f(&spelled[..n]);
            }
        }
    }
}

fn has_reading(c: char) -> bool {
    match table().entry(c) {
        Some(_) => true,
        None if table().covers(c) => false,
        None => c.to_pinyin_multi().is_some(),
    }
}

/// The first and last characters of the CJK Unified Ideographs block, where nearly every
/// name character lies.
const BLOCK: (u32, u32) = (0x4E00, 0x9FFF);

/// The spelled readings of every character of the block, worked out once: asking the pinyin
/// crate and spelling its answer costs more than searching a key does.
struct Table {
    /// Per character: 0 for no reading, else 1 + where its entry starts in `text`.
    at: Vec<u32>,
    /// Entries: a count, then each reading as a length and its letters.
    text: Vec<u8>,
}

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table {
            at: vec![0; (BLOCK.1 - BLOCK.0 + 1) as usize],
            text: Vec::new(),
        };
        for code in BLOCK.0..=BLOCK.1 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let start = t.text.len();
            t.text.push(0);
            for_each_reading(c, |syl| {
                t.text[start] += 1;
                t.text.push(syl.len() as u8);
                t.text.extend_from_slice(syl);
            });
            if t.text[start] == 0 {
                t.text.truncate(start);
            } else {
                t.at[(code - BLOCK.0) as usize] = start as u32 + 1;
            }
        }
        t.text.shrink_to_fit();
        t
    })
}

impl Table {
    fn covers(&self, c: char) -> bool {
        (BLOCK.0..=BLOCK.1).contains(&u32::from(c))
    }

    /// A character's entry, if it is in the block and has a reading.
    #[inline]
    fn entry(&self, c: char) -> Option<&[u8]> {
        if !self.covers(c) {
            return None;
        }
        match self.at[(u32::from(c) - BLOCK.0) as usize] {
            0 => None,
            at => Some(&self.text[at as usize - 1..]),
        }
    }
}

/// Spells a toneless reading in ASCII as people type it: ü as v, ê as e.
fn spell(plain: &str, out: &mut [u8; 8]) -> Option<usize> {
    let mut n = 0;
    for c in plain.chars() {
        let b = match c {
            'ü' => b'v',
            'ê' => b'e',
            c if c.is_ascii_alphabetic() => c.to_ascii_lowercase() as u8,
            _ => return None,
        };
        *out.get_mut(n)? = b;
        n += 1;
    }
    Some(n)
}

/// The initials of a CamelCase key, lowercase: `ZhouGuanPing` → `zgp`.
pub fn initials_of(key: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend(
        key.iter()
            .filter(|b| b.is_ascii_uppercase())
            .map(|b| b.to_ascii_lowercase()),
    );
}

/// Every key of a name with its level, collected (for tests and the recent-writes buffer).
pub fn keys_of(name: &str) -> Vec<(Vec<u8>, u8)> {
    let mut out = Vec::new();
    Reader::default().for_each_key(name, |k, level| out.push((k.to_vec(), level)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(name: &str) -> Vec<(String, u8)> {
        keys_of(name)
            .into_iter()
            .map(|(k, l)| (String::from_utf8(k).unwrap(), l))
            .collect()
    }

    #[test]
    fn a_plain_name_has_one_usual_reading() {
        assert_eq!(keys("周官萍"), vec![("ZhouGuanPing".to_string(), USUAL)]);
    }

    #[test]
    fn a_surname_is_read_as_a_surname_first_then_the_other_readings() {
        let got = keys("单丽");
        assert_eq!(got[0], ("ShanLi".to_string(), USUAL));
        assert!(got.contains(&("DanLi".to_string(), OTHER)), "{got:?}");
        assert_eq!(keys("曾小明")[0].0, "ZengXiaoMing");
        assert_eq!(keys("解放")[0].0, "XieFang");
        assert_eq!(keys("区志强")[0].0, "OuZhiQiang");
        assert_eq!(keys("仇海燕")[0].0, "QiuHaiYan");
        assert_eq!(keys("查文")[0].0, "ZhaWen");
        assert_eq!(keys("尉迟恭")[0].0, "YuChiGong");
    }

    #[test]
    fn a_surname_character_later_in_a_name_reads_the_usual_way() {
        assert_eq!(keys("王单")[0].0, "WangDan");
    }

    #[test]
    fn u_umlaut_is_typed_as_v_and_latin_runs_are_kept() {
        assert_eq!(keys("吕")[0].0, "Lv");
        assert_eq!(keys("阿依古丽·买买提")[0].0, "AYiGuLiMaiMaiTi");
        assert_eq!(keys("Tom李")[0].0, "TomLi");
        assert!(keys("·").is_empty());
    }

    #[test]
    fn combinations_are_bounded() {
        let got = keys("朴乐长");
        assert_eq!(got.len(), MAX_COMBOS);
        assert_eq!(got[0], ("PiaoLeZhang".to_string(), USUAL));
    }

    #[test]
    fn the_surname_table_only_holds_what_the_crate_cannot_tell() {
        let mut wrong = Vec::new();
        for (c, reading) in SURNAMES {
            let readings: Vec<String> = c
                .to_pinyin_multi()
                .unwrap()
                .into_iter()
                .map(|p| p.plain().replace('ü', "v"))
                .collect();
            if !readings.iter().any(|r| r == reading) || &readings[0] == reading {
                wrong.push(format!("{c} {reading}: {readings:?}"));
            }
        }
        assert_eq!(wrong, Vec::<String>::new());
    }

    #[test]
    fn one_combination_is_spelled_as_numbered() {
        let all = keys("单乐");
        let mut r = Reader::default();
        for (i, (key, _)) in all.iter().enumerate() {
            let (got, starts) = r.key("单乐", i);
            assert_eq!(std::str::from_utf8(got).unwrap(), key);
            assert_eq!(starts.len(), 2);
        }
        assert_eq!(r.key("单乐", all.len()).0, b"");
    }

    #[test]
    fn initials_come_from_the_capitals() {
        let mut out = Vec::new();
        initials_of(b"ZhouGuanPing", &mut out);
        assert_eq!(out, b"zgp");
    }
}
