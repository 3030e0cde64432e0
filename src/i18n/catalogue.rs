//! The catalogue: every sentence the lower layers write in English, with its Chinese.
//! `{0}`, `{1}` … are the values the sentence was filled with, in either order.

pub(super) const SENTENCES: &[(&str, &str)] = &[
    // Settings and the command line's own start.
    (
        "the language “{0}” is not known; use --lang zh or --lang en",
        "不认识语言“{0}”；请用 --lang zh 或 --lang en",
    ),
    (
        "{0} is not a valid settings file: {1}; fix or remove it",
        "{0} 不是有效的设置文件：{1}；请修正或删除它",
    ),
    ("{0} could not be read: {1}", "{0} 无法读取：{1}"),
    (
        "no home directory was found for the data; give one with --data DIR",
        "找不到存放数据的主目录；请用 --data 目录 指定一个",
    ),
    // Keymap files (tui/keymap.rs), which `keymap check` and the screen report.
    (
        "{0}: the keymap could not be read ({1}); the default keys apply",
        "{0}：按键表无法读取（{1}）；现用默认按键",
    ),
    (
        "{0}:{1}: not a keymap: {2}; write [mode] tables of \"key\" = \"action\"",
        "{0}:{1}：不是按键表：{2}；请写成 [模式] 表，每行 \"按键\" = \"动作\"",
    ),
    (
        "{0}:{1}: [{2}] is not a mode; use global, browse, list, form, sweep, prompt or dialog",
        "{0}:{1}：[{2}] 不是模式；请用 global、browse、list、form、sweep、prompt 或 dialog",
    ),
    (
        "{0}:{1}: “{2}” is not a key; write keys like ctrl-s, f2, enter, j",
        "{0}:{1}：“{2}”不是按键；请写 ctrl-s、f2、enter、j 这样的按键",
    ),
    (
        "{0}:{1}: “{2}” is not an action; `gridbook keymap show` lists them",
        "{0}:{1}：“{2}”不是动作；`gridbook keymap show` 会列出所有动作",
    ),
    (
        "{0}:{1}: the action must be in quotes, such as \"{2}\" = \"{3}\"",
        "{0}:{1}：动作要加引号，如 \"{2}\" = \"{3}\"",
    ),
    (
        "{0}:{1}: {2} is bound twice in [{3}] (also on line {4}); keep one",
        "{0}:{1}：{2} 在 [{3}] 中绑定了两次（另一处在第 {4} 行）；请只留一个",
    ),
    // The store (store/mod.rs, codec.rs).
    (
        "the store in {0} is already open in another gridbook process; close that one, or wait for it to finish, and try again",
        "{0} 中的数据已被另一个 gridbook 进程打开；请关闭那个进程，或等它结束后再试",
    ),
    (
        "the store in {0} could not be used: {1}",
        "{0} 中的数据无法使用：{1}",
    ),
    ("the store reported an error: {0}", "数据库报错：{0}"),
    (
        "a stored record is damaged ({0}); run `gridbook check` to see which",
        "有一条存储的记录已损坏（{0}）；运行 `gridbook check` 查看是哪一条",
    ),
    (
        "someone else moved this case on while you were writing; look at both and decide",
        "您填写期间，别人已推进了这个案件；请对照两边后再决定",
    ),
    (
        "an empty value was found where a record should be",
        "应有记录的地方是空值",
    ),
    (
        "a value has format version {0}, which this build of gridbook does not know; upgrade gridbook",
        "有一个值的格式版本是 {0}，这个版本的 gridbook 不认识；请升级 gridbook",
    ),
    ("a value is larger than {0} bytes", "有一个值超过了 {0} 字节"),
    ("a value could not be decoded: {0}", "有一个值无法解码：{0}"),
    (
        "a value has {0} bytes left over after the record",
        "有一个值在记录之后多出 {0} 字节",
    ),
    // The model's validation.
    (
        "the address {0} has a zero in it; building, entrance and room all start at 1",
        "地址 {0} 中有 0；楼栋、单元和房号都从 1 开始",
    ),
    (
        "“{0}” is not a whole address; write building-entrance-room, such as 5-2-301",
        "“{0}”不是完整的地址；请按 楼栋-单元-房号 写，如 5-2-301",
    ),
    (
        "“{0}” is not an address; write building-entrance-room, such as 5-2-301",
        "“{0}”不是地址；请按 楼栋-单元-房号 写，如 5-2-301",
    ),
    (
        "the visit time is in the future; give the time the door was knocked on",
        "走访时间在将来；请填实际上门的时间",
    ),
    (
        "the findings are longer than 4000 characters; shorten them",
        "走访情况超过 4000 字；请删减",
    ),
    (
        "a dispute needs a title; say in a few words what it is about",
        "纠纷需要标题；用几个字说明是什么事",
    ),
    (
        "the deadline is before the day the dispute was reported; pick a later day",
        "时限早于纠纷登记的日期；请选更晚的一天",
    ),
    (
        "a closed dispute needs an outcome, and only a closed one",
        "已办结的纠纷必须填写结果，未办结的不填",
    ),
    (
        "a follow-up needs a title; say what is to be done",
        "待办事项需要标题；说明要做什么",
    ),
    (
        "the grid “{0}” is at level {1}; grids go from level 1 to 4",
        "网格“{0}”是第 {1} 级；网格只有 1 到 4 级",
    ),
    (
        "the grid “{0}” at level {1} must not have a parent grid",
        "第 {1} 级网格“{0}”不能有上级网格",
    ),
    (
        "the grid “{0}” at level {1} must have a parent grid",
        "第 {1} 级网格“{0}”必须有上级网格",
    ),
    ("a grid needs a name", "网格需要名称"),
    (
        "building {0} needs a number, at least one entrance and at least one floor",
        "{0}栋需要楼号、至少一个单元和至少一层",
    ),
    (
        "the phone “{0}” is neither an 11-digit mobile nor a landline with its area code",
        "电话“{0}”既不是 11 位手机号，也不是带区号的固定电话",
    ),
    (
        "the ID number “{0}” should be 17 digits and a digit or X; check it against the card",
        "身份证号“{0}”应为 17 位数字加一位数字或 X；请对照证件核对",
    ),
    (
        "the ID number “{0}” holds no real birth date ({1}); check it against the card",
        "身份证号“{0}”中的出生日期（{1}）不存在；请对照证件核对",
    ),
    (
        "the ID number “{0}” does not add up (its last character should be {1}); check it against the card",
        "身份证号“{0}”校验不通过（最后一位应为 {1}）；请对照证件核对",
    ),
    ("a resident needs a name", "居民需要姓名"),
    (
        "the name “{0}” is longer than 30 characters; shorten it",
        "姓名“{0}”超过 30 个字；请缩短",
    ),
    (
        "the ID number of {0} says born {1}, but the birth date says {2}; correct one of them",
        "{0}的身份证号显示出生于 {1}，但出生日期是 {2}；请更正其中一项",
    ),
    (
        "the ID number of {0} belongs to a man; correct the sex or the number",
        "{0}的身份证号属于男性；请更正性别或身份证号",
    ),
    (
        "the ID number of {0} belongs to a woman; correct the sex or the number",
        "{0}的身份证号属于女性；请更正性别或身份证号",
    ),
    (
        "“{0}” is not an OS user name; use letters, digits, _ - or .",
        "“{0}”不是系统用户名；只能用字母、数字、_、- 或 .",
    ),
    // Writes (store/ops.rs, captains.rs, query.rs, backup.rs, import.rs).
    (
        "a need has no text; say what is needed or remove the line",
        "有一项需求没有内容；写明需要什么，或删掉这一行",
    ),
    (
        "a need is due before today; give today or a later day",
        "有一项需求的到期日早于今天；请填今天或以后的日期",
    ),
    (
        "each step needs a note; say what was done",
        "每一步都需要备注；说明做了什么",
    ),
    (
        "closing a case needs its outcome: resolved, escalated or withdrawn",
        "办结案件需要填写结果：调解成功、上报或撤回",
    ),
    (
        "this case is closed; open a new one if the trouble is back",
        "这件纠纷已结案；如果矛盾又起，请重新登记一件",
    ),
    (
        "a case moves on one step at a time, or is closed",
        "纠纷一次只能推进一步，或直接结案",
    ),
    ("there is no dispute {0}", "没有编号为 {0} 的纠纷"),
    (
        "say what was done before marking it done",
        "标记办结前，先说明做了什么",
    ),
    (
        "there is no building {0} in this community",
        "本社区没有{0}栋",
    ),
    (
        "the range {0}..{1} runs backwards; put the lower door first",
        "范围 {0}..{1} 是倒过来的；请把小的门牌放在前面",
    ),
    (
        "no household has those doors; check the address",
        "这些门牌没有住户；请核对地址",
    ),
    ("there is no building captain {0}", "没有编号为 {0} 的楼长"),
    ("there is no household {0}", "没有编号为 {0} 的住户"),
    // Building captains and roster checks (store/captains.rs, ops.rs).
    ("there is no resident {0}", "没有编号为 {0} 的居民"),
    (
        "the household of {0} is not on file; check the roster first",
        "{0}的住户不在册；请先核对人口信息",
    ),
    (
        "{0} no longer lives here (a former resident); choose a current resident",
        "{0}已不在此居住（原住户）；请选一位现住居民",
    ),
    (
        "{0} is a building captain already; change the captain's doors or phone instead",
        "{0}已经是楼长；请改她负责的门户或电话",
    ),
    (
        "building captain {0} has retired or is not on file; give these doors to another captain",
        "编号为 {0} 的楼长已卸任或不在册；请把这些门户交给另一位楼长",
    ),
    (
        "rosters are checked at least every month; give 1 or more months",
        "人口信息至少每月核实一次；请填 1 个月或以上",
    ),
    (
        "{0} is not a gridbook backup that can be restored: {1}",
        "{0} 不是可以恢复的 gridbook 备份：{1}",
    ),
    (
        "{0} is not empty; restore into a new, empty directory",
        "{0} 不是空目录；请恢复到一个新的空目录",
    ),
    // Sealed backups, a full disk and damaged files (store/backup.rs, mod.rs, journal.rs, audit.rs).
    (
        "{0} already exists; choose another name",
        "{0} 已存在；请换一个文件名",
    ),
    (
        "{0} is not a gridbook backup key (one holds 32 bytes); give the copy of backup.key kept from the store the backup was made of",
        "{0} 不是 gridbook 的备份密钥（密钥为 32 字节）；请给出从做备份的那份数据另外保存的 backup.key 副本",
    ),
    (
        "it was made before backups were sealed, so nothing shows it was not changed; restore it only if you know where it has been, with --unsealed",
        "它是备份加封之前做的，无从证明没被改过；只有确知它的来历时，才用 --unsealed 恢复",
    ),
    (
        "it is sealed, and its key was not given; give the copy of backup.key kept from the store it was made of with --key FILE",
        "它已加封，但没有给出密钥；请用 --key 文件 给出从做备份的那份数据另外保存的 backup.key 副本",
    ),
    (
        "its seal does not verify with the key in {0}, so it was changed after it was made or was made by another store",
        "用 {0} 中的密钥核对封印不符：它在做好后被改过，或是另一份数据做的",
    ),
    (
        "the disk holding {0} is full; free space and try again – nothing saved was lost",
        "{0} 所在的磁盘已满；请腾出空间后再试——已保存的内容没有丢失",
    ),
    (
        "the disk holding the store is full; free space and try again – nothing saved was lost",
        "存放数据的磁盘已满；请腾出空间后再试——已保存的内容没有丢失",
    ),
    (
        "the store's files in {0} are damaged and cannot be read; restore the last backup into a new directory (`gridbook --data NEWDIR restore BACKUP --key KEYFILE`), or move {0} aside and start again",
        "{0} 中的数据文件已损坏，无法读取；请把最近的备份恢复到一个新目录（`gridbook --data 新目录 restore 备份文件 --key 密钥文件`），或把 {0} 移到别处后重新开始",
    ),
    (
        "the last record of the write journal ({0}) could not be read and was not applied: a save cut short by a power cut leaves it so, but if a save was acknowledged just before the store stopped, it is missing; the journal as it was is in {1}: check the last saves, then remove {2}",
        "写入日志的最后一条记录（{0}）无法读取，没有写入：断电时正在进行的保存会留下这种记录，但如果数据停止前刚确认过一次保存，那次保存就缺失了；原来的日志存在 {1}：请核对最后的几次保存，然后删除 {2}",
    ),
    (
        "the write journal was damaged: saves acknowledged before the store last stopped ({0}) could not be read and are missing, and the ones after them were kept; the journal as it was is in {1}: enter those saves again or restore a backup, then remove {2}",
        "写入日志已损坏：数据上次停止前已确认的保存（{0}）无法读取，已经缺失，其后的保存都已保留；原来的日志存在 {1}：请重新录入这些内容或恢复备份，然后删除 {2}",
    ),
    (
        "the store's files in {0} are damaged: they hold what was saved up to checkpoint {1}, but checkpoint {2} was reached, so the saves after it are missing; restore the last backup into a new directory (`gridbook --data NEWDIR restore BACKUP --key KEYFILE`), or move {0} aside and start again",
        "{0} 中的数据文件已损坏：其中只有到第 {1} 个检查点为止保存的内容，而数据曾到达第 {2} 个检查点，此后的保存已缺失；请把最近的备份恢复到一个新目录（`gridbook --data 新目录 restore 备份文件 --key 密钥文件`），或把 {0} 移到别处后重新开始",
    ),
    ("batch {0}", "第 {0} 批"),
    ("batches {0}–{1}", "第 {0}–{1} 批"),
    ("the backup made {0}", "{0} 做的备份"),
    ("the last sync with {0}", "与 {0} 的上次同步"),
    ("laptop {0} at its last sync", "笔记本 {0} 上次同步时"),
    (
        "the trail ends at entry {0}, but {1} holds it up to entry {2}: entries were removed",
        "审计记录止于第 {0} 条，但{1}保存到第 {2} 条：有记录被删除了",
    ),
    (
        "audit entry {0} is not the one {1} holds: the history up to it was changed",
        "第 {0} 条审计记录与{1}保存的不同：此前的历史被改过",
    ),
    ("The backup file", "备份文件"),
    (
        "The backup key of the store the backup was made of (its backup.key, kept apart from the backups)",
        "做备份的那份数据的备份密钥（它的 backup.key，与备份分开保存）",
    ),
    (
        "Restore a backup made before backups were sealed, which nothing vouches for",
        "恢复备份加封之前做的备份（无从证明没被改过）",
    ),
    ("it does not start like one", "文件开头不对"),
    (
        "its checksum does not match, so it is damaged",
        "校验和不符，文件已损坏",
    ),
    (
        "it is format {0}; this gridbook reads {1}",
        "它是第 {0} 版格式；这个 gridbook 读第 {1} 版",
    ),
    (
        "it ends in the middle of a record",
        "文件在一条记录中间断了",
    ),
    ("it has no end marker", "文件没有结束标记"),
    (
        "it holds a tree this gridbook does not know",
        "其中有这个 gridbook 不认识的数据表",
    ),
    ("it has no count", "文件缺少记录数"),
    (
        "it holds a record larger than any gridbook makes, so it is damaged",
        "其中有一条记录比任何 gridbook 写出的都大，文件已损坏",
    ),
    (
        "it holds a different number of records than it says",
        "其中的记录数与它声明的不符",
    ),
    (
        "the store changed while the roster was being checked; run the import again",
        "检查花名册期间数据有了变动；请重新导入",
    ),
    (
        "the import's writer thread failed; run the import again",
        "导入的写入线程出错；请重新导入",
    ),
    (
        "the import journal names the tree {0}, which imports never write",
        "导入日志中提到数据表 {0}，而导入从不写它",
    ),
    (
        "no community is named for {0}; add --community NAME, such as --community {1} (or a 社区 column)",
        "没有写社区的有 {0}；请加上 --community 社区名，例如 --community {1}（或加一个 社区 列）",
    ),
    (
        "no community is named for {0}; add --street NAME and --community NAME (or 街道 and 社区 columns)",
        "没有写社区的有 {0}；请加上 --street 街道名 和 --community 社区名（或加 街道 和 社区 两列）",
    ),
    (
        "there is no community called {0} ({1}); the closest is {2}: write {2} there, or add --create-community to create {0}",
        "没有叫{0}的社区（{1}）；最接近的是{2}：请改写为{2}，或加上 --create-community 新建{0}",
    ),
    (
        "there is no community called {0} ({1}); the closest is {2}: use --community {2}, or add --create-community to create {0}",
        "没有叫{0}的社区（{1}）；最接近的是{2}：请用 --community {2}，或加上 --create-community 新建{0}",
    ),
    (
        "the community {0} is new and no street is named for it ({1}); add --street NAME (or a 街道 column)",
        "社区{0}是新的，没有写它属于哪个街道（{1}）；请加上 --street 街道名（或加一个 街道 列）",
    ),
    (
        "{0} new building has no grid named ({1}); {2}",
        "{0} 栋新楼没有写所属网格（{1}）；{2}",
    ),
    (
        "{0} new buildings have no grid named ({1}); {2}",
        "{0} 栋新楼没有写所属网格（{1}）；{2}",
    ),
    (
        "add a 网格 column naming each one's grid",
        "请加一个 网格 列写明每栋楼的网格",
    ),
    (
        "add a 网格 column naming each one's grid, one of {0}",
        "请加一个 网格 列写明每栋楼的网格（{0}之一）",
    ),
    (
        "write each one's grid in the 网格 column",
        "请在 网格 列写明每栋楼的网格",
    ),
    (
        "write each one's grid in the 网格 column, one of {0}",
        "请在 网格 列写明每栋楼的网格（{0}之一）",
    ),
    // A count of a roster's rows, inside the sentences above.
    ("{0} row", "{0} 行"),
    ("{0} rows", "{0} 行"),
    (
        "{0} was registered at another household; they are moved to {1}",
        "{0}原登记在另一户；已迁到 {1}",
    ),
    (
        "no one at {0} is marked 户主, so {1} was taken as the head",
        "{0} 没有人标为户主，因此把{1}作为户主",
    ),
    // The street's structure (store/structure.rs).
    ("the name is empty; type one", "名称是空的；请填写"),
    (
        "the name “{0}” is too long (over 30 characters); shorten it",
        "名称“{0}”超过 30 个字；请缩短",
    ),
    (
        "only a street admin, or an admin of {0}, may change its names, grids, buildings and who looks after them",
        "只有街道管理员或{0}的管理员才能更改它的名称、网格、楼栋和负责人",
    ),
    (
        "only a street admin may add a street or a community",
        "只有街道管理员才能新建街道或社区",
    ),
    ("there is no street {0} in the store", "数据中没有街道 {0}"),
    ("there is no community {0} in the store", "数据中没有社区 {0}"),
    ("there is no grid {0} in the store", "数据中没有网格 {0}"),
    ("there is no building {0} in the store", "数据中没有楼栋 {0}"),
    (
        "there is already a street called {0}; choose another name",
        "已有叫{0}的街道；请换一个名称",
    ),
    (
        "{0} already has a community called {1}; choose another name",
        "{0}已有叫{1}的社区；请换一个名称",
    ),
    (
        "{0} already has a grid called {1}; choose another name",
        "{0}已有叫{1}的网格；请换一个名称",
    ),
    (
        "{0} already has a building {1}; choose another number",
        "{0}已有{1}栋；请换一个楼号",
    ),
    (
        "the grid {0} is not in {1}; a grid's parent is a grid of its community",
        "网格{0}不在{1}；上级网格必须是同一社区的网格",
    ),
    (
        "the grid {0} is at level 4, the deepest; a grid cannot be added below it",
        "网格{0}已是第 4 级（最深一级）；不能在它下面再加网格",
    ),
    (
        "building {0} already has that number",
        "{0}栋已经是这个楼号",
    ),
    (
        "the grid {0} is not in {1}, where building {2} is; a building moves only between grids of its community",
        "网格{0}不在{2}栋所在的{1}；楼栋只能在本社区的网格之间调整",
    ),
    ("building {0} is already in {1}", "{0}栋已在{1}"),
    (
        "there is no member of staff called {0}; add them first with gridbook staff add",
        "没有叫{0}的工作人员；请先用 gridbook staff add 添加",
    ),
    (
        "{0} is a grid captain and needs at least one grid",
        "{0}是网格长，至少要有一个网格",
    ),
    // Rosters (io/roster.rs, table.rs, text.rs, sheet.rs, store/import.rs).
    ("CSV in {0}", "{0} 编码的 CSV"),
    ("a spreadsheet", "电子表格"),
    ("unreadable", "无法读取"),
    ("checking", "检查中"),
    ("preparing", "准备中"),
    ("writing", "写入中"),
    (
        "there is no address: add a 地址 column (such as 5-2-301), or 楼栋, 单元 and 房号 columns",
        "没有地址：请加一个 地址 列（如 5-2-301），或 楼栋、单元、房号 三列",
    ),
    (
        "there is neither a 出生日期 nor a 身份证号 column; add one so each person has a birth date",
        "既没有 出生日期 列，也没有 身份证号 列；请加上其中一列，让每个人都有出生日期",
    ),
    (
        "there is no 姓名 (name) column; call the column of people's names 姓名",
        "没有 姓名 列；请把写人名的那一列命名为 姓名",
    ),
    (
        "no header row was found in the first 20 rows; put the column names (姓名, 楼栋, 单元, 房号, 身份证号 …) in one row above the people",
        "前 20 行中没有找到表头；请把列名（姓名、楼栋、单元、房号、身份证号……）写在人员上方的一行",
    ),
    (
        "{0} cells where the header row has {1}; a cell or a comma is missing in this row",
        "这一行有 {0} 格，而表头有 {1} 格；这一行少了一格或一个逗号",
    ),
    (
        "only “{0}” in this row, so it was left out",
        "这一行只有“{0}”，因此没有导入",
    ),
    (
        "empty; every person needs a name",
        "为空；每个人都需要姓名",
    ),
    (
        "the same ID number as row {0}; the person is counted once and this row was left out",
        "与第 {0} 行的身份证号相同；此人只算一次，这一行没有导入",
    ),
    (
        "{0} born {1} is already in this household at row {2}; this row was left out",
        "出生于 {1} 的{0}已在本户第 {2} 行；这一行没有导入",
    ),
    (
        "empty; write the room number, such as 301",
        "为空；请写房号，如 301",
    ),
    ("empty; write the building number", "为空；请写楼栋号"),
    ("empty; write the entrance number", "为空；请写单元号"),
    ("empty; write the room number", "为空；请写房号"),
    (
        "“{0}” is not a building number; write digits, such as {1}",
        "“{0}”不是楼栋号；请写数字，如 {1}",
    ),
    (
        "“{0}” is not a entrance number; write digits, such as {1}",
        "“{0}”不是单元号；请写数字，如 {1}",
    ),
    (
        "“{0}” is not a room number; write digits, such as {1}",
        "“{0}”不是房号；请写数字，如 {1}",
    ),
    (
        "{0}-{1}-{2} is not an address gridbook can keep; check the entrance and room",
        "{0}-{1}-{2} 不是 gridbook 能保存的地址；请核对单元和房号",
    ),
    (
        "“{0}” is longer than 30 characters; shorten it",
        "“{0}”超过 30 个字；请缩短",
    ),
    (
        "the ID number is stored as a number, so Excel has cut its last digits; format the column as text and type the numbers again",
        "身份证号被存成了数字，Excel 截掉了最后几位；请把这一列设为文本格式，再重新输入号码",
    ),
    ("{0}; it was kept as written", "{0}；已按原样保留"),
    (
        "empty, and there is no ID number to tell it; write the birth date, such as 1956-03-05",
        "为空，也没有身份证号可以推算；请写出生日期，如 1956-03-05",
    ),
    (
        "the ID number says born {0}, but this says {1}; the birth date was kept as written, check which is right",
        "身份证号显示出生于 {0}，但这里写的是 {1}；已按原样保留出生日期，请核对哪个正确",
    ),
    (
        "“{0}” has no day, so the 1st was taken; write the whole date if it is known",
        "“{0}”没有写日，按 1 日算；知道的话请写完整日期",
    ),
    (
        "“{0}” is not a date; write 1956-03-05",
        "“{0}”不是日期；请写成 1956-03-05",
    ),
    (
        "empty, and there is no ID number to tell it; write 男 or 女",
        "为空，也没有身份证号可以推算；请写 男 或 女",
    ),
    (
        "the ID number belongs to a man, but this says {0}; it was kept as written, check which is right",
        "身份证号属于男性，但这里写的是{0}；已按原样保留，请核对哪个正确",
    ),
    (
        "the ID number belongs to a woman, but this says {0}; it was kept as written, check which is right",
        "身份证号属于女性，但这里写的是{0}；已按原样保留，请核对哪个正确",
    ),
    (
        "“{0}” is not a sex; write 男 or 女",
        "“{0}”不是性别；请写 男 或 女",
    ),
    (
        "{0}; write it as 13812345678 or 0760-88123456",
        "{0}；请写成 13812345678 或 0760-88123456",
    ),
    (
        "“{0}” is not a relation gridbook knows; write 户主 (or 本人), 配偶, 子, 女, 父, 母, 孙子, 孙女, 租户 or 其他",
        "“{0}”不是 gridbook 认识的关系；请写 户主（或 本人）、配偶、子、女、父、母、孙子、孙女、租户 或 其他",
    ),
    (
        "“{0}” is not a residence type; write 常住 (or 户籍) or 流动 (or 外来, 租住)",
        "“{0}”不是居住类型；请写 常住（或 户籍）或 流动（或 外来、租住）",
    ),
    (
        "“{0}” is not a care group gridbook knows (独居老人, 空巢老人, 残疾人, 留守儿童, 低保, 特困, 退役军人, 重病); it was left out",
        "“{0}”不是 gridbook 认识的关注人群（独居老人、空巢老人、残疾人、留守儿童、低保、特困、退役军人、重病）；已略去",
    ),
    (
        "the file is not text (it holds binary data); save the roster as CSV or XLSX and import that",
        "文件不是文本（含有二进制数据）；请把花名册另存为 CSV 或 XLSX 再导入",
    ),
    (
        "{0} could not be written ({1}); check that the folder exists and the file is not open in Excel",
        "{0} 无法写入（{1}）；请确认文件夹存在，且文件没有在 Excel 中打开",
    ),
    // The files the 台账 screen writes (io/sheet.rs, `Sheet::write_new`).
    (
        "the folder {0} could not be made ({1}); set ledger_dir in config.toml to a folder you can write",
        "无法建立文件夹 {0}（{1}）；请在 config.toml 中把 ledger_dir 设为一个可写的文件夹",
    ),
    (
        "{0} could not be written ({1}); free some space or set ledger_dir in config.toml to another folder",
        "{0} 无法写入（{1}）；请腾出磁盘空间，或在 config.toml 中把 ledger_dir 设为别的文件夹",
    ),
    ("you may not write there", "没有写入权限"),
    ("the disk is full", "磁盘已满"),
    ("the disk is read-only", "磁盘只读"),
    ("a file of that name is in the way", "已有同名文件挡住了"),
    (
        "{0} would have two 户主, {1} and {2}; give one of them another relation, such as 配偶",
        "{0} 会有两位户主：{1}和{2}；请给其中一位改填别的关系，如 配偶",
    ),
    (
        "this row is the template's example; delete it and import again",
        "这是模板里的示例行；请删除它后再导入",
    ),
    (
        "{0} does not exist; check the file's name and folder",
        "{0} 不存在；请核对文件名和所在文件夹",
    ),
    (
        "the file is empty; export the roster again, with its header row",
        "文件是空的；请连同表头重新导出花名册",
    ),
    (
        "the spreadsheet could not be opened ({0}); save it again as XLSX, or as CSV",
        "电子表格无法打开（{0}）；请重新另存为 XLSX 或 CSV",
    ),
    (
        "the CSV could not be read at line {0} ({1}); check the quotes on that line",
        "CSV 第 {0} 行无法读取（{1}）；请检查这一行的引号",
    ),
    // Files refused to keep the importing client within bounded memory (io/limits.rs).
    (
        "the sheet '{0}' of {1} says it spans {2} rows × {3} columns; a roster has at most {4} columns – save only the roster's cells and try again",
        "{1} 的工作表“{0}”声称占 {2} 行 × {3} 列；花名册最多 {4} 列——请只保存花名册的单元格后重试",
    ),
    (
        "{0} holds a text of more than {1} in its part {2}, longer than any cell Excel writes; save the roster again from Excel or WPS as XLSX (or as CSV) and try again",
        "{0} 的部件 {2} 中有一段超过 {1} 的文字，比 Excel 能写出的任何单元格都长；请用 Excel 或 WPS 把花名册重新另存为 XLSX（或 CSV）后重试",
    ),
    (
        "{0} unpacks to more than {1} in its part {2}, far more than a roster; save the roster again from Excel or WPS as XLSX (or as CSV) and try again",
        "{0} 的部件 {2} 解压后超过 {1}，远超花名册应有的大小；请用 Excel 或 WPS 把花名册重新另存为 XLSX（或 CSV）后重试",
    ),
    (
        "{0} holds more than {1} parts, far more than a spreadsheet has; save the roster again from Excel or WPS as XLSX (or as CSV) and try again",
        "{0} 含有超过 {1} 个部件，远多于电子表格应有的数量；请用 Excel 或 WPS 把花名册重新另存为 XLSX（或 CSV）后重试",
    ),
    (
        "{0} holds more than {1} different texts, more than gridbook reads from a spreadsheet; save the roster as CSV (or split it by community) and try again",
        "{0} 含有超过 {1} 段不同的文字，超出 gridbook 从电子表格读取的上限；请把花名册另存为 CSV（或按社区拆分）后重试",
    ),
    (
        "{0} is a spreadsheet of {1}, and gridbook reads spreadsheets of at most {2}; save the roster as CSV (or split it by community) and try again",
        "{0} 是 {1} 的电子表格，gridbook 最多读取 {2} 的电子表格；请把花名册另存为 CSV（或按社区拆分）后重试",
    ),
    (
        "{0} is a zip file but not an XLSX (an ODS or another kind); save the roster from Excel or WPS as XLSX (or as CSV) and try again",
        "{0} 是压缩文件但不是 XLSX（可能是 ODS 或其他格式）；请用 Excel 或 WPS 把花名册另存为 XLSX（或 CSV）后重试",
    ),
    (
        "{0} is an old XLS spreadsheet, which gridbook does not read; open it in Excel or WPS, save it as XLSX (or as CSV) and try again",
        "{0} 是旧版 XLS 电子表格，gridbook 不读取这种格式；请用 Excel 或 WPS 打开，另存为 XLSX（或 CSV）后重试",
    ),
    (
        "line {0} of {1} begins a row longer than {2} bytes, far longer than a roster's row; check the quotes on that line (a quote left open takes in the lines after it) and try again",
        "{1} 第 {0} 行开始的一行超过 {2} 字节，远长于花名册的一行；请检查这一行的引号（未闭合的引号会把后面的行都吞进去）后重试",
    ),
    (
        "line {0} of {1} is not {2} as the lines above it are; save the whole roster again as CSV (UTF-8) and try again",
        "{1} 第 {0} 行不像上面各行那样是 {2} 编码；请把整个花名册重新另存为 CSV（UTF-8）后重试",
    ),
    (
        "the roster has more than {0} people by this row; a roster holds one street's residents – split the file by community and import each part",
        "到这一行花名册已超过 {0} 人；一份花名册只装一个街道的居民——请按社区拆分文件后分别导入",
    ),
    (
        "cell {0} holds more than {1} characters, far more than a roster's cell; check this row",
        "第 {0} 个单元格超过 {1} 个字符，远长于花名册的单元格；请检查这一行",
    ),
    (
        "{0} more errors in later rows are not listed; fix those listed and import again to see the rest",
        "后面各行还有 {0} 处错误未列出；请先改正列出的错误，再导入即可看到其余的",
    ),
    (
        "{0} more warnings in later rows are not listed",
        "后面各行还有 {0} 条提醒未列出",
    ),
    (
        "{0} is larger than {1}, far larger than a {2}; check that you named the right file",
        "{0} 大于 {1}，远大于 {2} 应有的大小；请确认文件名没有写错",
    ),
    // `check` and `audit verify` findings (store/check.rs, audit.rs).
    (
        "{0}: the record under key {1} says its key is {2}",
        "{0}：键 {1} 下的记录自称键为 {2}",
    ),
    (
        "{0}: the record under key {1} does not decode: {2}",
        "{0}：键 {1} 下的记录无法解码：{2}",
    ),
    (
        "{0}: {1} more records do not decode",
        "{0}：另有 {1} 条记录无法解码",
    ),
    (
        "{0}: the counter says {1} records but there are {2}",
        "{0}：计数器记为 {1} 条，实际有 {2} 条",
    ),
    (
        "{0}: {1} entries are missing for records that exist (first: {2})",
        "{0}：现有记录缺少 {1} 条索引（第一条：{2}）",
    ),
    (
        "{0}: {1} entries point at records that do not exist or have changed (first: {2})",
        "{0}：有 {1} 条索引指向不存在或已改动的记录（第一条：{2}）",
    ),
    (
        "household_digests: {0} digests disagreed with their households' visits, follow-ups and disputes (first: household {1}); they were written again from the records",
        "household_digests：有 {0} 份户摘要与该户的走访、待办和纠纷不符（第一份：户 {1}）；已按记录重写",
    ),
    (
        "campaign_tallies: {0} counts disagreed with the households and door checks (first: {1}); they were written again from the records",
        "campaign_tallies：有 {0} 项排查统计与住户和入户排查记录不符（第一项：{1}）；已按记录重写",
    ),
    (
        "grid_rollups: {0} counts or entries disagreed with the households and their visits, follow-ups and roster checks; they were written again from the records",
        "grid_rollups：有 {0} 项网格汇总或索引与住户及其走访、待办和人口核实不符；已按记录重写",
    ),
    (
        "idx_visit_lines: {0} entries disagreed with the visits; they were written again from the records",
        "idx_visit_lines：有 {0} 条走访台账索引与走访记录不符；已按记录重写",
    ),
    ("audit entry {0} is damaged: {1}", "审计记录 {0} 已损坏：{1}"),
    (
        "audit entry {0} is missing (the next one is {1}); the trail has been cut",
        "审计记录 {0} 缺失（下一条是 {1}）；审计链被截断了",
    ),
    (
        "audit entry {0} ({1} by {2}) was changed after it was written",
        "审计记录 {0}（{1}，{2}）写入后被改动过",
    ),
    (
        "the trail ends at entry {0} but the store wrote {1}; entries at the end were removed",
        "审计链止于第 {0} 条，但数据写到了第 {1} 条；末尾的记录被删掉了",
    ),
    // Who may do what (client/local.rs, server/).
    (
        "that is outside the grids you look after; ask a street admin if you need it",
        "这超出了您负责的网格；确有需要请找街道管理员",
    ),
    (
        "only a street admin (or the owner of the data) may do that",
        "只有街道管理员（或数据的所有者）可以这样做",
    ),
    (
        "the user {0} is not gridbook staff; an admin adds them with: gridbook staff add {1} --role grid-captain --grid GRID",
        "用户 {0} 不是 gridbook 工作人员；管理员可以这样添加：gridbook staff add {1} --role grid-captain --grid 网格名",
    ),
    (
        "this gridbook speaks protocol {0} but the server speaks {1}; run the same version of gridbook on both sides",
        "这个 gridbook 用第 {0} 版协议，而服务用第 {1} 版；请在两边运行同一版本的 gridbook",
    ),
    (
        "{0} other gridbook sessions are using the store; try again when they have finished",
        "另有 {0} 个 gridbook 会话正在使用数据；请等它们结束后再试",
    ),
    (
        "only an admin may stop the server",
        "只有管理员可以停止服务",
    ),
    (
        "the socket {0} could not be made: {1}",
        "套接字 {0} 无法创建：{1}",
    ),
    // Reaching the server (client/spawn.rs, remote.rs, server/protocol.rs).
    (
        "the data directory {0} could not be made: {1}",
        "数据目录 {0} 无法创建：{1}",
    ),
    ("{0} could not be opened: {1}", "{0} 无法打开：{1}"),
    ("{0} could not be locked: {1}", "{0} 无法加锁：{1}"),
    (
        "gridbook could not find its own program: {0}",
        "gridbook 找不到自己的程序文件：{0}",
    ),
    (
        "the log in {0} could not be opened: {1}",
        "{0} 中的日志无法打开：{1}",
    ),
    (
        "the gridbook server could not be started: {0}",
        "gridbook 服务无法启动：{0}",
    ),
    (
        "the gridbook server could not start: {0}",
        "gridbook 服务未能启动：{0}",
    ),
    (
        "the gridbook server stopped at once ({0}); see {1} for why",
        "gridbook 服务一启动就停了（{0}）；原因见 {1}",
    ),
    (
        "the connection to the gridbook server broke ({0}); start gridbook again",
        "与 gridbook 服务的连接断了（{0}）；请重新启动 gridbook",
    ),
    (
        "the connection to the gridbook server broke before it answered, so it is not known whether this was done; look, then try again",
        "与 gridbook 服务的连接在应答前断了，不知道这一步是否已完成；请先查看，再重试",
    ),
    // Who may reach the store (server/access.rs, client/spawn.rs).
    (
        "the user {0} may not use the gridbook store at {1}; an admin adds it to the group {2}: sudo usermod -aG {3} {4}",
        "用户 {0} 不能使用 {1} 中的 gridbook 数据；请管理员把它加入 {2} 组：sudo usermod -aG {3} {4}",
    ),
    (
        "the server for {0} must run as {1}, who owns it; start it with: sudo -u {2} gridbook serve",
        "{0} 的服务必须以它的所有者 {1} 的身份运行；这样启动：sudo -u {2} gridbook serve",
    ),
    (
        "only {0}, who owns {1}, may open it in-process; run the command as {2} (sudo -u {3} gridbook ...) or without GRIDBOOK_IN_PROCESS",
        "只有 {1} 的所有者 {0} 可以在本进程中打开它；请以 {2} 的身份运行（sudo -u {3} gridbook ...），或不设 GRIDBOOK_IN_PROCESS",
    ),
    (
        "the server at {0} runs as {1}, not as {2} who owns {3}; nothing was sent to it – tell an admin",
        "{0} 上的服务以 {1} 的身份运行，而不是 {3} 的所有者 {2}；没有向它发送任何内容——请告诉管理员",
    ),
    (
        "the gridbook service for {0} is not running; an admin starts it with: sudo systemctl start gridbook",
        "{0} 的 gridbook 服务没有运行；管理员这样启动它：sudo systemctl start gridbook",
    ),
    (
        "who runs the server at {0} could not be read: {1}",
        "无法读出 {0} 上的服务以谁的身份运行：{1}",
    ),
    (
        "the data directory {0} could not be read: {1}",
        "数据目录 {0} 无法读取：{1}",
    ),
    (
        "the run directory {0} could not be made: {1}",
        "运行目录 {0} 无法创建：{1}",
    ),
    (
        "the server is starting: opening the store…",
        "服务正在启动：打开数据……",
    ),
    (
        "the server is recovering: replaying {0} saved batches…",
        "服务正在恢复：重放 {0} 批已保存的写入……",
    ),
    (
        "the server is recovering: replaying the write journal (held by a test)…",
        "服务正在恢复：重放写入日志（测试故意放慢）……",
    ),
    (
        "The directory holding the server's socket (default: the data directory)",
        "存放服务套接字的目录（默认：数据目录）",
    ),
    ("the server has gone", "服务已退出"),
    ("the server did not greet", "服务没有应答握手"),
    ("no reply came", "没有收到回复"),
    ("the connection closed", "连接已关闭"),
    ("the connection failed: {0}", "连接失败：{0}"),
    (
        "a frame claimed {0} bytes, more than the {1} allowed",
        "一个数据帧声称有 {0} 字节，超过了允许的 {1} 字节",
    ),
    ("a frame did not decode: {0}", "一个数据帧无法解码：{0}"),
    // Settling sync conflicts (store/sync.rs, tui/worker.rs).
    (
        "only a lost field value can be put back; for this one, keep what is there or edit the record",
        "只有未采用的字段值可以恢复；这一条请保留现状，或直接修改记录",
    ),
    (
        "the server gave an unexpected answer ({0})",
        "服务给出了意料之外的回答（{0}）",
    ),
    // Help on the command line (cli/usage.rs): clap's texts and each command's and option's.
    (
        "网格台账 — the community grid ledger",
        "网格台账 — 社区网格工作台账",
    ),
    (
        "The data directory of the store (default: the user's data directory)",
        "存放数据的目录（默认：用户的数据目录）",
    ),
    (
        "Open the demo street, creating it on first use",
        "打开演示街道，第一次使用时创建",
    ),
    (
        "Interface language: zh or en (default: from LANG)",
        "界面语言：zh 或 en（默认：按 LANG）",
    ),
    (
        "Keymap: default, vim, emacs, or a keymap file",
        "按键表：default、vim、emacs，或一个按键表文件",
    ),
    (
        "Print help",
        "显示帮助",
    ),
    (
        "Print version",
        "显示版本",
    ),
    (
        "Print help (see more with '--help')",
        "显示帮助（用 --help 看详细说明）",
    ),
    (
        "Print help (see a summary with '-h')",
        "显示帮助（用 -h 看简要说明）",
    ),
    (
        "Print this message or the help of the given subcommand(s)",
        "显示本说明，或所给子命令的帮助",
    ),
    (
        "Create a demo street in an empty data directory",
        "在空的数据目录中创建演示街道",
    ),
    (
        "How big: small (one community), street (东区街道), city (a whole city)",
        "规模：small（一个社区）、street（东区街道）、city（整座城市）",
    ),
    (
        "The same seed (and day) always gives the same demo",
        "同样的种子（和日期）总是生成同样的演示数据",
    ),
    (
        "The day the demo's year of visits ends (default: today)",
        "演示数据中一年走访的最后一天（默认：今天）",
    ),
    (
        "Count what the store holds",
        "统计数据中有多少记录",
    ),
    (
        "Print one JSON object instead of a table",
        "输出一个 JSON 对象，而不是表格",
    ),
    (
        "Verify that every record decodes and every index agrees with its records",
        "核查每条记录都能解码、每个索引都与记录一致",
    ),
    (
        "Run the server that owns the store (clients start one by themselves when needed)",
        "运行管理数据的服务（客户端需要时会自行启动）",
    ),
    (
        "Stop after this many minutes with no clients; 0 runs until stopped",
        "没有客户端这么多分钟后停止；0 表示一直运行到被停止",
    ),
    (
        "Find residents and households by name, pinyin, initials, phone or ID tail, or address",
        "按姓名、拼音、首字母、电话或身份证号尾号、地址查找居民和住户",
    ),
    (
        "A name in hanzi, pinyin or initials, the last 4+ digits of a phone or ID, or an address",
        "汉字、拼音或首字母写的姓名，电话或身份证号的后 4 位以上，或地址",
    ),
    (
        "A JSON array of hits, each with kind, name, address and community",
        "以 JSON 数组输出结果，每项含类别、姓名、地址和社区",
    ),
    (
        "Copy the whole store, consistently, into one new sealed file of your own",
        "把全部数据一致地复制到一个属于您自己的、加封的新文件",
    ),
    (
        "Restore a backup into an empty data directory (give it with --data)",
        "把备份恢复到一个空的数据目录（用 --data 指定）",
    ),
    (
        "Verify the audit trail",
        "核查审计记录",
    ),
    (
        "Check that no audit entry was changed or removed",
        "检查没有审计记录被改动或删除",
    ),
    (
        "List the latest entries of the audit trail, oldest first",
        "列出最新的审计记录，早的在前",
    ),
    (
        "How many entries, at most",
        "最多列出多少条",
    ),
    (
        "Print a JSON array instead of lines",
        "输出 JSON 数组，而不是逐行文字",
    ),
    (
        "Add, list or remove staff and what they may see",
        "添加、列出或删除工作人员及其可见范围",
    ),
    (
        "Add a member of staff (or change one), known by their OS user name",
        "添加（或修改）一名工作人员，以系统用户名识别",
    ),
    (
        "A grid they look after, by name (repeat for several); for grid captains",
        "其负责的网格名称（多个就重复写）；用于网格员",
    ),
    (
        "A community they look after, by name (repeat for several); for community admins, and to tell apart grids of the same name",
        "其负责的社区名称（多个就重复写）；用于社区管理员，也用来区分同名网格",
    ),
    (
        "The name shown on screen",
        "屏幕上显示的姓名",
    ),
    (
        "List staff with their roles and grids",
        "列出工作人员及其角色和网格",
    ),
    (
        "Remove a member of staff",
        "删除一名工作人员",
    ),
    (
        "Check or show keymaps",
        "检查或显示按键表",
    ),
    (
        "Check a keymap file: unknown actions, keys that do not parse, keys bound twice",
        "检查按键表文件：不认识的动作、写错的按键、重复绑定的按键",
    ),
    (
        "Print the keymap in effect, and the actions a key can be bound to",
        "显示当前生效的按键表，以及按键可以绑定的动作",
    ),
    (
        "Log a home visit",
        "登记入户走访",
    ),
    (
        "Log a visit to a household by its address, such as 5-2-301 or 5栋2单元301",
        "按地址登记一次入户走访，如 5-2-301 或 5栋2单元301",
    ),
    (
        "The household's address: 5-2-301 or 5栋2单元301, with its community's name (or the start of it) in front when the address is in several: 桥岭社区 5-2-301",
        "住户地址：5-2-301 或 5栋2单元301；地址在几个社区都有时，前面写上社区名称（或名称的开头）：桥岭社区 5-2-301",
    ),
    (
        "How the knock went, in English or Chinese: met 在家, not-home 不在家, refused 拒访, revisit 再次上门",
        "上门的结果，中英文均可：在家 met、不在家 not-home、拒访 refused、再次上门 revisit",
    ),
    (
        "Why the visit was made, in English or Chinese: routine 日常走访, care-check 关爱探访, policy 政策宣传, dispute-follow-up 纠纷回访, emergency 应急排查, other 其他",
        "走访的事由，中英文均可：日常走访 routine、关爱探访 care-check、政策宣传 policy、纠纷回访 dispute-follow-up、应急排查 emergency、其他 other",
    ),
    (
        "What was found, in a sentence or two",
        "走访情况，一两句话",
    ),
    (
        "When the door was knocked on, local time: `2026-11-25 14:05`, `2026-11-25T14:05` or `14:05` (today). Default: now",
        "上门的时间（本地时间）：`2026-11-25 14:05`、`2026-11-25T14:05` 或 `14:05`（今天）。默认：现在",
    ),
    (
        "Something the household needs, due 7 days after the visit or on the day written after it, as the visit form takes it: `更换楼道灯@2026-12-01`, `更换楼道灯@12-01` or `\"更换楼道灯 +3\"`; repeat for several. Any need replaces the automatic knock-again follow-up of not-home (3 days) and revisit (7 days)",
        "住户的一项需求，走访后 7 天到期，或到后面写的那天，写法与走访表单相同：`更换楼道灯@2026-12-01`、`更换楼道灯@12-01` 或 `\"更换楼道灯 +3\"`；多项就重复写。写了需求，就不再自动生成不在家（3 天）和再次上门（7 天）的再访待办",
    ),
    (
        "The community, by name (or the start of it), when the address is in more than one",
        "社区名称，地址在多个社区都有时用",
    ),
    (
        "Print the saved visit and its follow-ups as JSON",
        "以 JSON 输出保存的走访及其待办",
    ),
    (
        "Follow-ups and visits due and overdue, overdue first",
        "到期和逾期的待办与走访，逾期的在前",
    ),
    (
        "Only what is past its due day",
        "只列已过到期日的",
    ),
    (
        "Print a JSON array instead of a table",
        "输出 JSON 数组，而不是表格",
    ),
    (
        "Also what falls due within this many days",
        "也列出这么多天内到期的",
    ),
    (
        "At most this many of each kind (written follow-ups, visits by rule), most overdue first; the totals still count every one",
        "每类（书面待办、按规则走访）最多列这么多项，最逾期的在前；合计仍数全部",
    ),
    (
        "Every one, however many (a street's or a city's list is long)",
        "全部列出，不论多少（街道或全市的清单很长）",
    ),
    (
        "For `roster`: list at most this many households (the total still counts every one)",
        "用于 `roster`：最多列这么多户（合计仍数全部）",
    ),
    (
        "For `roster`: list every household, however many",
        "用于 `roster`：全部列出，不论多少户",
    ),
    (
        "Count from this day instead of today (for tests and for looking back)",
        "从这一天而不是今天算起（用于测试和回看）",
    ),
    (
        "Show or set how often households are due a visit",
        "显示或设置住户多久需要走访一次",
    ),
    (
        "Show the visit interval of each care tag and of everyone else",
        "显示每类关注人群及其他住户的走访间隔",
    ),
    (
        "Set the visit interval of a care tag, or of households with none (`default`)",
        "设置某类关注人群的走访间隔，或没有关注标签的住户的（`default`）",
    ),
    (
        "A care tag (elderly_alone, empty_nest, disabled, left_behind_child, low_income, destitute, veteran, serious_illness, or its Chinese name such as 独居老人), or `default`",
        "关注人群（elderly_alone、empty_nest、disabled、left_behind_child、low_income、destitute、veteran、serious_illness，或中文名如 独居老人），或 `default`",
    ),
    (
        "Days between visits, 1 to 3650",
        "两次走访间隔的天数，1 到 3650",
    ),
    (
        "Import a roster (CSV in UTF-8 or GBK, or XLSX), all or nothing",
        "导入花名册（UTF-8 或 GBK 的 CSV，或 XLSX），要么全部导入，要么都不导入",
    ),
    (
        "The roster: CSV (UTF-8, UTF-8 with BOM, GBK) or XLSX",
        "花名册：CSV（UTF-8、带 BOM 的 UTF-8、GBK）或 XLSX",
    ),
    (
        "Check the file and say what would be created and updated; write nothing",
        "检查文件，说明会新建和更新什么；不写入任何数据",
    ),
    (
        "The community for rows that do not name one in a 社区 column (else the title row's)",
        "社区 列中没有写社区的行所属的社区（不写则用标题行中的）",
    ),
    (
        "The street of a new community, when the rows have no 街道 column (else the title row's)",
        "新建社区所属的街道，用于没有 街道 列的花名册（不写则用标题行中的）",
    ),
    (
        "Create the community the file names when the store has other communities but none of that name (into an empty store, it is created anyway)",
        "数据中已有其他社区、但没有文件所写的社区时，新建这个社区（导入空数据时总会新建）",
    ),
    (
        "Write an empty roster template (column names and one example row) instead",
        "改为写出一个空的花名册模板（列名和一行示例）",
    ),
    (
        "Where the template goes",
        "模板写到哪里",
    ),
    (
        "Print what was done, the errors and the warnings as one JSON object",
        "以一个 JSON 对象输出做了什么、错误和提醒",
    ),
    (
        "Records above which the journaled bulk path is used instead of one transaction",
        "记录数超过这个值时，改用带日志的批量写入，而不是一个事务",
    ),
    (
        "Export households, residents, visits, disputes, follow-ups or captains as CSV or XLSX",
        "把住户、居民、走访、纠纷、待办或楼长导出为 CSV 或 XLSX",
    ),
    (
        "The file to write",
        "要写的文件",
    ),
    (
        "The file to write: XLSX (with the title row) or CSV, as its name ends",
        "要写的文件：按文件名结尾写成 XLSX（带标题行）或 CSV",
    ),
    (
        "Only this grid (and the grids below it)",
        "只导出这个网格（及其下级网格）",
    ),
    (
        "From this day on: visits by their day, disputes by report, follow-ups by due day",
        "从这一天起：走访按走访日，纠纷按登记日，待办按到期日",
    ),
    (
        "Up to and including this day",
        "到这一天为止（含这一天）",
    ),
    (
        "Write a month's ledger (台账) as XLSX or CSV: visits, disputes or the daily log",
        "把一个月的台账写成 XLSX 或 CSV：走访、纠纷或民情日志",
    ),
    (
        "The month, such as 2026-11",
        "月份，如 2026-11",
    ),
    (
        "The XLSX file to write",
        "要写的 XLSX 文件",
    ),
    (
        "Coverage, care-group visits, overdue follow-ups and disputes per month",
        "走访覆盖率、关注人群走访、逾期待办和每月纠纷",
    ),
    (
        "Count from this day instead of today",
        "从这一天而不是今天算起",
    ),
    (
        "Sync this laptop with the community server over SSH, both ways",
        "通过 SSH 与社区服务器双向同步这台笔记本",
    ),
    (
        "The community server, as ssh knows it: HOST or USER@HOST",
        "社区服务器，按 ssh 的写法：主机 或 用户@主机",
    ),
    (
        "The data directory on the server (default: the server user's own)",
        "服务器上的数据目录（默认：服务器用户自己的）",
    ),
    (
        "The command that reaches the server instead of `ssh` (it is given HOST and the remote command, as ssh is)",
        "代替 `ssh` 连接服务器的命令（和 ssh 一样，传给它主机和远程命令）",
    ),
    (
        "The gridbook program on the server",
        "服务器上的 gridbook 程序",
    ),
    (
        "Serve a sync over stdin and stdout (what the server side runs; not for people)",
        "通过标准输入输出提供同步（服务器端运行的；不是给人用的）",
    ),
    (
        "Remove this laptop's copy of everything the server already holds",
        "删除这台笔记本上服务器已有的全部数据副本",
    ),
    (
        "Show the last sync, what waits to go up, and the conflicts to review",
        "显示上次同步、等待上传的内容和待处理的冲突",
    ),
    (
        "Print one JSON object instead of sentences",
        "输出一个 JSON 对象，而不是句子",
    ),
    (
        "走访台账: one row a home visit",
        "走访台账：每次入户走访一行",
    ),
    (
        "矛盾纠纷排查调处台账: one row a case",
        "矛盾纠纷排查调处台账：每个案件一行",
    ),
    (
        "民情日志: one row a day, with each issue still open",
        "民情日志：每天一行，列出仍未办结的事项",
    ),
    (
        "Share of households visited in the last 30 days, per grid and per building captain",
        "近 30 天走访过的住户比例，按网格和楼长分列",
    ),
    (
        "Care-tagged households met within their visit interval",
        "在走访间隔内见到了人的关注人群住户",
    ),
    (
        "Follow-ups past their due day",
        "已过到期日的待办",
    ),
    (
        "Disputes per month: opened, closed, resolved share, days to close",
        "每月纠纷：登记、办结、调解成功比例、办结天数",
    ),
    // clap's and Rust's sentences about a value on the command line.
    (
        "no care tag is called {0}; use default or one of {1} (or the Chinese name)",
        "没有叫{0}的关注人群；请用 default，或 {1} 之一（或中文名）",
    ),
    (
        "{0} is not in {1}..={2}",
        "{0} 不在 {1} 到 {2} 之间",
    ),
    (
        "invalid digit found in string",
        "只能写数字",
    ),
    (
        "cannot parse integer from empty string",
        "没有写数字",
    ),
    (
        "number too large to fit in target type",
        "数字太大",
    ),
    // Roster changes (model/people.rs, store/roster.rs).
    (
        "{0} is not marked rented, so it has no landlord; mark it rented first",
        "{0} 未标为出租，没有房东；请先标为出租",
    ),
    ("a landlord needs a name", "房东需要姓名"),
    (
        "{0} is not marked rented, so it has no tenancy; mark it rented first",
        "{0} 未标为出租，没有租期；请先标为出租",
    ),
    (
        "the tenancy ends on {0} before it starts on {1}; correct the dates",
        "租期结束日 {0} 早于开始日 {1}；请更正日期",
    ),
    (
        "{0} is outside the grids you look after; ask a street admin to change it",
        "{0} 不在您负责的网格内；如需修改请找街道管理员",
    ),
    ("there is no building {0}", "没有编号为 {0} 的楼栋"),
    (
        "the ID number {0} is already registered at a household outside the grids you look after; ask a street admin",
        "身份证号 {0} 已登记在您负责网格以外的住户；请找街道管理员",
    ),
    (
        "{0} (ID number {1}) is already registered at {2} {3}; move them here instead of adding them again",
        "{0}（身份证号 {1}）已登记在 {2} {3}；请把此人迁到这里，不要重复登记",
    ),
    (
        "{0} (ID number {1}) was registered at {2} {3} and has left; move them here instead of adding them again",
        "{0}（身份证号 {1}）曾登记在 {2} {3}，已离开；请把此人迁到这里，不要重复登记",
    ),
    (
        "give the sex and birth date of {0}, or an ID number that tells them",
        "请填写{0}的性别和出生日期，或填写身份证号",
    ),
    (
        "{0} already has a 户主; add {1} with another relation, then make them head",
        "{0} 已有户主；请以其他关系登记{1}，再设为户主",
    ),
    (
        "{0} is the 户主 of {1}; make another resident head first",
        "{0} 是 {1} 的户主；请先把别的居民设为户主",
    ),
    (
        "{0} has already left {1}; nothing was changed",
        "{0} 已离开 {1}；未作更改",
    ),
    (
        "{0} cannot leave before they were born ({1}); correct the date",
        "{0} 不能早于出生日期（{1}）离开；请更正日期",
    ),
    (
        "{0} already lives at {1}; nothing was changed",
        "{0} 已住在 {1}；未作更改",
    ),
    (
        "{0} is not in building {1}; give an address of that building",
        "{0} 不在 {1} 栋；请填写该楼栋的地址",
    ),
    (
        "{0} already has a household; open it rather than adding another",
        "{0} 已有住户；请打开它，不要再新增",
    ),
    (
        "{0} has left {1}; move them back before making them head",
        "{0} 已离开 {1}；请先迁回再设为户主",
    ),
    // Structure (cli/structure.rs, tui/app/structure.rs).
    (
        "Add a street",
        "添加街道",
    ),
    (
        "Add or rename a community",
        "添加社区或给社区改名",
    ),
    (
        "Add or rename a grid",
        "添加网格或给网格改名",
    ),
    (
        "Add, renumber or move a building",
        "添加楼栋、给楼栋改号或把楼栋移到别的网格",
    ),
    (
        "Add a street (街道)",
        "添加一个街道",
    ),
    (
        "Print what was saved as JSON",
        "以 JSON 输出保存的内容",
    ),
    (
        "The street, by name; needed when the store has more than one",
        "街道名；有不止一个街道时必须指明",
    ),
    (
        "Add a community (社区) to a street",
        "在街道下添加一个社区",
    ),
    (
        "Give a community a new name",
        "给社区改名",
    ),
    (
        "Add a grid (网格): at level 1, or one level below --parent, down to level 4",
        "添加网格：一级网格，或 --parent 之下低一级的网格，最多到四级",
    ),
    (
        "The community, by name (or the start of it); needed when there is more than one",
        "社区名（或其开头）；有不止一个社区时必须指明",
    ),
    (
        "The grid it belongs under, by name",
        "它所属的上级网格名",
    ),
    (
        "Give a grid a new name",
        "给网格改名",
    ),
    (
        "The community, by name (or the start of it), when grids of several have the name",
        "社区名（或其开头）；几个社区都有这个网格名时用来指明",
    ),
    (
        "Add a building (楼栋) to a grid",
        "在网格里添加一栋楼",
    ),
    (
        "The grid it is in, by name",
        "它所在的网格名",
    ),
    (
        "How many entrances (单元) it has",
        "它有几个单元",
    ),
    (
        "How many floors it has",
        "它有几层",
    ),
    (
        "Give a building a new number; its households' addresses follow",
        "给楼栋改号；楼里住户的地址随之更改",
    ),
    (
        "The community, by name (or the start of it), when several have the building",
        "社区名（或其开头）；几个社区都有这个楼号时用来指明",
    ),
    (
        "Move a building to another grid of its community; its households follow",
        "把楼栋移到本社区的另一个网格；楼里住户随之移入",
    ),
    (
        "The grid it moves to, by name",
        "要移入的网格名",
    ),
    (
        "Give a member of staff her grids, by name: all she looks after (none to clear them)",
        "按名称指定一名工作人员负责的全部网格（不写则清空）",
    ),
    // The roster on the command line (cli/roster.rs, cli/address.rs).
    (
        "Show, add or change a household",
        "查看、新增或修改住户",
    ),
    (
        "Add, change, move a resident, or record that one left",
        "新增、修改、迁移居民，或登记居民离开",
    ),
    (
        "Building captains: add, retire, their doors and phone",
        "楼长：新增、卸任、负责的住户和电话",
    ),
    (
        "Show a household: its current and former residents, house status, landlord, tenancy, note, captain and last roster check",
        "查看住户：现住和曾住的居民、房屋状态、房东、租期、备注、楼长和上次人口信息核实",
    ),
    (
        "The household's address: 5-2-301 or 5栋2单元301, with its community's name in front when the address is in several: 桥岭社区 5-2-301",
        "住户地址：5-2-301 或 5栋2单元301；地址在几个社区都有时，前面写上社区名称：桥岭社区 5-2-301",
    ),
    (
        "Print the household as JSON",
        "以 JSON 输出住户",
    ),
    (
        "Add a household at an empty address of a building in the community",
        "在社区某栋楼的空地址上新增住户",
    ),
    (
        "Change a household's phone, care tags, house status, landlord, tenancy or note",
        "修改住户的电话、重点人群、房屋状态、房东、租期或备注",
    ),
    (
        "The household's phone (\"\" clears it)",
        "住户电话（写 \"\" 清空）",
    ),
    (
        "Care tags as the roster writes them: 独居老人、低保 or elderly-alone,low-income (\"\" clears them)",
        "重点人群，按花名册的写法：独居老人、低保 或 elderly-alone,low-income（写 \"\" 清空）",
    ),
    (
        "The house status: owner 自住, rented 出租, vacant 空置, other 其他",
        "房屋状态：自住 owner、出租 rented、空置 vacant、其他 other",
    ),
    (
        "The landlord of a rented flat (\"\" clears the landlord)",
        "出租房屋的房东（写 \"\" 清空房东）",
    ),
    (
        "The landlord's phone",
        "房东电话",
    ),
    (
        "The tenancy of a rented flat, both days included: 2026-01-01..2026-12-31 (\"\" clears it)",
        "出租房屋的租期，含首尾两天：2026-01-01..2026-12-31（写 \"\" 清空）",
    ),
    (
        "A note about the household (\"\" clears it)",
        "住户备注（写 \"\" 清空）",
    ),
    (
        "Add a resident to a household: a birth, someone moving in, a tenant",
        "给住户新增居民：新生儿、迁入的人、租户",
    ),
    (
        "Change a resident's fields, or make them head of household",
        "修改居民信息，或设为户主",
    ),
    (
        "A resident moved out or died: kept in the household's history, marked former",
        "居民迁出或死亡：留在住户的历史里，标为已离开",
    ),
    (
        "The person: ADDRESS/NAME (5-2-301/王芳, with the community in front where the address is in several: 桥岭社区 5-2-301/王芳) or an 18-character ID number",
        "人员：地址/姓名（5-2-301/王芳；地址在几个社区都有时，前面写上社区名称：桥岭社区 5-2-301/王芳）或 18 位身份证号",
    ),
    (
        "Why: moved-out 迁出 or died 死亡",
        "原因：迁出 moved-out 或死亡 died",
    ),
    (
        "The day they left: 2026-11-20 (default: today)",
        "离开日期：2026-11-20（默认今天）",
    ),
    (
        "Where they moved to, if known",
        "迁往何处（如知道）",
    ),
    (
        "Print the resident as JSON",
        "以 JSON 输出居民",
    ),
    (
        "Move a resident to another household",
        "把居民迁到另一户",
    ),
    (
        "The household they move to: [COMMUNITY] ADDRESS",
        "迁入的住户：[社区] 地址",
    ),
    (
        "The resident's name",
        "居民姓名",
    ),
    (
        "Relation to the head, as rosters write it: 户主 head, 配偶 spouse, 子 son, 女 daughter, 父 father, 母 mother, 孙子 grandson, 孙女 granddaughter, 租户 tenant, 其他 other",
        "与户主关系，按花名册的写法：户主 head、配偶 spouse、子 son、女 daughter、父 father、母 mother、孙子 grandson、孙女 granddaughter、租户 tenant、其他 other",
    ),
    (
        "男 or 女 (M or F); taken from the ID number when left out",
        "男或女（M 或 F）；不填时按身份证号",
    ),
    (
        "The birth date: 2026-11-20; taken from the ID number when left out",
        "出生日期：2026-11-20；不填时按身份证号",
    ),
    (
        "The 18-character ID number",
        "18 位身份证号",
    ),
    (
        "The resident's phone",
        "居民电话",
    ),
    (
        "常住 resident or 流动 migrant (default: resident)",
        "常住 resident 或流动 migrant（默认常住）",
    ),
    (
        "Care tags as the roster writes them: 独居老人、低保 or elderly-alone,low-income",
        "重点人群，按花名册的写法：独居老人、低保 或 elderly-alone,low-income",
    ),
    (
        "A party member (党员); `--party no` or `--party 群众` for not",
        "中共党员；不是党员写 `--party no` 或 `--party 群众`",
    ),
    (
        "The resident's phone (\"\" clears it)",
        "居民电话（写 \"\" 清空）",
    ),
    (
        "常住 resident or 流动 migrant",
        "常住 resident 或流动 migrant",
    ),
    (
        "Make them head of household (户主); the old head becomes what they are to the new one",
        "设为户主；原户主的关系改为与新户主的关系",
    ),
    (
        "The birth date: 2026-11-20",
        "出生日期：2026-11-20",
    ),
    (
        "男 or 女 (M or F)",
        "男或女（M 或 F）",
    ),
    (
        "Make a resident a building captain (楼长)",
        "把一位居民设为楼长",
    ),
    (
        "Print the captain as JSON",
        "以 JSON 输出楼长",
    ),
    (
        "Retire a building captain: her doors are left without a captain",
        "让楼长卸任：她负责的住户暂无楼长",
    ),
    (
        "The captain's name",
        "楼长姓名",
    ),
    (
        "Print the result as JSON",
        "以 JSON 输出结果",
    ),
    (
        "A building captain's doors, in door order, with their heads",
        "楼长负责的住户，按门牌排列，附户主",
    ),
    (
        "Print the doors as JSON",
        "以 JSON 输出住户",
    ),
    (
        "Change a building captain's phone",
        "修改楼长电话",
    ),
    (
        "The new phone",
        "新电话",
    ),
    (
        "Households whose roster was not checked (人口信息核实) in the last N months",
        "最近 N 个月没有核实人口信息的住户",
    ),
    (
        "For `roster`: months since the last roster check (default: the visit rules' number)",
        "用于 `roster`：距上次人口信息核实的月数（默认按走访规则）",
    ),
    (
        "not a relation; write 户主 head, 配偶 spouse, 子 son, 女 daughter, 父 father, 母 mother, 孙子 grandson, 孙女 granddaughter, 租户 tenant or 其他 other",
        "不是与户主关系；请写 户主、配偶、子、女、父、母、孙子、孙女、租户 或 其他",
    ),
    (
        "not a sex; write 男 or 女 (M or F)",
        "不是性别；请写 男 或 女",
    ),
    (
        "not a residence; write 常住 resident or 流动 migrant",
        "不是户籍类别；请写 常住 或 流动",
    ),
    (
        "“{0}” is not a care tag; use 独居老人 空巢老人 残疾人 留守儿童 低保 特困 退役军人 重病",
        "“{0}”不是重点人群；请用 独居老人 空巢老人 残疾人 留守儿童 低保 特困 退役军人 重病",
    ),
    (
        "write yes (党员) or no (群众)",
        "请写 yes（党员）或 no（群众）",
    ),
    (
        "not a day; write it as 2026-11-20",
        "不是日期；请写成 2026-11-20",
    ),
    (
        "not a tenancy; write FROM..TO as 2026-01-01..2026-12-31",
        "不是租期；请写成 起..止，如 2026-01-01..2026-12-31",
    ),
    // Scope on every write (issue 12): a sync push or an import refused, naming the record
    // or the row and never a person outside the caller's grids.
    (
        "the laptop sent a change to the {0} with id {1}, which is outside the grids you look after; nothing was synced — remove that change from the laptop, or ask a street admin to widen your scope",
        "笔记本电脑发来的修改涉及编号为 {1} 的{0}，它不在您负责的网格内；没有同步任何内容——请在笔记本电脑上撤下这项修改，或请街道管理员扩大您的范围",
    ),
    (
        "putting back the lost {0} would take the {1} with id {2} outside the grids you look after; keep what is there, or ask a street admin",
        "恢复丢失的 {0} 会使编号为 {2} 的{1}移出您负责的网格；请保留现有的值，或找街道管理员",
    ),
    ("street", "街道"),
    ("community", "社区"),
    ("grid", "网格"),
    ("building", "楼栋"),
    ("household", "住户"),
    ("resident", "居民"),
    ("building captain", "楼长"),
    ("visit", "走访记录"),
    ("dispute", "纠纷"),
    ("mediation note", "调解记录"),
    ("follow-up", "待办"),
    (
        "row {0}, column {1}: that ID number is registered at a household outside the grids you look after; nothing was imported — ask a street admin to import it",
        "第 {0} 行“{1}”列：该身份证号登记在您负责网格以外的住户；没有导入任何内容——请找街道管理员导入",
    ),
    (
        "row {0} ({1}) is a household outside the grids you look after; nothing was imported — ask a street admin to import it",
        "第 {0} 行（{1}）是您负责网格以外的住户；没有导入任何内容——请找街道管理员导入",
    ),
    (
        "row {0} ({1}) is in {2}, outside the grids you look after; nothing was imported — ask a street admin to import it",
        "第 {0} 行（{1}）在{2}，不在您负责的网格内；没有导入任何内容——请找街道管理员导入",
    ),
    (
        "row {0} ({1}) names a community or grid the store does not have, and only a street admin may create one; nothing was imported",
        "第 {0} 行（{1}）写的社区或网格库中没有，只有街道管理员可以新建；没有导入任何内容",
    ),
    (
        "laptop {0} was registered by another member of staff, so its audit trail is theirs to send; sync from your own laptop",
        "笔记本 {0} 是另一位工作人员登记的，它的审计记录应由其本人同步；请从你自己的笔记本同步",
    ),
    (
        "a roster may hold {0} households at most; split it into smaller files",
        "一份名册最多 {0} 户；请拆成几个较小的文件",
    ),
    // Party members on the grid (cli/member.rs, store/party.rs, model/party.rs).
    (
        "Party members on the grid: profiles, party groups, 中心户 and coverage",
        "网格党员：党员信息、党小组、党员中心户和覆盖情况",
    ),
    (
        "Add or change a resident's party member profile",
        "新增或修改居民的党员信息",
    ),
    (
        "The person: ADDRESS/NAME (5-2-301/王芳) or an 18-character ID number",
        "人员：地址/姓名（如 5-2-301/王芳）或 18 位身份证号",
    ),
    (
        "直管, 在职报到, 流动 or 退休 (direct, reporting, mobile, retired)",
        "直管、在职报到、流动或退休",
    ),
    (
        "The party group's name",
        "党小组名称",
    ),
    (
        "Skills, separated by commas",
        "特长，用逗号分隔",
    ),
    (
        "The day she became a member here (default: today)",
        "在本社区登记党员的日期（默认今天）",
    ),
    (
        "Print the profile as JSON",
        "以 JSON 输出党员信息",
    ),
    (
        "The party members in the grids you look after",
        "你负责网格里的党员",
    ),
    (
        "Only this grid",
        "只看这个网格",
    ),
    (
        "Print the list as JSON",
        "以 JSON 输出列表",
    ),
    (
        "End a party member's profile, saying why",
        "结束一名党员的党员信息，并说明原因",
    ),
    (
        "Why the profile ends",
        "结束的原因",
    ),
    (
        "Party groups (党小组): add, list",
        "党小组：新增、列表",
    ),
    (
        "Make a party member's household a 中心户, and link or unlink its neighbours",
        "把党员家庭设为党员中心户，并联系或解除联系邻近住户",
    ),
    (
        "The 中心户's address",
        "中心户的地址",
    ),
    (
        "Addresses to link, separated by commas",
        "要联系的住户地址，用逗号分隔",
    ),
    (
        "An address to unlink",
        "要解除联系的住户地址",
    ),
    (
        "Print the 中心户 as JSON",
        "以 JSON 输出中心户",
    ),
    (
        "Grids without a party group, buildings without a 中心户, households per 中心户",
        "没有党小组的网格、没有中心户的楼栋、每个中心户联系的户数",
    ),
    (
        "Print the coverage as JSON",
        "以 JSON 输出覆盖情况",
    ),
    (
        "Add a party group on a grid, with its leader",
        "在网格上新增党小组，并指定组长",
    ),
    (
        "The group's name",
        "党小组名称",
    ),
    (
        "The grid it is built on",
        "党小组所在的网格",
    ),
    (
        "The leader, a party member: ADDRESS/NAME or an ID number",
        "组长（须为党员）：地址/姓名或身份证号",
    ),
    (
        "Print the group as JSON",
        "以 JSON 输出党小组",
    ),
    (
        "The party groups on the grids you look after",
        "你负责网格上的党小组",
    ),
    (
        "a skill is empty; write each skill as a few words, separated by commas",
        "有一项特长是空的；每项特长写几个字，用逗号分隔",
    ),
    (
        "the skill “{0}” is longer than {1} characters; write it shorter",
        "特长“{0}”超过 {1} 个字；请写短一些",
    ),
    (
        "say why the profile ends (moved away, transferred, died …)",
        "请说明结束的原因（迁出、转出、去世……）",
    ),
    (
        "give the party group a name, as 第一党小组",
        "请给党小组起个名字，如“第一党小组”",
    ),
    (
        "the leader of a party group must be a party member; add her profile with `gridbook member add` first",
        "党小组组长必须是党员；请先用 `gridbook member add` 添加其党员信息",
    ),
    (
        "a 中心户 cannot be linked to its own household; link a neighbour",
        "中心户不能联系自己家；请联系一户邻居",
    ),
    (
        "that household is linked to this 中心户 already; link another one",
        "这户已经由该中心户联系；请联系另一户",
    ),
    (
        "the household at {0} is outside the grids you look after; ask a street admin if you need it",
        "{0} 的住户不在您负责的网格内；如需要请找街道管理员",
    ),
    (
        "the party group “{0}” is on a grid outside the grids you look after; choose a group on your grids",
        "党小组“{0}”所在的网格不归您负责；请选您网格上的党小组",
    ),
    (
        "there is no party group {0}",
        "没有编号为 {0} 的党小组",
    ),
    (
        "{0} is not a party member on file; add her profile with `gridbook member add` first",
        "{0} 没有登记党员信息；请先用 `gridbook member add` 添加",
    ),
    (
        "{0} leads the party group “{1}”; give the group another leader first",
        "{0} 是党小组“{1}”的组长；请先给该党小组换一位组长",
    ),
    (
        "no one at {0} is a party member on file; a 中心户 is a party member's household",
        "{0} 没有登记为党员的人；党员中心户须是党员的家庭",
    ),
    (
        "that household is not linked to this 中心户; `gridbook member central` lists its links",
        "这户不由该中心户联系；`gridbook member central` 会列出它联系的住户",
    ),
    (
        "{0} is not a 中心户; make it one with `gridbook member central` first",
        "{0} 不是党员中心户；请先用 `gridbook member central` 设定",
    ),
    (
        "the grid “{0}” is outside the grids you look after; put the group on one of yours",
        "网格“{0}”不归您负责；请把党小组建在您负责的网格上",
    ),
    (
        "there is a party group called “{0}” already; choose another name",
        "已经有叫“{0}”的党小组；请换一个名字",
    ),
    (
        "there is no grid {0}",
        "没有编号为 {0} 的网格",
    ),
    (
        "party member",
        "党员",
    ),
    (
        "party group",
        "党小组",
    ),
    ("wish", "微心愿"),
    ("waiting to be claimed", "待认领"),
    ("claimed", "已认领"),
    ("dispatched", "已派单"),
    ("fulfilled", "已实现"),
    ("reviewed", "已回访"),
    ("closed", "已关闭"),
    ("this wish is {0}; only a wish waiting to be claimed can be claimed or dispatched", "该心愿{0}；只有待认领的心愿才能认领或派单"),
    ("this wish is {0}; only a claimed or dispatched wish can be marked fulfilled", "该心愿{0}；只有已认领或已派单的心愿才能标为已实现"),
    ("this wish is {0}; only a fulfilled wish can be reviewed", "该心愿{0}；只有已实现的心愿才能回访"),
    ("this wish is {0}; only a wish not yet fulfilled can be closed", "该心愿{0}；只有尚未实现的心愿才能关闭"),
    ("this wish is {0}; only a claimed or dispatched wish can be given back", "该心愿{0}；只有已认领或已派单的心愿才能退回"),
    ("say who takes the wish on: a member's or a unit's name", "请写明由谁认领：党员或单位的名称"),
    ("say what was done before marking the wish fulfilled", "标为已实现前，请写明做了什么"),
    ("satisfaction is a number from 1 (not at all) to 5 (fully satisfied)", "满意度是 1（很不满意）到 5（非常满意）之间的数"),
    ("say why the wish is closed", "请写明关闭心愿的原因"),
    ("say why the wish is given back", "请写明退回心愿的原因"),
    ("a wish needs its text; say in a few words what the household wishes for", "心愿需要内容；请简要写明住户希望得到什么"),
    ("the wish is longer than 500 characters; shorten it", "心愿超过 500 个字；请缩短"),
    ("the due day is before the day the wish was raised; pick a later day", "期限早于心愿提出的日期；请选一个更晚的日期"),
    ("there is no wish {0}", "没有编号为 {0} 的心愿"),
    ("A category, in Chinese or English", "类别，中文或英文均可"),
    ("A grid, by name", "网格，写名称"),
    ("A member or unit takes on a waiting wish (认领)", "党员或单位认领一个待认领的心愿"),
    ("Close a wish that will not be fulfilled (已关闭), with the reason", "关闭不会实现的心愿（已关闭），并写明原因"),
    ("Count from this day instead of today (for tests)", "从这一天而不是今天算起（供测试用）"),
    ("Give back a claim or dispatch: the wish waits to be claimed again", "退回认领或派单：心愿重新待认领"),
    ("Hand a waiting wish to a member or unit (派单)", "把待认领的心愿派给党员或单位（派单）"),
    ("Mark a claimed or dispatched wish fulfilled (已实现), saying what was done", "把已认领或已派单的心愿标为已实现，并写明做了什么"),
    ("Only wishes past their due day and not yet fulfilled", "只列出已过期限且尚未实现的心愿"),
    ("Raise a wish for a household by its address, such as 5-2-301 or 5栋2单元301", "按地址为住户登记心愿，如 5-2-301 或 5栋2单元301"),
    ("Record the household's satisfaction with a fulfilled wish (回访), 1 to 5", "记录住户对已实现心愿的满意度（回访），1 到 5"),
    ("Show its address only to staff who look after its household", "只向负责该住户的工作人员显示地址"),
    ("Small wishes (微心愿): raise, list, dispatch or claim, fulfil, review, close", "微心愿：登记、列出、派单或认领、实现、回访、关闭"),
    ("The community, by name, when the address is in more than one", "地址在多个社区都有时，写上社区名"),
    ("The day it should be fulfilled by: 2026-12-01, 12-01 or +7", "应在哪天前实现：2026-12-01、12-01 或 +7"),
    ("The household's address, with its community's name in front when the address is in several: 桥岭社区 5-2-301", "住户地址；多个社区都有这个地址时在前面写上社区名：桥岭社区 5-2-301"),
    ("The member's or unit's name", "党员或单位的名称"),
    ("The wishes in the grids you look after, oldest first", "您负责网格内的心愿，最早的在前"),
    ("What the household wishes for", "住户希望得到什么"),
    ("待认领 open, 已认领 claimed, 已派单 dispatched, 已实现 done, 已回访 reviewed, 已关闭 closed", "待认领、已认领、已派单、已实现、已回访、已关闭"),
    ("物资 goods, 探访陪护 visits, 维修 repairs, 就业就学 work, 政策咨询 policy, 其他 other", "物资、探访陪护、维修、就业就学、政策咨询、其他"),
    // Agenda items and meetings (议事协商): model/agenda.rs, store/agenda.rs, cli/agenda.rs.
    ("agenda item", "议题"),
    ("proposed", "动议"),
    ("accepted", "受理"),
    ("not accepted", "不予受理"),
    ("under deliberation", "协商中"),
    ("decided", "已决议"),
    ("being carried out", "落实中"),
    ("finished", "已办结"),
    ("made public", "已公示"),
    ("this agenda item is {0}; it cannot move any further", "该议题为{0}；不能再往下走"),
    ("this agenda item is {0}; it can go next only to {1} or {2}", "该议题为{0}；下一步只能是{1}或{2}"),
    ("this agenda item is {0}; it can go next only to {1}", "该议题为{0}；下一步只能是{1}"),
    ("an item is decided with its decision, owner and due day: use agenda decide", "议题要连同决议、责任人和期限一起记为已决议：请用 agenda decide"),
    ("an item not accepted needs the reason; give it with --reason", "不予受理须写明理由；请用 --reason 写明"),
    ("say what was decided", "请写明决议内容"),
    ("a decision needs an owner: the person or unit who carries it out", "决议需要责任人：负责落实的人或单位"),
    ("the due day is before the day the item was raised; pick a later day", "期限早于议题提出的日期；请选一个更晚的日期"),
    ("a note needs its text", "备注需要内容"),
    ("a meeting needs its chair; give the name with --chair", "会议需要主持人；请用 --chair 写明姓名"),
    ("“{0}” is both present and absent; name them once", "“{0}”既在出席名单又在缺席名单；请只写一次"),
    ("an agenda item needs its topic; say in a few words what is to be deliberated", "议题需要内容；请简要写明要协商什么"),
    ("the topic is longer than 500 characters; shorten it", "议题超过 500 个字；请缩短"),
    ("say who raised the item: an address, a unit's name or a member of staff", "请写明议题由谁提出：地址、单位名称或工作人员"),
    ("there is no agenda item {0}", "没有编号为 {0} 的议题"),
    ("there is no community {0}", "没有编号为 {0} 的社区"),
    ("agenda item {0} belongs to another community; a meeting discusses its own community's items", "议题 {0} 属于另一个社区；会议只讨论本社区的议题"),
    ("Agenda items (议题): raise, list, decide, move on, note; the open decisions", "议题：登记、列出、决议、推进、备注；待落实的决议"),
    ("Meetings (议事会, 联席会议) and the agenda items they discussed", "会议（议事会、联席会议）及其讨论的议题"),
    ("Raise an agenda item (议题动议)", "登记议题（议题动议）"),
    ("The agenda items in your scope, oldest first", "您负责范围内的议题，最早的在前"),
    ("Only items still open: neither 不予受理, 已办结 nor 已公示", "只列出尚未了结的议题：不含不予受理、已办结、已公示"),
    ("Record the decision (已决议) of an item under deliberation, with its owner and due day", "记下协商中议题的决议（已决议），连同责任人和期限"),
    ("What was decided", "决议内容"),
    ("Who carries it out: a person's or a unit's name", "由谁落实：人名或单位名称"),
    ("The day it is to be carried out by: 2026-12-01, 12-01 or +7", "应在哪天前落实：2026-12-01、12-01 或 +7"),
    ("Move an item on: accept 受理, reject 不予受理 (with --reason), deliberate 协商中, carry-out 落实中, finish 已办结, publish 已公示", "推进议题：accept 受理、reject 不予受理（须 --reason）、deliberate 协商中、carry-out 落实中、finish 已办结、publish 已公示"),
    ("The state to move to; without it, the next one in the chain", "要进入的状态；不写则进入下一步"),
    ("Why, or what was done", "原因，或做了什么"),
    ("Why the item is not accepted (不予受理)", "不予受理的理由"),
    ("Add a note to an item, at whatever state it is in", "为议题添加备注，任何状态都可以"),
    ("The open decisions (已决议 and 落实中) by due day, overdue first", "待落实的决议（已决议和落实中），按期限排列，逾期的在前"),
    ("The topic, in a few words", "议题，简要几句话"),
    ("居民议事 residents, 联席会议 joint, 红色物业 red, 其他 other", "居民议事、联席会议、红色物业、其他"),
    ("Who raised it: a household's address (5-2-301) or a unit's name; without it, you", "由谁提出：住户地址（5-2-301）或单位名称；不写则为您本人"),
    ("The community, by name, when you look after more than one", "您负责多个社区时，写上社区名"),
    ("Record a meeting (居民议事会, 红色议事厅, 联席会议) and the items it discussed", "记录会议（居民议事会、红色议事厅、联席会议）及其讨论的议题"),
    ("The meetings in your scope, by date", "您负责范围内的会议，按日期排列"),
    ("居民议事会 council, 红色议事厅 red, 联席会议 joint, 其他 other", "居民议事会、红色议事厅、联席会议、其他"),
    ("The day it was held: 2026-12-01, 12-01 or +7", "开会日期：2026-12-01、12-01 或 +7"),
    ("Who chaired it", "主持人"),
    ("Units and people present, by name", "出席的单位和人员，写名称"),
    ("Units and people absent, by name", "缺席的单位和人员，写名称"),
    ("The agenda items discussed, by number", "讨论的议题，写编号"),
    ("议事协商台账: one row an agenda item", "议事协商台账：每个议题一行"),
    ("A co-building unit of this kind: 机关 office, 企业 company, 学校 school, 派出所 police, 物业 property, 社会组织 social, 其他 other", "共建单位及其类别：机关、企业、学校、派出所、物业、社会组织、其他"),
    ("A member's employer (工作单位)", "在职党员的工作单位"),
    ("A member's skills, separated by commas", "在职党员的特长，用逗号分隔"),
    ("A registrant claims a post", "报到对象认领岗位"),
    ("A registrant leaves: cancelled (已注销), or with --transferred transferred out (已转出)", "报到对象离开：已注销，或加 --transferred 为已转出"),
    ("A registrant's claim on a post ends", "结束报到对象对岗位的认领"),
    ("A unit's contact person", "共建单位的联系人"),
    ("Close a post; its claims end", "关闭岗位；其认领随之结束"),
    ("Count the quarter from this day instead of today (for tests)", "按这一天而不是今天所在的季度计算（供测试用）"),
    ("How long, in hours, as 1.5", "服务时长（小时），如 1.5"),
    ("How many registrants it takes at once", "可同时认领的人数"),
    ("Its category, as 环境整治", "岗位类别，如 环境整治"),
    ("Log a service a registrant gave", "记录报到对象的一次服务"),
    ("Per grid: registered members and units, the share with any service, the hours", "按网格：报到的在职党员和共建单位、有服务的占比、服务时长"),
    ("Publish a service post on a grid", "在网格上发布服务岗位"),
    ("Register an in-service party member, or with --unit a co-building unit", "登记在职党员报到，或加 --unit 登记共建单位"),
    ("Skills wanted, separated by commas", "所需特长，用逗号分隔"),
    ("The community, by name, when there are several", "有多个社区时，写社区名"),
    ("The day (default: today)", "日期（默认今天）"),
    ("The day a unit's agreement ends", "共建协议到期日"),
    ("The day a unit's agreement was signed", "共建协议签订日"),
    ("The day of registering (default: today)", "报到日期（默认今天）"),
    ("The employer (工作单位), or a co-building unit's name", "工作单位，或共建单位名称"),
    ("The employer's party organisation", "工作单位所在党组织"),
    ("The file to write: XLSX (with the title row) or CSV", "要写入的文件：XLSX（带标题行）或 CSV"),
    ("The member's or the unit's name", "党员或单位的名称"),
    ("The post it was done on: its number or title", "服务所在岗位：编号或名称"),
    ("The post's number or title", "岗位编号或名称"),
    ("The post's title, as 楼道清洁", "岗位名称，如 楼道清洁"),
    ("The posts on your grids, claimed against capacity", "您负责网格的岗位，已认领人数与可认领人数"),
    ("The quarter, as 2026Q4", "季度，如 2026Q4"),
    ("The quarter, as 2026Q4 (default: this one)", "季度，如 2026Q4（默认本季度）"),
    ("The registrant's name", "报到对象的名称"),
    ("The registrants of your communities, with their posts and hours this quarter", "您所在社区的报到对象，及其岗位和本季度服务时长"),
    ("Transferred out (已转出) rather than cancelled (已注销)", "已转出，而不是已注销"),
    ("What was done", "做了什么"),
    ("Where a member lives, if known: an address such as 5-2-301", "在职党员的居住地址（如知道），如 5-2-301"),
    ("Who confirmed it", "由谁确认"),
    ("Write the quarterly feedback card (报到服务情况反馈表) for one employer", "为一个工作单位写出季度报到服务情况反馈表"),
    ("In-service members and co-building units (双报到): register, list, leave", "双报到：在职党员和共建单位的登记、列出、离开"),
    ("Service posts (岗位): publish, list, close, claim, end a claim", "服务岗位：发布、列出、关闭、认领、结束认领"),
    ("Services by registrants: log one, the feedback card, the grid figures", "报到对象的服务：记录、反馈表、网格统计"),
    ("双报到服务台账: one row a registrant, her posts and hours in the month", "双报到服务台账：每个报到对象一行，含当月岗位和服务时长"),
    ("registrants and services with no post are kept by the community's staff; ask a community admin", "报到对象和不属于岗位的服务由社区工作人员管理；请找社区管理员"),
    ("the post “{0}” is on a grid outside the grids you look after; choose a post on your grids", "岗位“{0}”所在网格不归您负责；请选择您网格上的岗位"),
    ("the grid “{0}” is outside the grids you look after; put the post on one of yours", "网格“{0}”不归您负责；请把岗位发布在您负责的网格上"),
    ("there is no post {0}", "没有编号为 {0} 的岗位"),
    ("there is no registrant {0}", "没有编号为 {0} 的报到对象"),
    ("“{0}” is {1}; only a registered one can claim posts and log services", "“{0}”{1}；只有已报到的才能认领岗位、记录服务"),
    ("“{0}” is registered already; `gridbook registrant list` shows her", "“{0}”已经报到；`gridbook registrant list` 会列出"),
    ("there is no household {0} in that community", "该社区没有编号为 {0} 的住户"),
    ("the post “{0}” is closed already", "岗位“{0}”已经关闭"),
    ("that registrant is registered with another community; a post is claimed, and served on, by its own community's registrants", "该报到对象在别的社区报到；岗位只能由本社区的报到对象认领和服务"),
    ("“{0}” holds the post “{1}” already", "“{0}”已经认领了岗位“{1}”"),
    ("the post “{0}” is closed; choose an open post", "岗位“{0}”已关闭；请选择开放的岗位"),
    ("the post “{0}” is full ({1} of {2} claimed); end a claim on it first or choose another post", "岗位“{0}”已满额（已认领 {1}/{2}）；请先结束一个认领，或选择别的岗位"),
    ("“{0}” holds no claim on the post “{1}”; `gridbook post list` shows who holds it", "“{0}”没有认领岗位“{1}”；`gridbook post list` 会列出认领人"),
    ("a claim cannot end before the day it began; pick a later day", "认领不能在开始之前结束；请选一个更晚的日期"),
    ("that day is before “{0}” registered; pick a later day", "这一天早于“{0}”报到的日期；请选一个更晚的日期"),
    ("give the registrant's name: the member's, or the unit's", "请写明报到对象的名称：党员姓名或单位名称"),
    ("an in-service member needs her employer; give it with --employer", "在职党员需要写明工作单位；请用 --employer 写上"),
    ("the skill “{0}” is empty or longer than {1} characters; write each skill as a few words, separated by commas", "特长“{0}”为空或超过 {1} 个字；每项特长写几个字，用逗号分隔"),
    ("the agreement ends before it was signed; check the two days", "共建协议的到期日早于签订日；请核对这两个日期"),
    ("“{0}” is {1} already; only a registered one can leave", "“{0}”已经{1}；只有已报到的才能离开"),
    ("say whether she is transferred out or cancelled", "请写明是已转出还是已注销"),
    ("say why with --reason (transferred to another community, retired …)", "请用 --reason 写明原因（转到别的社区、退休……）"),
    ("that day is before the day of registering; pick a later day", "这一天早于报到日期；请选一个更晚的日期"),
    ("give the post a title, as 楼道清洁", "请给岗位起个名称，如 楼道清洁"),
    ("a post takes from 1 to {0} registrants; give --capacity as a number in that range", "岗位可认领 1 到 {0} 人；请用 --capacity 写这个范围内的数"),
    ("the hours of a service are more than 0 and at most 24, as 1.5", "服务时长须大于 0、不超过 24 小时，如 1.5"),
    ("say what was done with --what, in a few words", "请用 --what 简要写明做了什么"),
    ("what was done is longer than 500 characters; shorten it", "服务内容超过 500 个字；请缩短"),
    ("registered", "已报到"),
    ("transferred out", "已转出"),
    ("cancelled", "已注销"),
    ("registrant", "报到对象"),
    ("service post", "服务岗位"),
    ("claim on a post", "岗位认领"),
    ("service record", "服务记录"),
    ("Write a month's ledger (台账) as XLSX or CSV: visits, disputes, daily log, wishes, party, service, agenda; or a campaign's daily report (campaign) or its checks (checks)", "把一个月的台账写成 XLSX 或 CSV：走访、纠纷、民情日志、微心愿、党员联户、双报到服务或议事协商；或排查任务的排查日报（campaign）与排查记录（checks）"),
    ("排查日报: a campaign's tally per grid at a day's end, the staff on duty, the exceptions", "排查日报：某日结束时各网格的排查进度、在岗下沉人员和异常户"),
    ("排查记录: every attempt at every door of a campaign", "排查记录：排查任务每一户的每一次排查"),
    ("The month, such as 2026-11 (for every ledger but a campaign's)", "月份，例如 2026-11（排查任务的台账除外）"),
    ("The campaign, by name, for `campaign` and `checks`; the one under way when left out", "排查任务的名称，用于 campaign 和 checks；不写时为正在进行的那一个"),
    ("The day of the daily report (`campaign`), such as 2026-11-26; today when left out", "排查日报的日期，例如 2026-11-26；不写时为今天"),
    ("微心愿台账: one row a wish raised in the month or still open when it began", "微心愿台账：每个当月登记或月初仍未办结的心愿一行"),
    ("党员联户台账: one row a household linked to a 中心户, with the month's contacts", "党员联户台账：每个与中心户联系的住户一行，附当月联系次数"),
    ("Small wishes (微心愿) per grid in a month: raised, claimed, done, overdue, satisfaction", "各网格某月的微心愿：新增、认领、实现、逾期、满意度"),
    ("For `wishes`: the month, such as 2026-11 (default: this month)", "用于 `wishes`：月份，如 2026-11（默认本月）"),
    ("The same as `--format json`", "同 `--format json`"),
    ("Campaigns in 战时 (排查): start, status, check a door, end, and staff sent down", "战时排查任务：开始、进度、逐户排查、结束、下沉人员"),
    ("Start a campaign over some grids (admins): every household of them is to be checked", "在若干网格开始排查任务（管理员）：其中每一户都要排查"),
    ("The campaigns with their tally per grid and in total: 应查, 已查, 异常, 无人, 剩余, %", "排查任务及其按网格和合计的进度：应查、已查、异常、无人、剩余、%"),
    ("Record the result of checking a door, by its address, such as 5-2-301", "按地址记录一户的排查结果，如 5-2-301"),
    ("Every attempt at one door, oldest first, the latest shown as its result", "一户的每次排查，最早的在前，最近一次即其结果"),
    ("The next door to knock at in a grid: the first not checked, else one to try again", "网格里下一户要敲的门：先是未查的，再是要再去一次的"),
    ("End a campaign by hand (admins)", "手动结束排查任务（管理员）"),
    ("Staff sent down (下沉) to the campaign's grids: add, leave, list", "下沉到排查网格的人员：登记、离开、列出"),
    ("疫情 epidemic, 防汛 flood, 消防 fire, 专项 special, 其他 other", "疫情、防汛、消防、专项、其他"),
    ("A grid it covers, by name or number; give it once for each grid", "覆盖的网格，写名称或编号；每个网格写一次"),
    ("The day every door should be checked by: 2026-12-01, 12-01 or +7", "每户都应在哪天前排查完：2026-12-01、12-01 或 +7"),
    ("The results a check may have, comma-separated (default 正常,异常,无人在家,拒绝)", "排查可选的结果，用逗号分隔（默认 正常,异常,无人在家,拒绝）"),
    ("One campaign, by name (ended or not); left out, those under way and, below them, those ended in the last 30 days", "某个排查任务，写名称（已结束的也可）；不写则列出进行中的任务，其下列出 30 天内结束的任务"),
    ("Without NAME: every ended campaign, not only those of the last 30 days", "不写名称时：列出全部已结束的任务，而不只是 30 天内的"),
    ("The household's address, with its community's name in front when several have it", "住户地址；多个社区都有这个地址时在前面写上社区名"),
    ("One of the campaign's results: 正常 normal, 异常 abnormal, 无人在家 not-home, 拒绝 refused", "排查任务的结果之一：正常、异常、无人在家、拒绝"),
    ("What was found (needed for 异常)", "发现了什么（异常时必填）"),
    ("The campaign, by name, when more than one is under way", "有几个排查任务在进行时，写上任务名称"),
    ("The grid, by name or number", "网格，写名称或编号"),
    ("Register someone sent down to one of the campaign's grids (admins)", "登记下沉到排查网格的人员（管理员）"),
    ("Their name", "姓名"),
    ("The unit that sent them, such as 街道办", "派出单位，如 街道办"),
    ("The grid they are sent to, by name or number", "下沉到的网格，写名称或编号"),
    ("The OS user they sign in as", "登录用的系统用户名"),
    ("The day they arrived (default today)", "到岗日期（默认今天）"),
    ("Someone sent down leaves (default today), by their number from `campaign staff list`", "下沉人员离开（默认今天），按 `campaign staff list` 中的编号"),
    ("Everyone sent down to the campaign", "参加排查任务的全部下沉人员"),
    ("a campaign called “{0}” is already under way; end it or choose another name", "排查任务“{0}”正在进行；请先结束它或换个名称"),
    ("there is no campaign {0}", "没有编号为 {0} 的排查任务"),
    ("the campaign “{0}” has already ended", "排查任务“{0}”已经结束"),
    ("the campaign “{0}” has ended; its doors are no longer checked", "排查任务“{0}”已结束，不再排查"),
    ("{0} is not in the grids of the campaign “{1}”", "{0} 不在排查任务“{1}”的网格内"),
    ("there is no one sent down with number {0}", "没有编号为 {0} 的下沉人员"),
    ("they cannot leave before they arrived; pick a later day", "离开日期早于到岗日期；请选一个更晚的日期"),
    ("the campaign “{0}” has ended; nobody more is sent down to it", "排查任务“{0}”已结束，不再登记下沉人员"),
    ("the grid “{0}” is not one of the campaign's grids", "网格“{0}”不在排查任务的网格内"),
    ("someone sent down for a campaign may only check its doors; ask a street admin for anything else", "下沉人员只能做排查任务的入户排查；其他事情请找街道管理员"),
    ("the campaign “{0}” you were sent down to ended on {1}; ask a street admin if you are needed again", "您下沉参加的排查任务“{0}”已于 {1} 结束；如还需要您，请找街道管理员"),
    ("you are sent down to the campaign “{0}” from {1}; gridbook opens for you on that day", "您从 {1} 起下沉参加排查任务“{0}”；gridbook 从那天起为您打开"),
    ("you left the campaign “{0}” on {1}; ask a street admin if you are sent down again", "您已于 {1} 离开排查任务“{0}”；如再次下沉，请找街道管理员"),
    ("a campaign needs a name, such as 11月消防排查", "排查任务需要名称，如 11月消防排查"),
    ("the campaign's name is longer than 100 characters; shorten it", "排查任务名称超过 100 个字；请缩短"),
    ("a campaign needs at least one grid; name them with --grid", "排查任务至少要有一个网格；用 --grid 写明"),
    ("the deadline is before the campaign starts; pick a later day", "截止日期早于开始日期；请选一个更晚的日期"),
    ("a campaign has at most 12 results; keep the set small", "排查结果最多 12 种；请精简"),
    ("“{0}” is not a result of this campaign; use one of {1}", "“{0}”不是本次排查的结果；请用 {1} 之一"),
    ("say what is wrong: 异常 needs a note, given with --note", "请写明异常情况：异常需要用 --note 写说明"),
    ("the note is longer than 500 characters; shorten it", "说明超过 500 个字；请缩短"),
    ("say who is sent down: their name", "请写明下沉人员的姓名"),
    ("say which unit sent them, with --unit, such as 街道办", "请用 --unit 写明派出单位，如 街道办"),
    ("say which user they sign in as, with --user", "请用 --user 写明其登录用的系统用户名"),
    // Naming a grid where names repeat (model/naming.rs, api/tables.rs).
    (
        "several grids are called {0}; name it with its community, one of: {1}",
        "有几个网格都叫{0}；请连社区写明，如：{1}",
    ),
    (
        "there is no grid called {0}; use one of {1}",
        "没有叫{0}的网格；可选：{1}",
    ),
];
