//! Security, hostile spreadsheets and CSV files read within bounded memory.
