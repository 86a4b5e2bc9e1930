//! Bank statements as Indonesian banks export them (KlikBCA, Mandiri in its
//! two layouts, BNI, BRI): one parser per real layout, recognised by its
//! header, never by guessing the locale. A statement is read whole or not
//! at all: the first row that cannot be read fails it with its line number.

use std::fmt;
use time::{Date, Month};

/// The banks (and layouts) a statement can come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// KlikBCA's "Mutasi Rekening" CSV: a preamble with the account and
    /// `Periode : dd/mm/yyyy - dd/mm/yyyy`, rows dated `'dd/mm` (or `PEND`),
    /// the amount with `CR`/`DB` in an unnamed column, a balance footer.
    KlikBca,
    /// Mandiri's comma layout: `Account No,Date,Val. Date,Transaction Code,
    /// Description,Description,Reference No.,Debit,Credit`.
    Mandiri,
    /// Mandiri's semicolon layout: `Tanggal;Keterangan;Debit;Kredit;Saldo`,
    /// dates like `03 Des 2026`, amounts like `1.500.000,00`.
    MandiriId,
    /// BNI: `Post Date,Value Date,Branch,Journal No.,Description,Debit,
    /// Credit`, dates `dd/mm/yy HH.MM.SS`.
    Bni,
    /// BRI: `TGL_TRAN;DESK_TRAN;MUTASI_DEBET;MUTASI_KREDIT;SALDO_AKHIR_MUTASI`.
    Bri,
}

impl Layout {
    /// The bank's name as staff know it.
    pub fn bank(self) -> &'static str {
        match self {
            Layout::KlikBca => "BCA",
            Layout::Mandiri | Layout::MandiriId => "Mandiri",
            Layout::Bni => "BNI",
            Layout::Bri => "BRI",
        }
    }
}

/// Money in or out of the account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Credit,
    Debit,
}

/// One transaction line of a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The line of the file the row starts on (1-based).
    pub line: usize,
    /// The day the bank booked it; for a KlikBCA `PEND` row, the period's last day.
    pub date: Date,
    /// Not yet booked (KlikBCA's `PEND`): shown, never matched.
    pub pending: bool,
    pub description: String,
    /// The bank's own reference (BNI's journal number, Mandiri's reference), if any.
    pub reference: String,
    pub direction: Direction,
    /// In sen (hundredths of a rupiah), always positive.
    pub amount_sen: i64,
    /// The balance after this row, in sen, where the bank gives one.
    pub balance_sen: Option<i64>,
    /// The row as it stands in the file.
    pub raw: String,
}

impl Entry {
    /// The amount in whole rupiah, when it has no sen.
    pub fn whole_rupiah(&self) -> Option<i64> {
        (self.amount_sen % 100 == 0).then_some(self.amount_sen / 100)
    }

    /// What identifies the row across uploads of the same or an
    /// overlapping statement: account, date, description, reference,
    /// direction, amount and balance.
    pub fn identity(&self, account: &str) -> String {
        format!(
            "{account}|{}|{}|{}|{}|{}|{}|{}",
            self.date,
            self.pending,
            self.description,
            self.reference,
            if self.direction == Direction::Credit { "CR" } else { "DB" },
            self.amount_sen,
            self.balance_sen.map(|b| b.to_string()).unwrap_or_default(),
        )
    }
}

/// A statement read whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub layout: Layout,
    /// The account number, where the file names it.
    pub account: Option<String>,
    /// The statement's period, where the file states one.
    pub period: Option<(Date, Date)>,
    pub entries: Vec<Entry>,
}

impl Statement {
    /// The credits: what a shopper's transfer can be.
    pub fn credits(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.direction == Direction::Credit)
    }
}

/// Why a statement was refused; `line` is the file's line (1-based) where
/// one row is at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementError {
    pub line: Option<usize>,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// No layout's header was found (or the file is not text).
    UnknownLayout,
    /// A KlikBCA file without its `Periode :` line.
    NoPeriod,
    /// A date that is not one (`31/02`), or not in the layout's format.
    BadDate(String),
    /// A date outside the statement's period.
    OutsidePeriod(String),
    /// An amount that is not one.
    BadAmount(String),
    /// KlikBCA: neither `CR` nor `DB` beside the amount.
    NoDirection,
    /// Both the debit and the credit column hold an amount.
    DebitAndCredit,
    /// Neither the debit nor the credit column holds an amount.
    NoAmount,
    /// A row with fewer columns than the header.
    MissingColumns,
    /// A header and no transaction below it.
    NoEntries,
}

impl fmt::Display for StatementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        match &self.problem {
            Problem::UnknownLayout => write!(f, "not a KlikBCA, Mandiri, BNI or BRI statement"),
            Problem::NoPeriod => write!(f, "the statement's period (Periode : dd/mm/yyyy - dd/mm/yyyy) is missing"),
            Problem::BadDate(d) => write!(f, "\"{d}\" is not a date"),
            Problem::OutsidePeriod(d) => write!(f, "\"{d}\" is outside the statement's period"),
            Problem::BadAmount(a) => write!(f, "\"{a}\" is not an amount"),
            Problem::NoDirection => write!(f, "the amount is marked neither CR nor DB"),
            Problem::DebitAndCredit => write!(f, "both the debit and the credit column hold an amount"),
            Problem::NoAmount => write!(f, "neither the debit nor the credit column holds an amount"),
            Problem::MissingColumns => write!(f, "the row has fewer columns than the header"),
            Problem::NoEntries => write!(f, "the statement holds no transaction"),
        }
    }
}

impl std::error::Error for StatementError {}

fn at(line: usize, problem: Problem) -> StatementError {
    StatementError { line: Some(line), problem }
}

/// A row of the file: its fields, its first line and its text.
struct Row {
    line: usize,
    fields: Vec<String>,
    raw: String,
}

impl Row {
    fn field(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.trim())
    }

    fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// Splits the file into rows with the csv crate (quotes, embedded
/// delimiters), keeping each row's line number and raw text.
fn rows(text: &str, delimiter: u8) -> Vec<Row> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().clone();
        match reader.read_record(&mut record) {
            Ok(true) => {}
            // A malformed quote is read as the csv crate sees fit; a record
            // that is not UTF-8 cannot happen (the text is a str).
            Ok(false) | Err(_) => break,
        }
        let end = reader.position().byte() as usize;
        let raw = text.get(start.byte() as usize..end.min(text.len())).unwrap_or("").trim_end().to_string();
        out.push(Row { line: start.line() as usize, fields: record.iter().map(String::from).collect(), raw });
    }
    out
}

/// Reads a statement, recognising its layout by its header.
pub fn parse(bytes: &[u8]) -> Result<Statement, StatementError> {
    let unknown = StatementError { line: None, problem: Problem::UnknownLayout };
    // The banks export UTF-8 or plain ASCII; a byte-order mark is dropped.
    let text = std::str::from_utf8(bytes).map_err(|_| unknown.clone())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_lines: Vec<&str> = text.lines().take(30).collect();
    let has = |needle: &str| first_lines.iter().any(|l| l.contains(needle));
    let statement = if has("TGL_TRAN") {
        bri(&rows(text, b';'))
    } else if has("Post Date") && has("Journal No") {
        bni(&rows(text, b','))
    } else if has("Account No") && has("Val. Date") {
        mandiri(&rows(text, b','))
    } else if first_lines.iter().any(|l| l.contains(';') && l.contains("Tanggal") && l.contains("Keterangan")) {
        mandiri_id(&rows(text, b';'))
    } else if has("Tanggal Transaksi") && has("Periode") {
        klik_bca(&rows(text, b','))
    } else {
        return Err(unknown);
    }?;
    if statement.entries.is_empty() {
        return Err(StatementError { line: None, problem: Problem::NoEntries });
    }
    Ok(statement)
}

/// The rows below the header whose first field matches `first`, up to a
/// blank row or the end; the header's index and its width.
fn body<'a>(rows: &'a [Row], is_header: impl Fn(&Row) -> bool) -> Result<(&'a Row, &'a [Row]), StatementError> {
    let start = rows.iter().position(is_header).ok_or(StatementError { line: None, problem: Problem::UnknownLayout })?;
    let rest = &rows[start + 1..];
    let end = rest.iter().position(Row::is_blank).unwrap_or(rest.len());
    Ok((&rows[start], &rest[..end]))
}

fn klik_bca(rows: &[Row]) -> Result<Statement, StatementError> {
    let mut account = None;
    let mut period = None;
    for row in rows.iter().take_while(|r| !r.field(0).starts_with("Tanggal Transaksi")) {
        let label = row.field(0).trim_end_matches(':').trim();
        let value = row.fields.get(1).map_or_else(|| label_value(row.field(0)), |v| v.trim().to_string());
        if label.starts_with("No. rekening") || label.starts_with("No. Rekening") {
            account = Some(value.trim_start_matches('\'').to_string());
        } else if label.starts_with("Periode") {
            let (from, to) = value.split_once('-').ok_or_else(|| at(row.line, Problem::BadDate(value.clone())))?;
            let from = day_month_year(from.trim(), true).ok_or_else(|| at(row.line, Problem::BadDate(from.trim().into())))?;
            let to = day_month_year(to.trim(), true).ok_or_else(|| at(row.line, Problem::BadDate(to.trim().into())))?;
            if to < from {
                return Err(at(row.line, Problem::BadDate(value.clone())));
            }
            period = Some((from, to));
        }
    }
    let (from, to) = period.ok_or(StatementError { line: None, problem: Problem::NoPeriod })?;
    let (_, body) = body(rows, |r| r.field(0).starts_with("Tanggal Transaksi"))?;
    let mut entries = Vec::new();
    // The footer (`Saldo Awal`, `Mutasi Kredit`, …, `Saldo Akhir`) ends the rows.
    for row in body.iter().take_while(|r| !r.field(0).starts_with("Saldo Awal")) {
        if row.fields.len() < 5 {
            return Err(at(row.line, Problem::MissingColumns));
        }
        let when = row.field(0).trim_start_matches('\'');
        let pending = when.eq_ignore_ascii_case("PEND");
        let date = if pending {
            to
        } else {
            let (day, month) = when.split_once('/').ok_or_else(|| at(row.line, Problem::BadDate(when.into())))?;
            let bad = || at(row.line, Problem::BadDate(when.into()));
            let day: u8 = day.parse().map_err(|_| bad())?;
            let month = month.parse::<u8>().ok().and_then(|m| Month::try_from(m).ok()).ok_or_else(bad)?;
            // No year: the period's, rolling over at year end.
            let date = Date::from_calendar_date(from.year(), month, day)
                .ok()
                .filter(|d| *d >= from)
                .or_else(|| Date::from_calendar_date(from.year() + 1, month, day).ok())
                .ok_or_else(bad)?;
            if date < from || date > to {
                return Err(at(row.line, Problem::OutsidePeriod(when.into())));
            }
            date
        };
        let amount = row.field(3);
        let amount_sen = amount_en(amount).ok_or_else(|| at(row.line, Problem::BadAmount(amount.into())))?;
        let direction = match row.field(4).to_ascii_uppercase().as_str() {
            "CR" => Direction::Credit,
            "DB" => Direction::Debit,
            _ => return Err(at(row.line, Problem::NoDirection)),
        };
        let balance = row.field(5);
        let balance_sen = if balance.is_empty() {
            None
        } else {
            Some(amount_en(balance).ok_or_else(|| at(row.line, Problem::BadAmount(balance.into())))?)
        };
        entries.push(Entry {
            line: row.line,
            date,
            pending,
            description: squeeze(row.field(1)),
            reference: String::new(),
            direction,
            amount_sen,
            balance_sen,
            raw: row.raw.clone(),
        });
    }
    Ok(Statement { layout: Layout::KlikBca, account, period: Some((from, to)), entries })
}

/// `No. rekening : 123` written in one field.
fn label_value(field: &str) -> String {
    field.split_once(':').map(|(_, v)| v.trim().to_string()).unwrap_or_default()
}

fn mandiri(rows: &[Row]) -> Result<Statement, StatementError> {
    let (header, body) = body(rows, |r| r.field(0) == "Account No")?;
    let col = |name: &str| header.fields.iter().position(|f| f.trim() == name);
    let (date_col, debit_col, credit_col) = match (col("Date"), col("Debit"), col("Credit")) {
        (Some(d), Some(db), Some(cr)) => (d, db, cr),
        _ => return Err(at(header.line, Problem::MissingColumns)),
    };
    // Two columns are both named Description: the text is both, joined.
    let descriptions: Vec<usize> =
        header.fields.iter().enumerate().filter(|(_, f)| f.trim() == "Description").map(|(i, _)| i).collect();
    let reference_col = col("Reference No.");
    let width = debit_col.max(credit_col) + 1;
    let mut account = None;
    let mut entries = Vec::new();
    for row in body {
        if row.fields.len() < width {
            return Err(at(row.line, Problem::MissingColumns));
        }
        account.get_or_insert_with(|| row.field(0).to_string());
        let date = day_month_year(row.field(date_col), false)
            .ok_or_else(|| at(row.line, Problem::BadDate(row.field(date_col).into())))?;
        let (direction, amount_sen) = debit_or_credit(row, debit_col, credit_col, amount_en)?;
        let description = descriptions.iter().map(|&i| squeeze(row.field(i))).filter(|d| !d.is_empty()).collect::<Vec<_>>();
        entries.push(Entry {
            line: row.line,
            date,
            pending: false,
            description: description.join(" "),
            reference: reference_col.map(|i| row.field(i).to_string()).unwrap_or_default(),
            direction,
            amount_sen,
            balance_sen: None,
            raw: row.raw.clone(),
        });
    }
    Ok(Statement { layout: Layout::Mandiri, account, period: None, entries })
}

fn mandiri_id(rows: &[Row]) -> Result<Statement, StatementError> {
    let is_header = |r: &Row| r.fields.iter().any(|f| f.trim() == "Keterangan") && r.field(0).starts_with("Tanggal");
    let (header, body) = body(rows, is_header)?;
    let col = |name: &str| header.fields.iter().position(|f| f.trim() == name);
    let (text_col, debit_col, credit_col) = match (col("Keterangan"), col("Debit"), col("Kredit")) {
        (Some(t), Some(db), Some(cr)) => (t, db, cr),
        _ => return Err(at(header.line, Problem::MissingColumns)),
    };
    let balance_col = col("Saldo");
    let account = rows
        .iter()
        .take_while(|r| r.line < header.line)
        .find(|r| r.field(0).starts_with("No. Rekening") || r.field(0).starts_with("Nomor Rekening"))
        .map(|r| r.fields.get(1).map_or_else(|| label_value(r.field(0)), |v| v.trim().to_string()));
    let width = debit_col.max(credit_col).max(text_col) + 1;
    let mut entries = Vec::new();
    for row in body {
        if row.fields.len() < width {
            return Err(at(row.line, Problem::MissingColumns));
        }
        let when = row.field(0);
        let date = indonesian_date(when).ok_or_else(|| at(row.line, Problem::BadDate(when.into())))?;
        let (direction, amount_sen) = debit_or_credit(row, debit_col, credit_col, amount_id)?;
        let balance_sen = match balance_col.map(|i| row.field(i)).filter(|b| !b.is_empty()) {
            Some(b) => Some(amount_id(b).ok_or_else(|| at(row.line, Problem::BadAmount(b.into())))?),
            None => None,
        };
        entries.push(Entry {
            line: row.line,
            date,
            pending: false,
            description: squeeze(row.field(text_col)),
            reference: String::new(),
            direction,
            amount_sen,
            balance_sen,
            raw: row.raw.clone(),
        });
    }
    Ok(Statement { layout: Layout::MandiriId, account, period: None, entries })
}

fn bni(rows: &[Row]) -> Result<Statement, StatementError> {
    let (header, body) = body(rows, |r| r.field(0) == "Post Date")?;
    let col = |name: &str| header.fields.iter().position(|f| f.trim() == name);
    let (text_col, debit_col, credit_col) = match (col("Description"), col("Debit"), col("Credit")) {
        (Some(t), Some(db), Some(cr)) => (t, db, cr),
        _ => return Err(at(header.line, Problem::MissingColumns)),
    };
    let journal_col = col("Journal No.");
    let balance_col = col("Balance");
    let account = rows
        .iter()
        .take_while(|r| r.line < header.line)
        .find(|r| ["Account No", "Account Number", "No. Rekening"].iter().any(|l| r.field(0).starts_with(l)))
        .map(|r| r.fields.get(1).map_or_else(|| label_value(r.field(0)), |v| v.trim().trim_start_matches('\'').to_string()));
    let width = debit_col.max(credit_col).max(text_col) + 1;
    let mut entries = Vec::new();
    for row in body {
        if row.fields.len() < width {
            return Err(at(row.line, Problem::MissingColumns));
        }
        // `dd/mm/yy HH.MM.SS`: the day is what counts.
        let when = row.field(0);
        let day = when.split_whitespace().next().unwrap_or("");
        let date = day_month_year(day, false).ok_or_else(|| at(row.line, Problem::BadDate(when.into())))?;
        let (direction, amount_sen) = debit_or_credit(row, debit_col, credit_col, amount_en)?;
        let balance_sen = match balance_col.map(|i| row.field(i)).filter(|b| !b.is_empty()) {
            Some(b) => Some(amount_en(b).ok_or_else(|| at(row.line, Problem::BadAmount(b.into())))?),
            None => None,
        };
        entries.push(Entry {
            line: row.line,
            date,
            pending: false,
            description: squeeze(row.field(text_col)),
            reference: journal_col.map(|i| row.field(i).to_string()).unwrap_or_default(),
            direction,
            amount_sen,
            balance_sen,
            raw: row.raw.clone(),
        });
    }
    Ok(Statement { layout: Layout::Bni, account, period: None, entries })
}

fn bri(rows: &[Row]) -> Result<Statement, StatementError> {
    let (header, body) = body(rows, |r| r.field(0) == "TGL_TRAN")?;
    let col = |name: &str| header.fields.iter().position(|f| f.trim() == name);
    let (text_col, debit_col, credit_col) = match (col("DESK_TRAN"), col("MUTASI_DEBET"), col("MUTASI_KREDIT")) {
        (Some(t), Some(db), Some(cr)) => (t, db, cr),
        _ => return Err(at(header.line, Problem::MissingColumns)),
    };
    let balance_col = col("SALDO_AKHIR_MUTASI");
    let account_col = col("NOREK");
    let width = debit_col.max(credit_col).max(text_col) + 1;
    let mut account = None;
    let mut entries = Vec::new();
    for row in body {
        if row.fields.len() < width {
            return Err(at(row.line, Problem::MissingColumns));
        }
        let when = row.field(0);
        let date = any_numeric_date(when).ok_or_else(|| at(row.line, Problem::BadDate(when.into())))?;
        let (direction, amount_sen) = debit_or_credit(row, debit_col, credit_col, amount_en)?;
        let balance_sen = match balance_col.map(|i| row.field(i)).filter(|b| !b.is_empty()) {
            Some(b) => Some(amount_en(b).ok_or_else(|| at(row.line, Problem::BadAmount(b.into())))?),
            None => None,
        };
        if let Some(i) = account_col {
            account.get_or_insert_with(|| row.field(i).to_string());
        }
        entries.push(Entry {
            line: row.line,
            date,
            pending: false,
            description: squeeze(row.field(text_col)),
            reference: String::new(),
            direction,
            amount_sen,
            balance_sen,
            raw: row.raw.clone(),
        });
    }
    Ok(Statement { layout: Layout::Bri, account, period: None, entries })
}

/// One of a row's debit and credit columns holds the amount; the other is
/// empty or zero.
fn debit_or_credit(
    row: &Row,
    debit_col: usize,
    credit_col: usize,
    amount: fn(&str) -> Option<i64>,
) -> Result<(Direction, i64), StatementError> {
    let read = |i: usize| -> Result<i64, StatementError> {
        let text = row.field(i);
        if text.is_empty() {
            return Ok(0);
        }
        amount(text).ok_or_else(|| at(row.line, Problem::BadAmount(text.into())))
    };
    match (read(debit_col)?, read(credit_col)?) {
        (0, 0) => Err(at(row.line, Problem::NoAmount)),
        (debit, 0) => Ok((Direction::Debit, debit)),
        (0, credit) => Ok((Direction::Credit, credit)),
        _ => Err(at(row.line, Problem::DebitAndCredit)),
    }
}

/// `1,500,000.00`, `1500000.00`, `1500000`: thousands by commas, sen after
/// a dot. Negative or signed amounts are not amounts here (the column says
/// which way the money went).
fn amount_en(text: &str) -> Option<i64> {
    amount(text, ',', '.')
}

/// `1.500.000,00`: thousands by dots, sen after a comma.
fn amount_id(text: &str) -> Option<i64> {
    amount(text, '.', ',')
}

fn amount(text: &str, thousands: char, decimal: char) -> Option<i64> {
    let text = text.trim();
    let (whole, sen) = match text.split_once(decimal) {
        Some((whole, sen)) => (whole, sen),
        None => (text, ""),
    };
    // `.00` is how Mandiri and BNI write an empty column.
    let whole = if whole.is_empty() && !sen.is_empty() { "0" } else { whole };
    if whole.is_empty() || sen.len() > 2 || !sen.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Thousands separators only between groups of three digits.
    let groups: Vec<&str> = whole.split(thousands).collect();
    let grouped_right = groups.len() == 1
        || (!groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_right || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let whole: i64 = groups.concat().parse().ok()?;
    let sen: i64 = match sen.len() {
        0 => 0,
        1 => sen.parse::<i64>().ok()? * 10,
        _ => sen.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(sen)
}

/// `dd/mm/yyyy`, or `dd/mm/yy` (20yy) unless `four_digits` is required.
fn day_month_year(text: &str, four_digits: bool) -> Option<Date> {
    let mut parts = text.trim().split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let year: i32 = match year.len() {
        4 => year.parse().ok()?,
        2 if !four_digits => 2000 + year.parse::<i32>().ok()?,
        _ => return None,
    };
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year, month, day.parse().ok()?).ok()
}

/// BRI's `TGL_TRAN`: `dd/mm/yy`, `dd/mm/yyyy` or `yyyy-mm-dd`, any time after it ignored.
fn any_numeric_date(text: &str) -> Option<Date> {
    let day = text.split_whitespace().next()?;
    if let Some((year, rest)) = day.split_once('-') {
        let (month, day) = rest.split_once('-')?;
        if year.len() != 4 {
            return None;
        }
        let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
        return Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok();
    }
    day_month_year(day, false)
}

/// `03 Des 2026` (Indonesian month names, full or short), a time after it ignored.
fn indonesian_date(text: &str) -> Option<Date> {
    let mut words = text.split_whitespace();
    let (day, month, year) = (words.next()?, words.next()?, words.next()?);
    let month = match month.to_lowercase().get(..3)? {
        "jan" => Month::January,
        "feb" => Month::February,
        "mar" => Month::March,
        "apr" => Month::April,
        "mei" => Month::May,
        "jun" => Month::June,
        "jul" => Month::July,
        "agu" | "agt" | "ags" => Month::August,
        "sep" => Month::September,
        "okt" => Month::October,
        "nov" => Month::November,
        "des" => Month::December,
        _ => return None,
    };
    if year.len() != 4 {
        return None;
    }
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// Runs of spaces (banks pad their descriptions) as one.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An open bank-transfer order as matching sees it: its total and the WIB
/// days it can be paid in (placed, and its payment expiry).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenTransfer {
    pub order_id: i64,
    pub total: i64,
    /// Instants as UTC epoch ms.
    pub placed_at: i64,
    pub expires_at: i64,
}

/// What one credit is against the open transfer orders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Exactly one open order has this total and could have been paid that day.
    Matched(i64),
    /// More than one could: staff choose; never confirmed by itself.
    Ambiguous(Vec<i64>),
    /// None could (or the credit has sen, or is still pending).
    Unmatched,
}

/// A credit's verdict: the exact total, booked on a WIB day within the
/// order's [placed, expiry] days (a bank books a transfer made at 23:59 on
/// that day, and a KlikBCA date has no time).
pub fn verdict(credit: &Entry, open: &[OpenTransfer]) -> Verdict {
    let Some(amount) = credit.whole_rupiah().filter(|_| credit.direction == Direction::Credit && !credit.pending) else {
        return Verdict::Unmatched;
    };
    let day = day_number(credit.date);
    let wib_day = |ms: i64| (ms + 7 * 3_600_000).div_euclid(86_400_000);
    let candidates: Vec<i64> = open
        .iter()
        .filter(|o| o.total == amount && wib_day(o.placed_at) <= day && day <= wib_day(o.expires_at))
        .map(|o| o.order_id)
        .collect();
    match candidates.as_slice() {
        [] => Verdict::Unmatched,
        [one] => Verdict::Matched(*one),
        _ => Verdict::Ambiguous(candidates),
    }
}

/// Days since 1970-01-01.
fn day_number(date: Date) -> i64 {
    i64::from(date.to_julian_day()) - 2_440_588
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(year: i32, month: u8, day: u8) -> Date {
        Date::from_calendar_date(year, Month::try_from(month).unwrap(), day).unwrap()
    }

    fn fixture(name: &str) -> Statement {
        let path = format!("{}/tests/statements/{name}", env!("CARGO_MANIFEST_DIR"));
        parse(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn credits(s: &Statement) -> Vec<(Date, i64)> {
        s.credits().map(|e| (e.date, e.amount_sen)).collect()
    }

    #[test]
    fn klikbca_dates_take_the_period_year_and_roll_over_at_year_end() {
        let s = fixture("klikbca.csv");
        assert_eq!(s.layout, Layout::KlikBca);
        assert_eq!(s.account.as_deref(), Some("0123456789"));
        assert_eq!(s.period, Some((day(2026, 12, 20), day(2027, 1, 5))));
        assert_eq!(
            credits(&s),
            vec![
                (day(2026, 12, 20), 25_012_300),
                (day(2026, 12, 31), 150_000_000),
                (day(2027, 1, 2), 37_504_100),
                (day(2027, 1, 5), 9_900_000),
            ]
        );
        let debit = s.entries.iter().find(|e| e.direction == Direction::Debit).unwrap();
        assert_eq!((debit.amount_sen, debit.balance_sen, debit.line), (1_000_000, Some(1_024_012_300), 10));
        // The pending row is the period's last day, and says it is pending.
        let pending: Vec<_> = s.entries.iter().filter(|e| e.pending).collect();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].balance_sen, None);
        assert!(pending[0].raw.starts_with("'PEND,TRSF E-BANKING CR 0501"));
        // Runs of spaces in the description are squeezed.
        assert!(s.entries[0].description.contains("WS95051 250123.00 BUDI"));
        assert_eq!(s.entries[0].whole_rupiah(), Some(250_123));
    }

    #[test]
    fn every_layout_reads_its_credits_and_debits() {
        for (file, layout) in [
            ("mandiri.csv", Layout::Mandiri),
            ("mandiri-id.csv", Layout::MandiriId),
            ("bni.csv", Layout::Bni),
            ("bri.csv", Layout::Bri),
        ] {
            let s = fixture(file);
            assert_eq!(s.layout, layout, "{file}");
            assert_eq!(
                credits(&s),
                vec![(day(2026, 12, 1), 25_012_300), (day(2026, 12, 2), 150_000_000)],
                "{file}"
            );
            let debits: Vec<i64> =
                s.entries.iter().filter(|e| e.direction == Direction::Debit).map(|e| e.amount_sen).collect();
            assert_eq!(debits, vec![1_250_000], "{file}");
        }
        let mandiri = fixture("mandiri.csv");
        assert_eq!(mandiri.account.as_deref(), Some("1370012345678"));
        assert_eq!(mandiri.entries[0].description, "TRANSFER DARI BUDI SANTOSO 250123");
        assert_eq!(mandiri.entries[0].reference, "99102345");
        assert_eq!(fixture("bni.csv").entries[2].reference, "941002");
        assert_eq!(fixture("bni.csv").account.as_deref(), Some("0987654321"));
        assert_eq!(fixture("mandiri-id.csv").entries[0].balance_sen, Some(1_025_012_300));
    }

    fn refused(text: &str) -> StatementError {
        parse(text.as_bytes()).expect_err("refused")
    }

    const BCA_HEAD: &str = "No. rekening : ,'0123456789\nPeriode : ,01/02/2026 - 28/02/2026\n\nTanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo\n";

    #[test]
    fn a_row_that_cannot_be_read_refuses_the_whole_statement_with_its_line() {
        let good = "'02/02,TRSF CR,'0000,\"100,000.00\",CR,\"100,000.00\"\n";
        assert!(parse(format!("{BCA_HEAD}{good}").as_bytes()).is_ok());
        let bad_day = refused(&format!("{BCA_HEAD}{good}'31/02,TRSF CR,'0000,\"5.00\",CR,\"5.00\"\n"));
        assert_eq!(bad_day, StatementError { line: Some(6), problem: Problem::BadDate("31/02".into()) });
        let outside = refused(&format!("{BCA_HEAD}'01/03,TRSF CR,'0000,\"5.00\",CR,\"5.00\"\n"));
        assert_eq!(outside.problem, Problem::OutsidePeriod("01/03".into()));
        let no_direction = refused(&format!("{BCA_HEAD}'02/02,TRSF CR,'0000,\"5.00\",,\"5.00\"\n"));
        assert_eq!(no_direction.problem, Problem::NoDirection);
        let amount = refused(&format!("{BCA_HEAD}'02/02,TRSF CR,'0000,\"1,50,000.00\",CR,\n"));
        assert_eq!(amount.problem, Problem::BadAmount("1,50,000.00".into()));
        let negative = refused(&format!("{BCA_HEAD}'02/02,TRSF CR,'0000,-5.00,CR,\n"));
        assert_eq!(negative.problem, Problem::BadAmount("-5.00".into()));
        let no_period = refused("No. rekening : ,'1\nTanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo\n'02/02,X,'0,1.00,CR,1.00\n");
        assert_eq!(no_period.problem, Problem::UnknownLayout);
        let both = refused("TGL_TRAN;DESK_TRAN;MUTASI_DEBET;MUTASI_KREDIT;SALDO_AKHIR_MUTASI\n01/12/26;X;5.00;5.00;10.00\n");
        assert_eq!(both, StatementError { line: Some(2), problem: Problem::DebitAndCredit });
        let neither = refused("TGL_TRAN;DESK_TRAN;MUTASI_DEBET;MUTASI_KREDIT;SALDO_AKHIR_MUTASI\n01/12/26;X;0.00;;10.00\n");
        assert_eq!(neither.problem, Problem::NoAmount);
        let feb = refused("Post Date,Value Date,Branch,Journal No.,Description,Debit,Credit\n31/02/26 09.00.00,,1,2,X,.00,5.00\n");
        assert_eq!(feb, StatementError { line: Some(2), problem: Problem::BadDate("31/02/26 09.00.00".into()) });
        let short = refused("Tanggal;Keterangan;Debit;Kredit;Saldo\n01 Des 2026;X\n");
        assert_eq!(short.problem, Problem::MissingColumns);
        assert_eq!(refused("Post Date,Value Date,Branch,Journal No.,Description,Debit,Credit\n").problem, Problem::NoEntries);
        assert_eq!(refused("hello,world\n1,2\n").problem, Problem::UnknownLayout);
        assert_eq!(refused("").problem, Problem::UnknownLayout);
    }

    #[test]
    fn the_same_row_has_the_same_identity_in_an_overlapping_statement() {
        let first = fixture("klikbca.csv");
        let overlap = format!(
            "No. rekening : ,'0123456789\nPeriode : ,31/12/2026 - 10/01/2027\n\nTanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo\n{}\n",
            first.entries[2].raw
        );
        let second = parse(overlap.as_bytes()).unwrap();
        assert_eq!(second.entries[0].identity("0123456789"), first.entries[2].identity("0123456789"));
        assert_ne!(first.entries[1].identity("0123456789"), first.entries[2].identity("0123456789"));
    }

    #[test]
    fn a_credit_matches_the_one_open_order_with_its_total_in_its_days() {
        let s = fixture("klikbca.csv");
        let credit = |amount_sen: i64| s.credits().find(|e| e.amount_sen == amount_sen).unwrap();
        // 2026-12-20 00:00 WIB is 2026-12-19 17:00 UTC.
        let dec_20 = 1_797_699_600_000;
        let hours = |h: i64| h * 3_600_000;
        let order = |order_id, total, placed_at| OpenTransfer { order_id, total, placed_at, expires_at: placed_at + hours(24) };
        let open = [
            order(1, 250_123, dec_20 + hours(22)),
            order(2, 1_500_000, dec_20 + hours(24 * 11)),
            order(3, 1_500_000, dec_20 + hours(24 * 10 + 12)),
            order(4, 375_041, dec_20 + hours(24 * 14)),
        ];
        // Booked on the day the order was placed (late in the evening, WIB).
        assert_eq!(verdict(credit(25_012_300), &open), Verdict::Matched(1));
        // Two open orders with the same total whose days hold 31/12: never one of them by itself.
        assert_eq!(verdict(credit(150_000_000), &open), Verdict::Ambiguous(vec![2, 3]));
        // The order was placed after the credit was booked.
        assert_eq!(verdict(credit(37_504_100), &open), Verdict::Unmatched);
        // Pending, and no order has its total.
        assert_eq!(verdict(credit(9_900_000), &[order(5, 99_000, dec_20 + hours(24 * 15))]), Verdict::Unmatched);
        // A credit with sen never equals a whole-rupiah total.
        let mut odd = credit(25_012_300).clone();
        odd.amount_sen += 1;
        assert_eq!(verdict(&odd, &open), Verdict::Unmatched);
        // A debit of the same amount is not a payment.
        odd.amount_sen -= 1;
        odd.direction = Direction::Debit;
        assert_eq!(verdict(&odd, &open), Verdict::Unmatched);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = parse(&bytes);
        }

        #[test]
        fn arbitrary_rows_under_each_header_never_panic(
            layout in 0usize..5,
            rows in proptest::collection::vec("[0-9A-Za-z'/.,;: \"-]{0,60}", 0..8),
        ) {
            let head = [
                BCA_HEAD,
                "Account No,Date,Val. Date,Transaction Code,Description,Description,Reference No.,Debit,Credit\n",
                "Tanggal;Keterangan;Debit;Kredit;Saldo\n",
                "Post Date,Value Date,Branch,Journal No.,Description,Debit,Credit\n",
                "TGL_TRAN;DESK_TRAN;MUTASI_DEBET;MUTASI_KREDIT;SALDO_AKHIR_MUTASI\n",
            ][layout];
            let _ = parse(format!("{head}{}", rows.join("\n")).as_bytes());
        }
    }
}
