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
    (
        "{0} is not a gridbook backup that can be restored: {1}",
        "{0} 不是可以恢复的 gridbook 备份：{1}",
    ),
    (
        "{0} is not empty; restore into a new, empty directory",
        "{0} 不是空目录；请恢复到一个新的空目录",
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
        "no community is named for this row; add --community {0} (or a 社区 column)",
        "这一行没有写社区；请加上 --community {0}（或加一个 社区 列）",
    ),
    (
        "no community is named for this row; add a 社区 column and --create-community to create it",
        "这一行没有写社区；请加一个 社区 列，并加上 --create-community 新建社区",
    ),
    (
        "there is no community called {0}; the store has no community yet; add --create-community to create it",
        "没有叫{0}的社区；数据中还没有任何社区；加上 --create-community 即可新建",
    ),
    (
        "there is no community called {0}; use one of {1}, or add --create-community to create it",
        "没有叫{0}的社区；请用{1}中的一个，或加上 --create-community 新建",
    ),
    (
        "the community {0} is new and it is not clear which street it is in; add a 街道 column",
        "社区{0}是新的，不清楚属于哪个街道；请加一个 街道 列",
    ),
    (
        "building {0} is new and its grid is not named; add a 网格 column naming its grid",
        "{0}栋是新楼，没有写所属网格；请加一个 网格 列写明它的网格",
    ),
    (
        "building {0} is new and its grid is not named; add a 网格 column naming its grid ({1})",
        "{0}栋是新楼，没有写所属网格；请加一个 网格 列写明它的网格（{1}）",
    ),
    (
        "{0} was registered at another household; they are moved to {1}",
        "{0}原登记在另一户；已迁到 {1}",
    ),
    (
        "no one at {0} is marked 户主, so {1} was taken as the head",
        "{0} 没有人标为户主，因此把{1}作为户主",
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
        "the ID number belongs to a {0}, but this says {1}; it was kept as written, check which is right",
        "身份证号属于{0}性，但这里写的是{1}；已按原样保留，请核对哪个正确",
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
    (
        "the file could not be read ({0}); check the path",
        "文件无法读取（{0}）；请检查路径",
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
        "the gridbook server did not answer within 15 s; see {0}",
        "gridbook 服务在 15 秒内没有应答；请查看 {0}",
    ),
    (
        "the connection to the gridbook server broke ({0}); start gridbook again",
        "与 gridbook 服务的连接断了（{0}）；请重新启动 gridbook",
    ),
    (
        "the connection to the gridbook server broke before it answered, so it is not known whether this was done; look, then try again",
        "与 gridbook 服务的连接在应答前断了，不知道这一步是否已完成；请先查看，再重试",
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
];
